import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Answers remembered for the length of one request. A page asks "who is signed in?" in the
 * layout's loader and again in its own, and Remix runs the two side by side: the second
 * question gets the first one's promise instead of a second database round trip.
 *
 * Only reads (GET and HEAD) remember anything: an action may change what the answer would
 * be (signing out, a deactivated account), and the loaders that run after it must see that.
 */
const store = new AsyncLocalStorage<Map<string, Promise<unknown>>>();

export function withRequestMemo<T>(method: string, fn: () => T): T {
  return method === "GET" || method === "HEAD" ? store.run(new Map(), fn) : fn();
}

export function memoized<T>(key: string, compute: () => Promise<T>): Promise<T> {
  const memo = store.getStore();
  if (!memo) return compute();
  let answer = memo.get(key) as Promise<T> | undefined;
  if (!answer) {
    answer = compute();
    memo.set(key, answer);
  }
  return answer;
}
