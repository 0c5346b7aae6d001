import { randomUUID } from "node:crypto";

/**
 * What an incoming X-Request-Id may be to be kept: up to 128 letters, digits and `-_.:+=/@`,
 * which covers UUIDs, the ids load balancers and tracing systems make (AWS's
 * `Root=1-…`, a hex trace id) and nothing that could break a log line or a header.
 */
const SANE = /^[A-Za-z0-9\-_.:+=/@]{1,128}$/;

/**
 * The id a request is known by in the logs and its X-Request-Id answer: the one a proxy in
 * front already gave it, when that is a sane token, so that one id follows the request
 * through every hop; otherwise (none, several, too long, spaces, control characters) a new
 * random UUID.
 */
export function requestIdFrom(header: string | string[] | undefined, generate: () => string = randomUUID): string {
  return typeof header === "string" && SANE.test(header) ? header : generate();
}
