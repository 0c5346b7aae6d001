/** What the library records about released material. */
export const USAGE_KINDS = ["opened", "downloaded", "used", "page_seen"] as const;
export type UsageKind = (typeof USAGE_KINDS)[number];

/** A page counts as seen when at least this share of it (or of the screen) was visible … */
export const PAGE_SEEN_RATIO = 0.5;
/** … for this long without interruption. */
export const PAGE_SEEN_MS = 2_000;
/** The viewer sends the pages seen at most this often (and when the page is hidden or left). */
export const PAGE_REPORT_INTERVAL_MS = 10_000;
/** Page-view reports one person may send about one material per minute; more are refused with 429. */
export const PAGE_REPORTS_PER_MINUTE = 30;

export const MAX_ACCOUNT_LENGTH = 200;
export const MAX_USE_NOTE_LENGTH = 2_000;

/** One team and month of releases on the utilization table. */
export interface UtilizationRow {
  team: string;
  /** The month of the release (YYYY-MM, UTC). */
  month: string;
  released: number;
  /** Shares in %, of the materials whose 30 (90) days since release have passed; null when none has yet. */
  opened30: number | null;
  opened90: number | null;
  used30: number | null;
  used90: number | null;
  /** Released more than 90 days ago and never opened by a rep of the team. */
  neverOpened: number;
}
