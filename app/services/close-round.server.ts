import { Op, type Transaction } from "sequelize";
import type { PreviewRound } from "../../models/index";
import type { Database } from "../lib/db.server";
import { LATE_DECLINE_GRACE_MS, decideCloseRound, decisionLabel, type MemberDecision } from "../domain/workflow";
import { addBusinessTime } from "../domain/business-time";
import { teamCalendar } from "../lib/calendar.server";
import { escalateComment } from "./escalate-comment.server";
import { applyEvents } from "./workflow-effects.server";

export { decisionLabel };

/**
 * Closes a round — because every member decided, or because `dueAt` passed — with a
 * conditional update, so only one caller ever closes it. Members who did not decide are
 * recorded as "no objection by deadline"; the marketer gets the committee's summary; and
 * every dispute still open escalates.
 */
export async function closeRound(database: Database, t: Transaction, round: PreviewRound, at: Date, reason: "all_decided" | "deadline") {
  const { models } = database;
  const [closed] = await models.PreviewRound.update({ state: "closed", closedAt: at }, { where: { id: round.id, state: "open" }, transaction: t });
  if (closed !== 1) return false;
  const decisions = await models.RoundDecision.findAll({ where: { roundId: round.id }, include: [{ association: "user", attributes: ["id", "name"] }], transaction: t });
  const verdict = decideCloseRound(
    { id: round.id, state: "open", closedAt: null, submittedById: round.submittedById, decisions: decisions.map((d) => ({ userId: d.userId, decision: d.decision as MemberDecision })) },
    reason,
  );
  if (!verdict.ok) return false;
  if (verdict.changes.noObjection.length) {
    await models.RoundDecision.update({ decision: "no_objection", decidedAt: at }, { where: { roundId: round.id, decision: "pending" }, transaction: t });
  }
  const [material, team, disputes] = await Promise.all([
    models.Material.findByPk(round.materialId, { attributes: ["id", "title"], transaction: t }),
    models.SalesTeam.findByPk(round.teamId, { attributes: ["id", "name"], transaction: t }),
    models.Comment.findAll({ where: { roundId: round.id, parentId: null, state: { [Op.in]: ["held", "declined", "open"] }, escalatedAt: null }, transaction: t }),
  ]);
  const lines = decisions.map((d) => {
    const decision = verdict.changes.noObjection.includes(d.userId) ? "no_objection" : d.decision;
    return `${d.user?.name}: ${decisionLabel(decision)}${d.summary ? ` — ${d.summary}` : ""}`;
  });
  await applyEvents(database, t, verdict, null, at, { material: { id: round.materialId, title: material?.title ?? "" }, team: team?.name, round: { reason, lines } });
  // Disputes on this round still open now escalate by themselves. A comment marketing has
  // not answered gets one business day more; unanswered then, it escalates too.
  const unanswered = disputes.filter((c) => c.state === "open");
  if (unanswered.length) {
    const calendar = await teamCalendar(database, round.teamId, t);
    const escalateAt = addBusinessTime(at, LATE_DECLINE_GRACE_MS, calendar.timeZone, calendar.holidays);
    await models.Comment.update({ escalateAt }, { where: { id: { [Op.in]: unanswered.map((c) => c.id) }, state: "open", escalatedAt: null }, transaction: t });
  }
  for (const comment of disputes) if (comment.state !== "open") await escalateComment(database, t, comment, at);
  await refreshMaterialStatus(database, t, round.materialId, at);
  return true;
}

/**
 * In preview while any round is open; closed once all are; a draft again when every
 * preview was withdrawn. A released material stays released.
 */
export async function refreshMaterialStatus(database: Database, t: Transaction, materialId: number, at: Date) {
  const rounds = await database.models.PreviewRound.findAll({ where: { materialId }, attributes: ["state"], transaction: t });
  const status = rounds.some((r) => r.state === "open") ? "in_preview" : rounds.some((r) => r.state === "closed") ? "closed" : "draft";
  await database.models.Material.update(
    { status, updatedAt: at },
    { where: { id: materialId, status: { [Op.ne]: "released" } }, transaction: t, silent: true },
  );
}
