import { Op, type Transaction } from "sequelize";
import type { Escalation } from "../../models/index";
import type { Database } from "../lib/db.server";
import { recordAudit } from "../lib/audit.server";
import { addBusinessTime, windowMs } from "../domain/business-time";
import { allow, DECIDE_WINDOW, nextLevel, notify, type Side } from "../domain/workflow/index";
import { disputeCalendar } from "./escalate-comment.server";
import { applyEvents } from "./effects.server";

/** Who each person reports to, read once (on first use) and shared by the escalations of one sweep. */
export function chainOfCommand(database: Database) {
  let managerOf: Map<number, number | null> | null = null;
  return async (t: Transaction) => {
    if (!managerOf) {
      const people = await database.models.User.findAll({ attributes: ["id", "reportsToId"], transaction: t });
      managerOf = new Map(people.map((p) => [p.id, p.reportsToId ?? null]));
    }
    const chain = managerOf;
    return (id: number) => chain.get(id) ?? null;
  };
}

/**
 * An escalation not decided by `decideBy` moves one level up both chains, with its history
 * (the rules are the workflow's `nextLevel`): a conditional update on its level, so a
 * decision made at the same moment and a second sweep cannot both win. The people newly
 * addressed are asked to decide; those it leaves behind are told it moved on. With nobody higher on either chain it stays, flagged overdue.
 * Returns what happened, or null when someone else changed it first.
 */
export async function moveUpEscalation(database: Database, t: Transaction, escalation: Escalation, now: Date, chain: ReturnType<typeof chainOfCommand>) {
  const { models } = database;
  const managerOf = await chain(t);
  const assignees = await models.EscalationAssignee.findAll({ where: { escalationId: escalation.id }, attributes: ["userId", "level", "side"], transaction: t });
  const current = assignees.filter((a) => a.level === escalation.level).map((a) => ({ userId: a.userId, side: a.side as Side }));
  const next = nextLevel(current, [...new Set(assignees.map((a) => a.userId))], managerOf);
  if (next.overdue) {
    // Nobody higher on either chain: it stays, flagged overdue on the heads' and the admin's homes.
    const [flagged] = await models.Escalation.update(
      { overdue: true },
      { where: { id: escalation.id, state: "open", level: escalation.level, overdue: false }, transaction: t },
    );
    if (flagged !== 1) return null;
    await recordAudit(database, t, { actorId: null, action: "escalation.overdue", entityType: "escalation", entityId: escalation.id, after: { level: escalation.level }, at: now });
    return "flagged" as const;
  }
  const calendar = await disputeCalendar(database, t, escalation.roundId ?? null);
  const decideBy = addBusinessTime(now, windowMs(DECIDE_WINDOW), calendar.timeZone, calendar.holidays);
  const level = escalation.level + 1;
  const [claimed] = await models.Escalation.update({ level, decideBy }, { where: { id: escalation.id, state: "open", level: escalation.level }, transaction: t });
  if (claimed !== 1) return null;
  await models.EscalationAssignee.bulkCreate(
    next.assignees.map((a) => ({ escalationId: escalation.id, userId: a.userId, level, side: a.side })),
    { transaction: t },
  );
  const comment = await models.Comment.findByPk(escalation.commentId, { transaction: t });
  const people = await models.User.findAll({ where: { id: { [Op.in]: [comment!.authorId, comment!.answeredById ?? -1] } }, attributes: ["id", "name"], transaction: t });
  const material = await models.Material.findByPk(escalation.materialId, { attributes: ["id", "title"], transaction: t });
  const verdict = allow(
    null,
    [
      {
        action: "escalation.moved_up",
        entityType: "escalation",
        entityId: escalation.id,
        before: { level: escalation.level, assignees: current.map((a) => a.userId) },
        after: { level, assignees: next.assignees.map((a) => a.userId), decideBy: decideBy.toISOString() },
      },
    ],
    [
      ...notify("escalation_moved_up", { newly_addressed: next.newlyAddressed }, null),
      ...notify("escalation_moved_on", { previously_addressed: current.map((a) => a.userId).filter((id) => !next.assignees.some((n) => n.userId === id)) }, null),
    ],
  );
  await applyEvents(database, t, verdict, null, now, {
    material: { id: escalation.materialId, title: material?.title ?? "" },
    comment: { body: comment!.body, page: comment!.page, category: comment!.category, kind: comment!.kind, declineReason: comment!.declineReason ?? null },
    commenter: people.find((p) => p.id === comment!.authorId)?.name,
    marketer: people.find((p) => p.id === comment!.answeredById)?.name,
    escalation: { id: escalation.id, decideBy, level },
  });
  return "moved" as const;
}
