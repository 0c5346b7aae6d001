import { lockRow, type Database } from "../lib/db.server";
import { InputError, notFound } from "../lib/errors";
import type { Actor } from "../lib/permissions";
import { teamCalendar } from "../lib/working-calendar.server";
import { decideCommentAction, type CommentAction } from "../domain/workflow/index";
import { loadVisibleMaterial } from "../rules/material-access.server";
import { applyEvents, orRefuse } from "./effects.server";

/**
 * Loads the comment, its round and escalation, asks the workflow, and writes the answer
 * as a conditional update on the state it was read in: two answers sent at once (a double
 * click, two marketers) leave exactly one.
 */
export async function changeCommentState(database: Database, actor: Actor, materialId: number, commentId: number, action: CommentAction, at: Date, reason?: string) {
  const { material } = await loadVisibleMaterial(database, actor, materialId);
  return database.write(async (t) => {
    const { models } = database;
    const comment = await models.Comment.findOne({ where: { id: commentId, materialId, parentId: null }, transaction: t });
    if (!comment || !comment.state) notFound("comment");
    // The round's row is locked first, so its close and this answer happen one after the
    // other (PostgreSQL; SQLite's writes already do): the answer sees the round as it is.
    if (comment.roundId) await lockRow(database, t, "preview_rounds", comment.roundId);
    const round = comment.roundId ? await models.PreviewRound.findByPk(comment.roundId, { attributes: ["id", "state", "teamId"], transaction: t }) : null;
    const escalation = await models.Escalation.findOne({ where: { commentId: comment.id }, include: [{ association: "assignees", attributes: ["userId", "level"] }], transaction: t });
    // A withdrawn preview starts no clock: its comments wait for the next submission.
    const roundEnded = round !== null && round.state === "closed";
    const calendar = roundEnded ? await teamCalendar(database, round.teamId, t) : { timeZone: "UTC", holidays: new Set<string>() };
    const verdict = orRefuse(
      decideCommentAction(
        {
          id: comment.id,
          state: comment.state,
          kind: comment.kind,
          authorId: comment.authorId,
          answeredById: comment.answeredById,
          roundEnded,
          calendar,
          escalation: escalation
            ? { id: escalation.id, state: escalation.state, addressedNow: (escalation.assignees ?? []).filter((a) => a.level === escalation.level).map((a) => a.userId) }
            : null,
        },
        action,
        actor,
        at,
        { reason },
      ),
    );
    const { endEscalation, ...fields } = verdict.changes;
    // Conditional on the state and the escalation as read: a sweep escalating it meanwhile makes this a 409.
    const [changed] = await models.Comment.update(
      { ...fields, updatedAt: at },
      { where: { id: comment.id, state: comment.state, escalatedAt: comment.escalatedAt ?? null }, transaction: t },
    );
    if (changed !== 1) throw new InputError({ form: "Someone else changed this comment a moment ago. Reload to see it." }, 409);
    if (endEscalation) {
      const [ended] = await models.Escalation.update({ state: "withdrawn", decidedAt: at }, { where: { id: endEscalation, state: "open" }, transaction: t });
      if (ended !== 1) throw new InputError({ form: "The managers decided this a moment ago, so it can no longer be withdrawn. Reload to see their decision." }, 409);
    }
    const author = await models.User.findByPk(comment.authorId, { attributes: ["name"], transaction: t });
    const answeredById = fields.answeredById ?? comment.answeredById;
    const answeredBy = answeredById ? await models.User.findByPk(answeredById, { attributes: ["name"], transaction: t }) : null;
    await applyEvents(database, t, verdict, actor.id, at, {
      material: { id: material.id, title: material.title },
      comment: { body: comment.body, page: comment.page, category: comment.category, kind: comment.kind, declineReason: fields.declineReason ?? comment.declineReason ?? null },
      commenter: author?.name,
      marketer: answeredBy?.name,
      escalation: escalation ? { id: escalation.id, decideBy: escalation.decideBy, level: escalation.level } : undefined,
      ended: action === "accept" ? "accepted" : "withdrawn",
      post: { commentId: comment.id },
    });
    return verdict.changes.state;
  });
}
