import { Op, type Transaction } from "sequelize";
import type { Comment } from "../../models/index";
import type { Database } from "../lib/db.server";
import { teamCalendar } from "../lib/calendar.server";
import { addBusinessTime, windowMs } from "../domain/business-time";
import { DECIDE_WINDOW, firstLevel, tell, allow } from "../domain/workflow";
import { applyEvents } from "./workflow-effects.server";

/** The calendar a dispute's clock runs in: its round's team's, or UTC. */
export async function disputeCalendar(database: Database, t: Transaction, roundId: number | null) {
  const round = roundId ? await database.models.PreviewRound.findByPk(roundId, { attributes: ["teamId"], transaction: t }) : null;
  return round ? teamCalendar(database, round.teamId, t) : { timeZone: "UTC", holidays: new Set<string>() };
}

/**
 * Puts a dispute before the managers of both sides: the commenter's manager and the
 * manager of the marketer who declined, or of the material's owner when marketing never
 * answered (once, when it is the same person). Claimed with
 * a conditional update on the comment, so it happens once however often it is attempted.
 */
export async function escalateComment(database: Database, t: Transaction, comment: Comment, at: Date): Promise<boolean> {
  const { models } = database;
  const [claimed] = await models.Comment.update(
    { escalatedAt: at, escalateAt: null },
    { where: { id: comment.id, escalatedAt: null, state: { [Op.in]: ["held", "declined", "open"] } }, transaction: t },
  );
  if (claimed !== 1) return false;

  const material = await models.Material.findByPk(comment.materialId, { attributes: ["id", "title", "ownerId"], transaction: t });
  // Marketing's side: whoever declined it, or — for a comment marketing never answered — the material's owner.
  const marketingId = comment.answeredById ?? material?.ownerId ?? -1;
  const [people, calendar] = await Promise.all([
    models.User.findAll({ where: { id: { [Op.in]: [comment.authorId, marketingId] } }, attributes: ["id", "name", "reportsToId"], transaction: t }),
    disputeCalendar(database, t, comment.roundId ?? null),
  ]);
  const commenter = people.find((p) => p.id === comment.authorId) ?? null;
  const marketer = people.find((p) => p.id === marketingId) ?? null;
  const level1 = firstLevel(
    commenter ? { id: commenter.id, reportsToId: commenter.reportsToId ?? null } : null,
    marketer ? { id: marketer.id, reportsToId: marketer.reportsToId ?? null } : null,
  );
  const decideBy = addBusinessTime(at, windowMs(DECIDE_WINDOW), calendar.timeZone, calendar.holidays);
  const escalation = await models.Escalation.create(
    {
      commentId: comment.id,
      materialId: comment.materialId,
      roundId: comment.roundId ?? null,
      level: 1,
      state: "open",
      decideBy,
      overdue: level1.length === 0,
      decidedById: null,
      createdAt: at,
    },
    { transaction: t },
  );
  if (level1.length) {
    await models.EscalationAssignee.bulkCreate(
      level1.map((a) => ({ escalationId: escalation.id, userId: a.userId, level: 1, side: a.side })),
      { transaction: t },
    );
  }
  const verdict = allow(
    null,
    [{ action: "escalation.created", entityType: "escalation", entityId: escalation.id, after: { commentId: comment.id, level: 1, assignees: level1.map((a) => a.userId), decideBy: decideBy.toISOString() } }],
    tell("escalation", level1.map((a) => a.userId), null),
  );
  await applyEvents(database, t, verdict, null, at, {
    material: { id: comment.materialId, title: material?.title ?? "" },
    comment: { body: comment.body, page: comment.page, category: comment.category, kind: comment.kind, declineReason: comment.declineReason ?? null },
    commenter: commenter?.name,
    marketer: marketer?.name,
    escalation: { id: escalation.id, decideBy, level: 1 },
  });
  return true;
}
