import { lockRow, type Database } from "../lib/db.server";
import { AppError, InputError, notFound } from "../lib/errors";
import type { User } from "../../models/index";
import { recordAudit } from "../lib/audit.server";
import { loadVisibleMaterial, mayComment } from "../rules/material-access.server";
import { checkMentions, mentionableOnMaterial } from "../rules/mentions.server";
import { tellThread } from "./tell-thread.server";

type Actor = Pick<User, "id" | "role" | "active" | "timeZone">;

/**
 * A reply in a comment's thread, by someone taking part: the commenter, marketing, or the
 * committee of a target team.
 */
export async function replyToComment(database: Database, actor: Actor, materialId: number, input: { commentId: number; body: string }, at: Date) {
  const access = await loadVisibleMaterial(database, actor, materialId);
  const parent = await database.models.Comment.findOne({ where: { id: input.commentId, materialId, parentId: null } });
  if (!parent) notFound("comment");
  const takesPart = actor.role === "marketer" || mayComment(access) || parent.authorId === actor.id;
  if (!takesPart) throw new AppError("forbidden", { message: "Only marketing and the committee take part in comment threads." });
  const mentioned = await checkMentions(database, input.body, () => mentionableOnMaterial(database, materialId), "body", "material");
  return database.write(async (t) => {
    // A reply sent twice makes one: refused when the thread's last reply is this one, by this person.
    await lockRow(database, t, "comments", parent.id);
    const last = await database.models.Comment.findOne({ where: { parentId: parent.id }, order: [["id", "DESC"]], transaction: t });
    if (last && last.authorId === actor.id && last.body === input.body) throw new InputError({ body: "You have already posted this reply." }, 409);
    const reply = await database.models.Comment.create(
      {
        materialId,
        versionId: parent.versionId,
        parentId: parent.id,
        authorId: actor.id,
        page: null,
        x: null,
        y: null,
        category: null,
        body: input.body,
        state: null,
        answeredById: null,
        createdAt: at,
        updatedAt: at,
      },
      { transaction: t },
    );
    await recordAudit(database, t, { actorId: actor.id, action: "comment.replied", entityType: "comment", entityId: parent.id, after: { replyId: reply.id }, at });
    const writers = await database.models.Comment.findAll({ where: { parentId: parent.id }, attributes: ["authorId"], transaction: t });
    await tellThread(
      database,
      t,
      actor,
      access.material,
      { commentId: parent.id, text: input.body, where: "reply", page: parent.page },
      { owner: [access.material.ownerId], thread: [parent.authorId, parent.answeredById, ...writers.map((w) => w.authorId)] },
      mentioned,
      at,
    );
    return reply;
  });
}
