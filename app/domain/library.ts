/** The sales library's counting rules, shared by its loader and its page. */

/** The longest search text the library and the materials list take; longer is cut to it. */
export const MAX_SEARCH = 200;

/** Results are counted up to this many; beyond that people refine the search rather than page through. */
export const COUNT_CAP = 1000;
const CAP_TEXT = COUNT_CAP.toLocaleString("en");
/** How far past the start of the asked-for page results are counted. */
export const LOOKAHEAD = 100;

/**
 * What the library knows about the size of a result: `total` results were seen; when `exact`
 * is false there are more — past the lookahead, or past COUNT_CAP when `capped`.
 */
export interface LibraryCount {
  total: number;
  exact: boolean;
  capped: boolean;
  page: number;
  pages: number;
}

/** The line above the results: how many, and which page. */
export function countLine({ total, exact, capped, page, pages }: LibraryCount): string {
  if (total === 0) return "Nothing released matches.";
  if (exact) return `${total} released item${total === 1 ? "" : "s"}${pages > 1 ? `, page ${page} of ${pages}` : ""}`;
  if (capped) return `More than ${CAP_TEXT} released items, page ${page} of ${pages} — narrow the search to see the rest`;
  return `More than ${total} released items, page ${page}`;
}
