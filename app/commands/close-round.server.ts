import { Op, QueryTypes, type Transaction } from "sequelize";
import type { PreviewRound } from "../../models/index";
import { execute, type Database } from "../lib/db.server";
import { LATE_DECLINE_GRACE_MS, decideCloseRound, decisionLabel, previewStatus, type MemberDecision } from "../domain/workflow/index";
import { addBusinessTime } from "../domain/business-time";
import { escalateClaimed, type Dispute } from "./escalate-comment.server";
import { Effects } from "./effects.server";

interface CloseContext {
  title: string;
  ownerId: number;
  status: string;
  team: string;
  timeZone: string;
  holidays: string | null;
  submitterId: number;
  submitterName: string;
  submitterEmail: string;
  submitterTimeZone: string;
  submitterActive: boolean | number;
  openRounds: number | string;
  disputes: number | string;
  unanswered: number | string;
  /** JSON text on SQLite, parsed already by the PostgreSQL driver. */
  decisions: string | { userId: number; name: string; decision: MemberDecision; summary: string | null }[] | null;
}

/**
 * Closes a round — because every member decided, or because `dueAt` passed — with a
 * conditional update, so only one caller ever closes it. Members who did not decide are
 * recorded as "no objection by deadline"; the marketer gets the committee's summary; every
 * dispute still open escalates; a comment marketing has not answered gets one business day
 * more. What the close needs is read in one statement and what it causes is written in
 * bulk (`npm run bench:sweep` counts the statements per closed round).
 */
export async function closeRound(database: Database, t: Transaction, round: PreviewRound, at: Date, reason: "all_decided" | "deadline") {
  const { models, sequelize } = database;
  const closed = await execute(database, t, `UPDATE preview_rounds SET state = 'closed', "closedAt" = :at WHERE id = :id AND state = 'open'`, { at, id: round.id });
  if (closed !== 1) return false;
  const pg = database.dialect === "postgres";
  const holidays = pg ? `string_agg(h.date, ',')` : `group_concat(h.date, ',')`;
  // The committee's decisions come along as one JSON array, so the close reads in one statement.
  const member = pg
    ? `json_build_object('userId', d."userId", 'name', u.name, 'decision', d.decision, 'summary', d.summary)`
    : `json_object('userId', d."userId", 'name', u.name, 'decision', d.decision, 'summary', d.summary)`;
  const decisionsJson = pg
    ? `(SELECT json_agg(${member} ORDER BY d.id) FROM round_decisions d JOIN users u ON u.id = d."userId" WHERE d."roundId" = :roundId)`
    : `(SELECT json_group_array(json(m)) FROM (SELECT ${member} AS m FROM round_decisions d JOIN users u ON u.id = d."userId" WHERE d."roundId" = :roundId ORDER BY d.id))`;
  const [context] = await sequelize.query<CloseContext>(
    `SELECT m.title, m."ownerId", m.status, t.name AS team, t."timeZone",
       (SELECT ${holidays} FROM holidays h WHERE h."teamId" = t.id OR h."teamId" IS NULL) AS holidays,
       u.id AS "submitterId", u.name AS "submitterName", u.email AS "submitterEmail", u."timeZone" AS "submitterTimeZone", u.active AS "submitterActive",
       (SELECT COUNT(*) FROM preview_rounds r WHERE r."materialId" = m.id AND r.state = 'open') AS "openRounds",
       cc.disputes, cc.unanswered, ${decisionsJson} AS decisions
     FROM materials m, sales_teams t, users u,
       (SELECT COALESCE(SUM(CASE WHEN c.state IN ('held', 'declined') THEN 1 ELSE 0 END), 0) AS disputes,
               COALESCE(SUM(CASE WHEN c.state = 'open' THEN 1 ELSE 0 END), 0) AS unanswered
        FROM comments c WHERE c."roundId" = :roundId AND c."parentId" IS NULL AND c."escalatedAt" IS NULL) cc
     WHERE m.id = :materialId AND t.id = :teamId AND u.id = :submitterId`,
    { replacements: { roundId: round.id, materialId: round.materialId, teamId: round.teamId, submitterId: round.submittedById }, type: QueryTypes.SELECT, transaction: t },
  );
  const decisions: { userId: number; name: string; decision: MemberDecision; summary: string | null }[] =
    typeof context.decisions === "string" ? JSON.parse(context.decisions) : (context.decisions ?? []);
  const verdict = decideCloseRound({ id: round.id, state: "open", closedAt: null, submittedById: round.submittedById, decisions }, reason);
  if (!verdict.ok) return false;
  const silent = new Set(verdict.changes.noObjection);
  if (silent.size) {
    await execute(database, t, `UPDATE round_decisions SET decision = 'no_objection', "decidedAt" = :at WHERE "roundId" = :id AND decision = 'pending'`, { at, id: round.id });
  }
  const effects = new Effects().know([
    { id: context.submitterId, name: context.submitterName, email: context.submitterEmail, timeZone: context.submitterTimeZone, active: Boolean(context.submitterActive) },
  ]);
  const lines = decisions.map((d) => `${d.name}: ${decisionLabel(silent.has(d.userId) ? "no_objection" : d.decision)}${d.summary ? ` — ${d.summary}` : ""}`);
  effects.add(verdict, null, at, { material: { id: round.materialId, title: context.title }, team: context.team, round: { reason, lines } });

  const calendar = { timeZone: context.timeZone, holidays: new Set((context.holidays ?? "").split(",").filter(Boolean)) };
  if (Number(context.unanswered) > 0) {
    // Marketing has one business day more to answer; unanswered then, the comment escalates.
    const escalateAt = addBusinessTime(at, LATE_DECLINE_GRACE_MS, calendar.timeZone, calendar.holidays);
    await models.Comment.update({ escalateAt }, { where: { roundId: round.id, parentId: null, state: "open", escalatedAt: null }, transaction: t });
  }
  if (Number(context.disputes) > 0) {
    // Disputes still open now escalate by themselves: claimed and read in one statement.
    const claimed = await sequelize.query<Dispute>(
      `UPDATE comments SET "escalatedAt" = :at, "escalateAt" = NULL
       WHERE "roundId" = :roundId AND "parentId" IS NULL AND state IN ('held', 'declined') AND "escalatedAt" IS NULL
       RETURNING id, "materialId", "roundId", "authorId", "answeredById", body, page, category, kind, "declineReason"`,
      { replacements: { at, roundId: round.id }, type: QueryTypes.SELECT, transaction: t },
    );
    await escalateClaimed(database, t, claimed, { title: context.title, ownerId: context.ownerId, ...calendar }, at, effects);
  }
  await effects.flush(database, t, at);
  // In preview while another round is open; closed once all are. A released material stays released.
  // This round has just closed, so at least one has.
  const status = previewStatus({ open: Number(context.openRounds), closed: 1 });
  if (context.status !== "released" && context.status !== status) {
    await execute(database, t, `UPDATE materials SET status = :status, "updatedAt" = :at WHERE id = :id AND status <> 'released'`, { status, at, id: round.materialId });
  }
  return true;
}

/**
 * Sets a material's status from its rounds (previewStatus); a released material stays released.
 */
export async function refreshMaterialStatus(database: Database, t: Transaction, materialId: number, at: Date) {
  const rounds = await database.models.PreviewRound.findAll({ where: { materialId }, attributes: ["state"], transaction: t });
  const status = previewStatus({ open: rounds.filter((r) => r.state === "open").length, closed: rounds.filter((r) => r.state === "closed").length });
  await database.models.Material.update(
    { status, updatedAt: at },
    { where: { id: materialId, status: { [Op.ne]: "released" } }, transaction: t, silent: true },
  );
}
