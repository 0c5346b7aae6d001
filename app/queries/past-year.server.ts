import type { Database } from "../lib/db.server";
import { selectRows } from "../lib/db.server";
import { COMMENT_CATEGORY_LABELS, type CommentCategory } from "../domain/materials";
import { feedbackMix, type FeedbackMixRow } from "./feedback-mix.server";
import { monthReplacements } from "./release-metrics.server";
import { sqlDialect } from "./sql-dialect.server";
import { utilizationByTeamMonth, type UtilizationRow } from "./utilization.server";

export interface PastYear {
  /** The calendar year before the plan's. */
  year: number;
  utilization: UtilizationRow[];
  feedback: FeedbackMixRow[];
  openRequests: { total: number; rows: { need: string; neededBy: string; accepted: boolean }[] };
  escalations: { category: string; raised: number; decided: number }[];
}

const OPEN_REQUESTS_SHOWN = 10;

/**
 * A team's year before the plan year, for the pre-plan page: utilization per month of
 * release, the feedback mix, the requests still open (whenever they were made), and the
 * escalations raised that year by the category of the disputed comment. Team totals only:
 * no rep, requester or commenter is read.
 */
export async function pastYearOf(database: Database, teamId: number, planYear: number, now: Date): Promise<PastYear> {
  const year = planYear - 1;
  const filters = { teamId, from: `${year}-01`, to: `${year}-12` };
  const { month } = sqlDialect(database);
  const utilization = await utilizationByTeamMonth(database, [teamId], filters, now);
  const feedback = await feedbackMix(database, [teamId], filters);
  const requests = await selectRows<{ need: string; neededBy: string; state: string }>(
    database,
    `SELECT need, "neededBy", state FROM material_requests WHERE "teamId" = :teamId AND state IN ('open', 'accepted') ORDER BY "neededBy", id LIMIT ${OPEN_REQUESTS_SHOWN}`,
    { teamId },
  );
  const [{ n }] = await selectRows<{ n: number | string }>(database, `SELECT COUNT(*) AS n FROM material_requests WHERE "teamId" = :teamId AND state IN ('open', 'accepted')`, { teamId });
  const escalations = await selectRows<{ category: string | null; raised: number | string; decided: number | string }>(
    database,
    `SELECT c.category, COUNT(*) AS raised, SUM(CASE WHEN e.state = 'decided' THEN 1 ELSE 0 END) AS decided
     FROM escalations e
     LEFT JOIN comments c ON c.id = e."commentId"
     LEFT JOIN preview_rounds pr ON pr.id = e."roundId"
     WHERE ${month('e."createdAt"')} BETWEEN :from AND :to
       AND (pr."teamId" = :teamId OR (e."roundId" IS NULL AND EXISTS (SELECT 1 FROM material_teams mt WHERE mt."materialId" = e."materialId" AND mt."teamId" = :teamId)))
     GROUP BY c.category`,
    { ...monthReplacements([teamId], filters), teamId },
  );
  return {
    year,
    utilization,
    feedback,
    openRequests: { total: Number(n), rows: requests.map((r) => ({ need: r.need, neededBy: r.neededBy, accepted: r.state === "accepted" })) },
    escalations: escalations
      .map((e) => ({ category: COMMENT_CATEGORY_LABELS[e.category as CommentCategory] ?? "Round-level", raised: Number(e.raised), decided: Number(e.decided) }))
      .sort((a, b) => b.raised - a.raised || a.category.localeCompare(b.category)),
  };
}
