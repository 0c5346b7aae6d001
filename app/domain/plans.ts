/** The yearly loop's vocabulary, shared by server and browser. */
export const DEVIATION_KINDS = ["goal_changed", "strategy_added", "strategy_dropped", "prospect_profile", "other"] as const;
export type DeviationKind = (typeof DEVIATION_KINDS)[number];

export const DEVIATION_KIND_LABELS: Record<DeviationKind, string> = {
  goal_changed: "A goal changed",
  strategy_added: "A strategy added",
  strategy_dropped: "A strategy dropped",
  prospect_profile: "A different prospect profile",
  other: "Another change",
};

/** Rows of the strategies table on the pre-plan form (blank rows are ignored). */
export const STRATEGY_ROWS = 6;

/** Years a pre-plan may be written for: this one and the next two. */
export function plannableYears(today: string): number[] {
  const year = Number(today.slice(0, 4));
  return [year, year + 1, year + 2];
}
