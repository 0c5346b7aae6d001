/**
 * The only place that reads the system time. Services take `now` as an argument; routes
 * and jobs get it from here. Tests move time by passing their own `now`.
 */
export function now(): Date {
  return new Date();
}
