import { Op, type Transaction } from "sequelize";
import type { Comment, User } from "../../models/index";
import type { Database } from "../lib/db.server";
import { recordAudit } from "../lib/audit.server";
import { teamCalendar } from "../lib/calendar.server";
import { queueEmail } from "../lib/email.server";
import { addBusinessTime, formatDeadline, windowMs, DEFAULT_WINDOW } from "../domain/business-time";
import { COMMENT_CATEGORY_LABELS } from "../domain/materials";

/** How long managers have to decide, at each level. */
export const DECIDE_WINDOW = DEFAULT_WINDOW;

export type Side = "sales" | "marketing" | "both";

/**
 * The managers an escalation goes to at the next level: each side's current manager's own
 * manager. A side already at the top of its chain stays with the same person.
 */
export function nextAssignees(current: { userId: number; side: Side }[], managerOf: (userId: number) => number | null) {
  const next = current.map((a) => ({ side: a.side, userId: managerOf(a.userId) ?? a.userId, moved: managerOf(a.userId) !== null }));
  return { assignees: dedupe(next), moved: next.some((n) => n.moved) };
}

export function dedupe(list: { userId: number; side: Side }[]) {
  const byUser = new Map<number, Side>();
  for (const a of list) byUser.set(a.userId, byUser.has(a.userId) && byUser.get(a.userId) !== a.side ? "both" : a.side);
  return [...byUser].map(([userId, side]) => ({ userId, side }));
}

/**
 * Puts a dispute before the managers of both sides: the commenter's manager and the
 * manager of the marketer who declined (once, when it is the same person). Claimed with
 * a conditional update on the comment, so it happens once however often it is attempted.
 */
export async function escalateComment(database: Database, t: Transaction, comment: Comment, at: Date): Promise<boolean> {
  const { models } = database;
  const [claimed] = await models.Comment.update(
    { escalatedAt: at, escalateAt: null },
    { where: { id: comment.id, escalatedAt: null, state: { [Op.in]: ["held", "declined"] } }, transaction: t },
  );
  if (claimed !== 1) return false;

  const commenter = await models.User.findByPk(comment.authorId, { transaction: t });
  const marketer = comment.answeredById ? await models.User.findByPk(comment.answeredById, { transaction: t }) : null;
  const level1 = dedupe(
    [
      commenter?.reportsToId ? { userId: commenter.reportsToId, side: "sales" as Side } : null,
      marketer?.reportsToId ? { userId: marketer.reportsToId, side: "marketing" as Side } : null,
    ].filter((a): a is { userId: number; side: Side } => a !== null),
  );
  const round = comment.roundId ? await models.PreviewRound.findByPk(comment.roundId, { transaction: t }) : null;
  const calendar = round ? await teamCalendar(database, round.teamId, t) : { timeZone: "UTC", holidays: new Set<string>() };
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
  for (const a of level1) {
    await models.EscalationAssignee.create({ escalationId: escalation.id, userId: a.userId, level: 1, side: a.side }, { transaction: t });
  }
  await recordAudit(database, t, {
    actorId: null,
    action: "escalation.created",
    entityType: "escalation",
    entityId: escalation.id,
    after: { commentId: comment.id, level: 1, assignees: level1.map((a) => a.userId), decideBy: decideBy.toISOString() },
    at,
  });
  const managers = await models.User.findAll({ where: { id: { [Op.in]: level1.map((a) => a.userId) } }, transaction: t });
  const material = await models.Material.findByPk(comment.materialId, { transaction: t });
  for (const manager of managers) {
    await queueEmail(database, t, manager, "escalation", escalationBrief(manager, comment, commenter, marketer, material?.title ?? "", escalation.id, decideBy, "raised"), at);
  }
  return true;
}

/** The brief managers read: the comment, where it is pinned, and both positions side by side. */
export function escalationBrief(
  reader: User,
  comment: Comment,
  commenter: User | null,
  marketer: User | null,
  title: string,
  escalationId: number,
  decideBy: Date,
  kind: "raised" | "moved",
) {
  return {
    subject: `${kind === "moved" ? "Escalation moved up to you" : "Escalation for your decision"}: ${title}`,
    lines: [
      kind === "moved"
        ? "A dispute was not decided in time at the level below and now comes to you."
        : "Sales and marketing disagree about a comment and did not settle it in time.",
      `Comment (${COMMENT_CATEGORY_LABELS[comment.category ?? "other"]}, ${comment.page ? `page ${comment.page}` : "whole document"}) by ${commenter?.name ?? "a committee member"}: ${comment.body}`,
      `Marketing's reason (${marketer?.name ?? "marketing"}): ${comment.declineReason ?? ""}`,
      `Please decide by ${formatDeadline(decideBy, reader.timeZone)}: uphold the comment (marketing changes it), overrule it (proceed as is), or write a compromise.`,
    ],
    link: `/escalations/${escalationId}`,
    linkLabel: "Read the brief and decide",
  };
}
