import { lockRow, type Database } from "../lib/db.server";
import { AppError, InputError, notFound } from "../lib/errors";
import type { Actor } from "../lib/permissions";
import { recordAudit } from "../lib/audit.server";
import { loadVisibleMaterial } from "../rules/material-access.server";
import { allow, notify } from "../domain/workflow/index";
import { OUTCOME_LABELS } from "../domain/feedback";
import type { FeedbackReplyInput } from "../schemas/feedback";
import { applyEvents } from "./effects.server";

/**
 * Who may answer in a feedback's thread, checked before the reply is read: 404 for material
 * the actor may not see or feedback not on it, 403 for anyone but marketing and its author.
 */
export async function requireFeedbackReplier(database: Database, actor: Actor, materialId: number, feedbackId: number) {
  const { material } = await loadVisibleMaterial(database, actor, materialId);
  const feedback = await database.models.FieldFeedback.findOne({ where: { id: feedbackId, materialId } });
  if (!feedback) notFound("feedback");
  if (actor.role !== "marketer" && feedback.authorId !== actor.id) {
    throw new AppError("forbidden", { message: "Marketing answers field feedback; of the field, only the rep who wrote it replies." });
  }
  return { material, feedback };
}

/**
 * Marketing answers field feedback in a thread under it; the rep who wrote it may reply
 * too. The feedback's author and everyone who wrote in the thread are told.
 */
export async function replyToFeedback(database: Database, actor: Actor, materialId: number, input: FeedbackReplyInput, at: Date) {
  const { material, feedback } = await requireFeedbackReplier(database, actor, materialId, input.feedbackId);
  const { models } = database;
  return database.write(async (t) => {
    // Replies under one feedback are ordered by its lock; a reply sent twice makes one.
    await lockRow(database, t, "materials", material.id);
    const last = await models.FeedbackReply.findOne({ where: { feedbackId: feedback.id }, order: [["id", "DESC"]], transaction: t });
    if (last && last.authorId === actor.id && last.body === input.body) throw new InputError({ body: "You have already posted this reply." }, 409);
    const reply = await models.FeedbackReply.create({ feedbackId: feedback.id, authorId: actor.id, body: input.body, createdAt: at }, { transaction: t });
    await recordAudit(database, t, { actorId: actor.id, action: "feedback.replied", entityType: "field_feedback", entityId: feedback.id, after: { replyId: reply.id }, at });
    const writers = await models.FeedbackReply.findAll({ where: { feedbackId: feedback.id }, attributes: ["authorId"], transaction: t });
    // One after another: a transaction's queries share one connection.
    const me = await models.User.findByPk(actor.id, { attributes: ["name"], transaction: t });
    const author = await models.User.findByPk(feedback.authorId, { attributes: ["name"], transaction: t });
    const segment = await models.CustomerSegment.findByPk(feedback.segmentId, { attributes: ["name"], transaction: t });
    await applyEvents(
      database,
      t,
      allow(null, [], notify("feedback_replied", { feedback_author: [feedback.authorId], thread: writers.map((w) => w.authorId) }, actor.id)),
      actor.id,
      at,
      {
        material: { id: material.id, title: material.title },
        actor: me?.name,
        feedback: { id: feedback.id, outcome: OUTCOME_LABELS[feedback.outcome], segment: segment?.name ?? "", page: feedback.page ?? null, body: feedback.body, author: author?.name ?? "A rep" },
        post: { text: input.body, isReply: true },
      },
    );
    return reply;
  });
}
