import { data } from "@remix-run/node";
import type { Database } from "../lib/db.server";
import { InputError } from "../lib/errors";
import type { Actor } from "../lib/permissions";
import { notFound, requirePermission } from "../lib/permissions.server";
import { recordAudit } from "../lib/audit.server";
import { transitionComment, type CommentAction } from "../domain/materials";
import { loadVisibleMaterial } from "./material-access.server";
import type { Transaction } from "sequelize";
import type { Comment } from "../../models/index";
import { queueEmail } from "../lib/email.server";
import { teamCalendar } from "../lib/calendar.server";
import { addBusinessTime } from "../domain/business-time";

const ONE_BUSINESS_DAY = 24 * 3_600_000;

/**
 * The commenter hears about a decline. A decline made after the comment's round closed
 * gets its own clock: one business day, then it escalates if still disputed.
 */
async function afterDecline(database: Database, t: Transaction, comment: Comment, reason: string, at: Date) {
  const { models } = database;
  const author = await models.User.findByPk(comment.authorId, { transaction: t });
  const material = await models.Material.findByPk(comment.materialId, { transaction: t });
  if (author) {
    await queueEmail(
      database,
      t,
      author,
      "comment_declined",
      {
        subject: `Marketing declined your comment on "${material?.title}"`,
        lines: [`Your comment: ${comment.body}`, `Marketing's reason: ${reason}`, "Withdraw it if the reason convinces you, or hold it: a held comment goes to your managers to decide."],
        link: `/materials/${comment.materialId}`,
        linkLabel: "Withdraw or hold",
      },
      at,
    );
  }
  const round = comment.roundId ? await models.PreviewRound.findByPk(comment.roundId, { transaction: t }) : null;
  if (round?.state === "closed") {
    const calendar = await teamCalendar(database, round.teamId, t);
    const escalateAt = addBusinessTime(at, ONE_BUSINESS_DAY, calendar.timeZone, calendar.holidays);
    await models.Comment.update({ escalateAt }, { where: { id: comment.id, escalatedAt: null }, transaction: t });
  }
}

type Answer = { commentId: number; answer: "accept" } | { commentId: number; answer: "decline"; reason: string };
type Settle = { commentId: number; settle: "withdraw" | "hold" };

/**
 * Marketing answers a comment: accept ("will change") or decline with a reason.
 * The change is a conditional update on the expected state, so two answers sent at once
 * (a double click, two marketers) leave exactly one.
 */
export async function answerComment(database: Database, actor: Actor, materialId: number, input: Answer, at: Date) {
  requirePermission(actor, "comment:answer");
  return changeCommentState(database, actor, materialId, input.commentId, input.answer, at, {
    declineReason: input.answer === "decline" ? input.reason : null,
    answeredById: actor.id,
    answeredAt: at,
  });
}

/** The commenter withdraws a declined comment (settled) or holds it (a dispute). */
export async function settleComment(database: Database, actor: Actor, materialId: number, input: Settle, at: Date) {
  return changeCommentState(database, actor, materialId, input.commentId, input.settle, at, { settledAt: at });
}

async function changeCommentState(
  database: Database,
  actor: Actor,
  materialId: number,
  commentId: number,
  action: CommentAction,
  at: Date,
  fields: Record<string, unknown>,
) {
  await loadVisibleMaterial(database, actor, materialId);
  return database.write(async (t) => {
    const comment = await database.models.Comment.findOne({ where: { id: commentId, materialId, parentId: null }, transaction: t });
    if (!comment || !comment.state) notFound("comment");
    const next = transitionComment({ state: comment.state, authorId: comment.authorId }, action, actor);
    if (!next.ok) {
      if (next.status === 403) throw data({ message: next.message }, { status: 403 });
      throw new InputError({ form: next.message }, next.status);
    }
    const [changed] = await database.models.Comment.update(
      { state: next.state, updatedAt: at, ...fields },
      { where: { id: comment.id, state: comment.state }, transaction: t },
    );
    if (changed !== 1) throw new InputError({ form: "Someone else changed this comment a moment ago. Reload to see it." }, 409);
    if (next.state === "declined") await afterDecline(database, t, comment, fields.declineReason as string, at);
    await recordAudit(database, t, {
      actorId: actor.id,
      action: next.event,
      entityType: "comment",
      entityId: comment.id,
      before: { state: comment.state },
      after: { state: next.state, ...(typeof fields.declineReason === "string" ? { reason: fields.declineReason } : {}) },
      at,
    });
    return next.state;
  });
}
