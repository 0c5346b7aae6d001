import { literal, Op } from "sequelize";
import { lockRow, type Database } from "../lib/db.server";
import { InputError, notFound } from "../lib/errors";
import type { User } from "../../models/index";
import { requirePermission } from "../lib/permissions";
import { recordAudit } from "../lib/audit.server";
import type { CommentFormInput } from "../schemas/material";
import { loadVisibleMaterial, mayComment } from "../rules/material-access.server";
import { decideNewComment } from "../domain/workflow/index";
import { orRefuse } from "./effects.server";
import { checkMentions, mentionableOnMaterial } from "../rules/mentions.server";
import { tellThread } from "./tell-thread.server";

type Actor = Pick<User, "id" | "role" | "active" | "timeZone">;

/**
 * A committee member of one of the material's target teams comments on a version, in
 * their team's open round of it: pinned to a point on a page (which must exist in that
 * version) or on the whole document. Outside an open round the refusal says why.
 */
export async function addComment(database: Database, actor: Actor, materialId: number, input: CommentFormInput, at: Date) {
  requirePermission(actor, "comment:create");
  const access = await loadVisibleMaterial(database, actor, materialId);
  const wholeTeam = access.material.kind === "annual_plan";
  const version = await database.models.MaterialVersion.findOne({ where: { id: input.versionId, materialId } });
  if (!version) notFound("version");
  if (input.pin && input.pin.page > version.pageCount) {
    throw new InputError({
      page: `Version ${version.number} has ${version.pageCount} page${version.pageCount === 1 ? "" : "s"}; there is no page ${input.pin.page}.`,
    });
  }
  const mentioned = await checkMentions(database, input.body, () => mentionableOnMaterial(database, materialId), "body", "material");
  return database.write(async (t) => {
    const { models } = database;
    // The same form sent twice (a double click, a resend without JavaScript) makes one
    // comment. Locking the version makes the check hold on PostgreSQL too; SQLite's write
    // transactions already run one at a time.
    await lockRow(database, t, "material_versions", version.id);
    const seats = `SELECT "teamId" FROM team_memberships WHERE "userId" = ${Number(actor.id)}${wholeTeam ? "" : ` AND "isCommittee" = ${database.dialect === "postgres" ? "true" : "1"}`}`;
    // The rounds are read with a row lock, so a round closing at this moment closes either
    // before this comment (which is then refused) or after it (and takes it into account).
    const rounds = await models.PreviewRound.findAll({
      where: { versionId: version.id, teamId: { [Op.in]: literal(`(${seats})`) } },
      order: [["id", "DESC"]],
      transaction: t,
      lock: database.dialect === "postgres" ? t.LOCK.NO_KEY_UPDATE : undefined,
    });
    const newer = await models.MaterialVersion.findOne({ where: { materialId, number: { [Op.gt]: version.number } }, order: [["number", "DESC"]], attributes: ["number"], transaction: t });
    const open = rounds.find((r) => r.state === "open") ?? null;
    const ended = rounds.find((r) => r.state !== "open" && r.closedAt) ?? null;
    const verdict = orRefuse(
      decideNewComment(
        {
          versionNumber: version.number,
          mayComment: mayComment(access),
          openRound: open ? { id: open.id } : null,
          endedRound: ended ? { closedAt: ended.closedAt!, state: ended.state === "withdrawn" ? "withdrawn" : "closed" } : null,
          newerVersion: newer?.number ?? null,
          timeZone: actor.timeZone,
        },
        actor,
      ),
    );
    // The comment as written; the same one already open is a second press of "Post", not a new comment.
    const written = {
      versionId: version.id,
      parentId: null,
      authorId: actor.id,
      state: "open" as const,
      body: input.body,
      category: input.category,
      page: input.pin?.page ?? null,
      x: input.pin?.x ?? null,
      y: input.pin?.y ?? null,
      w: input.pin?.w ?? null,
      h: input.pin?.h ?? null,
    };
    const twin = await models.Comment.findOne({ where: written, transaction: t });
    if (twin) throw new InputError({ form: "You have already posted this comment." }, 409);
    const comment = await models.Comment.create(
      { ...written, materialId, roundId: verdict.changes.roundId, answeredById: null, createdAt: at, updatedAt: at },
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
    await tellThread(database, t, actor, access.material, { commentId: comment.id, text: input.body, where: "comment", page: comment.page, dueAt: open?.dueAt }, { owner: [access.material.ownerId] }, mentioned, at);
    return comment;
  });
}
