import type { Database } from "../lib/db.server";
import { selectRows } from "../lib/db.server";
import { OUTCOMES, type Outcome } from "../domain/feedback";
import type { MonthFilters } from "../schemas/filters";
import { monthReplacements } from "./release-metrics.server";
import { share, sqlDialect, toCsv } from "./sql-dialect.server";

export interface FeedbackMixRow {
  /** Null: every segment together (the mix by outcome). */
  segment: string | null;
  total: number;
  counts: Record<Outcome, number>;
  /** Of `total`, in %. */
  shares: Record<Outcome, number | null>;
}

/**
 * The field's feedback by outcome and by customer segment, over the feedback written in the
 * filtered months (UTC) by reps of the filtered teams: counts from one GROUP BY, shares of
 * each segment's total. Team totals: no author is read.
 */
export async function feedbackMix(database: Database, teamIds: number[], filters: MonthFilters): Promise<FeedbackMixRow[]> {
  const { month } = sqlDialect(database);
  const rows = await selectRows<{ segment: string; outcome: Outcome; n: number | string }>(
    database,
    `SELECT s.name AS segment, f.outcome, COUNT(*) AS n
     FROM field_feedback f JOIN customer_segments s ON s.id = f."segmentId"
     WHERE f."teamId" IN (:teamIds) AND ${month('f."createdAt"')} BETWEEN :from AND :to
     GROUP BY s.name, f.outcome`,
    monthReplacements(teamIds, filters),
  );
  const empty = () => Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  const bySegment = new Map<string | null, Record<Outcome, number>>([[null, empty()]]);
  for (const r of rows) {
    if (!(OUTCOMES as readonly string[]).includes(r.outcome)) continue;
    const counts = bySegment.get(r.segment) ?? empty();
    counts[r.outcome] += Number(r.n);
    bySegment.get(null)![r.outcome] += Number(r.n);
    bySegment.set(r.segment, counts);
  }
  return [...bySegment]
    .map(([segment, counts]) => {
      const total = OUTCOMES.reduce((t, o) => t + counts[o], 0);
      return { segment, total, counts, shares: Object.fromEntries(OUTCOMES.map((o) => [o, share(counts[o], total)])) as Record<Outcome, number | null> };
    })
    .sort((a, b) => (a.segment === null ? 1 : b.segment === null ? -1 : a.segment.localeCompare(b.segment)));
}

export function feedbackMixCsv(rows: FeedbackMixRow[]) {
  return toCsv(
    ["segment", "feedback", ...OUTCOMES.map((o) => o), ...OUTCOMES.map((o) => `${o}_pct`)],
    rows.map((r) => [r.segment ?? "All segments", r.total, ...OUTCOMES.map((o) => r.counts[o]), ...OUTCOMES.map((o) => r.shares[o])]),
  );
}
