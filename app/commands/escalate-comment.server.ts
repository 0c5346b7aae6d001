import { Op, QueryTypes, type Transaction } from "sequelize";
import type { Comment } from "../../models/index";
import { insertRow, insertRows, type Database } from "../lib/db.server";
import { teamCalendar } from "../lib/working-calendar.server";
import { addBusinessTime, windowMs, type Holidays } from "../domain/business-time";
import { DECIDE_WINDOW, firstLevel, notify, allow } from "../domain/workflow/index";
import { Effects, type KnownReader } from "./effects.server";
import type { CommentCategory, CommentKind } from "../domain/materials";

/** The calendar a dispute's clock runs in: its round's team's, or UTC. */
export async function disputeCalendar(database: Database, t: Transaction, roundId: number | null) {
  const round = roundId ? await database.models.PreviewRound.findByPk(roundId, { attributes: ["teamId"], transaction: t }) : null;
  return round ? teamCalendar(database, round.teamId, t) : { timeZone: "UTC", holidays: new Set<string>() };
}

/** What escalating a comment reads of it. */
export interface Dispute {
  id: number;
  materialId: number;
  roundId: number | null;
  authorId: number;
  answeredById: number | null;
  body: string;
  page: number | null;
  category: CommentCategory | null;
  kind: CommentKind;
  declineReason: string | null;
}

/** What escalating reads of the material and the team's calendar; the round's close has it already. */
export interface DisputeContext {
  title: string;
  ownerId: number;
  timeZone: string;
  holidays: Holidays;
}

/**
 * Puts disputes already claimed (their `escalatedAt` set by a conditional update) before
 * the managers of both sides: the commenter's manager and the manager of the marketer who
 * declined, or of the material's owner when marketing never answered (once, when it is the
 * same person). The people and their managers are read in one statement; what it causes
 * goes into `effects`.
 */
export async function escalateClaimed(database: Database, t: Transaction, disputes: Dispute[], context: DisputeContext, at: Date, effects: Effects) {
  if (disputes.length === 0) return;
  const sideIds = [...new Set(disputes.flatMap((d) => [d.authorId, d.answeredById ?? context.ownerId]))];
  // Both sides and their managers, in one statement.
  const people = await database.sequelize.query<{ id: number; name: string; email: string; timeZone: string; active: boolean | number; reportsToId: number | null }>(
    `SELECT id, name, email, "timeZone", active, "reportsToId" FROM users WHERE id IN (:ids) OR id IN (SELECT "reportsToId" FROM users WHERE id IN (:ids))`,
    { replacements: { ids: sideIds }, type: QueryTypes.SELECT, transaction: t },
  );
  const byId = new Map(people.map((p) => [p.id, p]));
  effects.know(people.map((p): KnownReader => ({ id: p.id, name: p.name, email: p.email, timeZone: p.timeZone, active: Boolean(p.active) })));
  const decideBy = addBusinessTime(at, windowMs(DECIDE_WINDOW), context.timeZone, context.holidays);
  const assignees: { escalationId: number; userId: number; level: number; side: string }[] = [];
  for (const d of disputes) {
    const commenter = byId.get(d.authorId) ?? null;
    const marketer = byId.get(d.answeredById ?? context.ownerId) ?? null;
    const level1 = firstLevel(
      commenter ? { id: commenter.id, reportsToId: commenter.reportsToId ?? null } : null,
      marketer ? { id: marketer.id, reportsToId: marketer.reportsToId ?? null } : null,
    );
    const escalation = {
      id: await insertRow(database, t, "escalations", { commentId: d.id, materialId: d.materialId, roundId: d.roundId, level: 1, state: "open", decideBy, overdue: level1.length === 0, createdAt: at }),
    };
    assignees.push(...level1.map((a) => ({ escalationId: escalation.id, userId: a.userId, level: 1, side: a.side })));
    const verdict = allow(
      null,
      [{ action: "escalation.created", entityType: "escalation", entityId: escalation.id, after: { commentId: d.id, level: 1, assignees: level1.map((a) => a.userId), decideBy: decideBy.toISOString() } }],
      notify("escalation", { newly_addressed: level1.map((a) => a.userId) }, null),
    );
    effects.add(verdict, null, at, {
      material: { id: d.materialId, title: context.title },
      comment: { body: d.body, page: d.page, category: d.category, kind: d.kind, declineReason: d.declineReason },
      commenter: commenter?.name,
      marketer: marketer?.name,
      escalation: { id: escalation.id, decideBy, level: 1 },
    });
  }
  await insertRows(database, t, "escalation_assignees", assignees);
}

/**
 * Escalates one dispute, claimed with a conditional update on the comment, so it happens
 * once however often it is attempted (a late decline's clock, an objection to a release).
 */
export async function escalateComment(database: Database, t: Transaction, comment: Comment, at: Date, effects?: Effects): Promise<boolean> {
  const { models } = database;
  const [claimed] = await models.Comment.update(
    { escalatedAt: at, escalateAt: null },
    { where: { id: comment.id, escalatedAt: null, state: { [Op.in]: ["held", "declined", "open"] } }, transaction: t },
  );
  if (claimed !== 1) return false;
  const material = await models.Material.findByPk(comment.materialId, { attributes: ["id", "title", "ownerId"], transaction: t });
  const calendar = await disputeCalendar(database, t, comment.roundId ?? null);
  const own = effects ?? new Effects();
  await escalateClaimed(
    database,
    t,
    [
      {
        id: comment.id,
        materialId: comment.materialId,
        roundId: comment.roundId ?? null,
        authorId: comment.authorId,
        answeredById: comment.answeredById ?? null,
        body: comment.body,
        page: comment.page,
        category: comment.category,
        kind: comment.kind,
        declineReason: comment.declineReason ?? null,
      },
    ],
    { title: material?.title ?? "", ownerId: material?.ownerId ?? -1, timeZone: calendar.timeZone, holidays: calendar.holidays },
    at,
    own,
  );
  if (!effects) await own.flush(database, t, at);
  return true;
}
