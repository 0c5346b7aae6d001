import type { Database } from "../lib/db.server";

const CACHE_MS = 60_000;
const caches = new WeakMap<Database, Map<string, { at: number; value: Promise<unknown> }>>();

/**
 * A report as the metrics page and its CSV show it: computed at most once a minute per
 * report and filter (as the preview figures are), so that a room full of people opening the
 * page runs the aggregates once, and the CSV downloaded next holds the page's numbers.
 */
export function cachedReport<T>(database: Database, key: unknown[], now: Date, compute: () => Promise<T>): Promise<T> {
  let cache = caches.get(database);
  if (!cache) caches.set(database, (cache = new Map()));
  const id = JSON.stringify(key);
  const hit = cache.get(id);
  if (hit && now.getTime() - hit.at < CACHE_MS && now.getTime() >= hit.at) return hit.value as Promise<T>;
  const value = compute();
  cache.set(id, { at: now.getTime(), value });
  value.catch(() => cache.delete(id));
  if (cache.size > 500) cache.delete(cache.keys().next().value!);
  return value;
}
