import { literal, Op } from "sequelize";
import { lockRow, type Database } from "../lib/db.server";
import { InputError } from "../lib/errors";
import type { Actor } from "../lib/permissions";
import { notFound, requirePermission } from "../lib/permissions.server";
import { recordAudit } from "../lib/audit.server";
import type { CommentFormInput } from "../schemas/material";
import { loadVisibleMaterial, mayComment } from "./material-access.server";
import { data } from "@remix-run/node";

/**
 * A committee member of one of the material's target teams comments on a version: pinned
 * to a point on a page (which must exist in that version) or on the whole document.
 */
export async function addComment(database: Database, actor: Actor, materialId: number, input: CommentFormInput, at: Date) {
  requirePermission(actor, "comment:create");
  const access = await loadVisibleMaterial(database, actor, materialId);
  if (!mayComment(access)) {
    throw data({ message: "Only the committee of a team this material is aimed at can comment on it." }, { status: 403 });
  }
  const wholeTeam = access.material.kind === "annual_plan";
  const version = await database.models.MaterialVersion.findOne({ where: { id: input.versionId, materialId } });
  if (!version) notFound("version");
  if (input.pin && input.pin.page > version.pageCount) {
    throw new InputError({
      page: `Version ${version.number} has ${version.pageCount} page${version.pageCount === 1 ? "" : "s"}; there is no page ${input.pin.page}.`,
    });
  }
  return database.write(async (t) => {
    // The same form sent twice (a double click, a resend without JavaScript) makes one
    // comment. Locking the version makes the check hold on PostgreSQL too; SQLite's write
    // transactions already run one at a time.
    await lockRow(database, t, "material_versions", version.id);
    const twin = await database.models.Comment.findOne({
      where: {
        versionId: version.id,
        parentId: null,
        authorId: actor.id,
        state: "open",
        body: input.body,
        category: input.category,
        page: input.pin?.page ?? null,
        x: input.pin?.x ?? null,
        y: input.pin?.y ?? null,
      },
      transaction: t,
    });
    if (twin) throw new InputError({ form: "You have already posted this comment." }, 409);
    // The comment belongs to the open round of this version for the author's team, if any
    // (their committee's, or on an annual plan any team of theirs).
    const seats = `SELECT "teamId" FROM team_memberships WHERE "userId" = ${Number(actor.id)}${wholeTeam ? "" : ` AND "isCommittee" = ${database.dialect === "postgres" ? "true" : "1"}`}`;
    const round = await database.models.PreviewRound.findOne({
      where: { versionId: version.id, state: "open", teamId: { [Op.in]: literal(`(${seats})`) } },
      transaction: t,
    });
    const comment = await database.models.Comment.create(
      {
        materialId,
        versionId: version.id,
        roundId: round?.id ?? null,
        parentId: null,
        authorId: actor.id,
        page: input.pin?.page ?? null,
        x: input.pin?.x ?? null,
        y: input.pin?.y ?? null,
        category: input.category,
        body: input.body,
        state: "open",
        answeredById: null,
        createdAt: at,
        updatedAt: at,
      },
      { transaction: t },
    );
    await recordAudit(database, t, {
      actorId: actor.id,
      action: "comment.created",
      entityType: "comment",
      entityId: comment.id,
      after: { materialId, version: version.number, page: comment.page, category: comment.category },
      at,
    });
    return comment;
  });
}

/**
 * A reply in a comment's thread, by someone taking part: the commenter, marketing, or the
 * committee of a target team.
 */
export async function replyToComment(database: Database, actor: Actor, materialId: number, input: { commentId: number; body: string }, at: Date) {
  const access = await loadVisibleMaterial(database, actor, materialId);
  const parent = await database.models.Comment.findOne({ where: { id: input.commentId, materialId, parentId: null } });
  if (!parent) notFound("comment");
  const takesPart = actor.role === "marketer" || mayComment(access) || parent.authorId === actor.id;
  if (!takesPart) throw data({ message: "Only marketing and the committee take part in comment threads." }, { status: 403 });
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
    return reply;
  });
}
