import type { Database } from "../lib/db.server";
import { selectRows } from "../lib/db.server";
import type { MonthFilters } from "../schemas/filters";
import { monthReplacements } from "./release-metrics.server";
import { medianSql, round1, sqlDialect, toCsv } from "./sql-dialect.server";

export interface RequestStatsRow {
  /** Null: every team of the filters together. */
  team: string | null;
  opened: number;
  answered: number;
  declined: number;
  /** Still open or accepted (marketing on it). */
  waiting: number;
  medianDaysToAnswer: number | null;
  byExisting: number;
  byNew: number;
}

/**
 * Requests for material, per team and for all teams, over the requests opened in the
 * filtered months (UTC): how many were opened, answered by linking a material (one already
 * released, or one made for it), declined, or are still waiting, and the median days from
 * opening to answer (with their fraction; the mean of the two middle values for an even
 * count). Team totals: no requester is read.
 */
export async function requestStats(database: Database, teamIds: number[], filters: MonthFilters): Promise<RequestStatsRow[]> {
  const { month, elapsedDays } = sqlDialect(database);
  const rows = await selectRows<Record<string, number | string | null>>(
    database,
    `WITH r AS (
       SELECT "teamId" AS team, state, "answerKind" AS kind,
         CASE WHEN state = 'answered' AND "answeredAt" IS NOT NULL THEN ${elapsedDays('"createdAt"', '"answeredAt"')} END AS value
       FROM material_requests
       WHERE "teamId" IN (:teamIds) AND ${month('"createdAt"')} BETWEEN :from AND :to
     ),
     s AS (SELECT team AS group_key, state, kind, value FROM r UNION ALL SELECT -1 AS group_key, state, kind, value FROM r),
     med AS (${medianSql("s")}),
     counts AS (
       SELECT group_key, COUNT(*) AS opened,
         SUM(CASE WHEN state = 'answered' THEN 1 ELSE 0 END) AS answered,
         SUM(CASE WHEN state = 'declined' THEN 1 ELSE 0 END) AS declined,
         SUM(CASE WHEN state IN ('open', 'accepted') THEN 1 ELSE 0 END) AS waiting,
         SUM(CASE WHEN state = 'answered' AND kind = 'existing' THEN 1 ELSE 0 END) AS by_existing,
         SUM(CASE WHEN state = 'answered' AND kind = 'new' THEN 1 ELSE 0 END) AS by_new
       FROM s GROUP BY group_key
     )
     SELECT counts.*, med.median FROM counts LEFT JOIN med ON med.group_key = counts.group_key`,
    monthReplacements(teamIds, filters),
  );
  const teams = await selectRows<{ id: number; name: string }>(database, `SELECT id, name FROM sales_teams`);
  const name = new Map(teams.map((t) => [Number(t.id), t.name]));
  return rows
    .map((r) => ({
      team: Number(r.group_key) === -1 ? null : (name.get(Number(r.group_key)) ?? String(r.group_key)),
      opened: Number(r.opened),
      answered: Number(r.answered),
      declined: Number(r.declined),
      waiting: Number(r.waiting),
      medianDaysToAnswer: round1(r.median),
      byExisting: Number(r.by_existing),
      byNew: Number(r.by_new),
    }))
    .sort((a, b) => (a.team === null ? 1 : b.team === null ? -1 : a.team.localeCompare(b.team)));
}

export function requestStatsCsv(rows: RequestStatsRow[]) {
  return toCsv(
    ["team", "opened", "answered", "declined", "waiting", "median_days_to_answer", "answered_by_existing", "answered_by_new"],
    rows.map((r) => [r.team ?? "All teams", r.opened, r.answered, r.declined, r.waiting, r.medianDaysToAnswer, r.byExisting, r.byNew]),
  );
}
