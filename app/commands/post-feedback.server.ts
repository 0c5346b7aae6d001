import { Op } from "sequelize";
import { lockRow, type Database } from "../lib/db.server";
import { AppError, InputError } from "../lib/errors";
import { requirePermission, type Actor } from "../lib/permissions";
import { recordAudit } from "../lib/audit.server";
import { loadVisibleMaterial } from "../rules/material-access.server";
import { marketingHeadIds } from "../rules/plan-facts.server";
import { allow, notify } from "../domain/workflow/index";
import { OUTCOME_LABELS } from "../domain/feedback";
import type { FeedbackFormInput } from "../schemas/feedback";
import { applyEvents } from "./effects.server";

/**
 * Who may post feedback on this material now, checked before the form is read: the same
 * 404 as elsewhere for material the actor may not see, 403 for anyone but a sales rep of a
 * target team, 409 while the material is not in the library.
 */
export async function requireFeedbackPoster(database: Database, actor: Actor, materialId: number) {
  const access = await loadVisibleMaterial(database, actor, materialId);
  const refusedRole = "Only sales reps of the teams this material is for post feedback from the field.";
  requirePermission(actor, "feedback:post", undefined, refusedRole);
  if (!access.onTeam) throw new AppError("forbidden", { message: refusedRole });
  // In the library: released, and not archived since.
  if (access.material.releasedVersionId === null || access.material.archivedAt !== null) {
    throw new InputError({ form: "This material is not in the library (not released yet, or archived): feedback from the field is for released material." }, 409);
  }
  return access;
}

/**
 * A rep's feedback from the field on released material: only a sales rep (committee or
 * not) of one of its target teams, only while it is in the library, filed against the
 * released version and the rep's team, under an active segment and, if given, a page of
 * that version. The material's owner and the marketing head are told.
 */
export async function postFeedback(database: Database, actor: Actor, materialId: number, input: FeedbackFormInput, at: Date) {
  const { material, targetTeamIds } = await requireFeedbackPoster(database, actor, materialId);
  const { models } = database;
  const version = (await models.MaterialVersion.findByPk(material.releasedVersionId!, { attributes: ["id", "number", "pageCount"] }))!;
  if (input.page !== null && input.page > version.pageCount) {
    throw new InputError({ page: `Page ${input.page} does not exist: the released version has ${version.pageCount} page${version.pageCount === 1 ? "" : "s"}. Enter 1 to ${version.pageCount}, or leave it empty.` });
  }
  const membership = (await models.TeamMembership.findOne({
    where: { userId: actor.id, teamId: { [Op.in]: targetTeamIds } },
    attributes: ["teamId"],
    order: [["teamId", "ASC"]],
  }))!;
  return database.write(async (t) => {
    // The same feedback sent twice (a double click, a retried request) makes one.
    await lockRow(database, t, "materials", material.id);
    // Read in the transaction: a segment archived a moment ago is no longer taken.
    const segment = await models.CustomerSegment.findByPk(input.segmentId, { transaction: t });
    if (!segment) throw new InputError({ segmentId: "That segment does not exist: choose one from the list." });
    if (segment.archived) throw new InputError({ segmentId: `“${segment.name}” is archived: choose one of the segments in the list.` });
    const last = await models.FieldFeedback.findOne({ where: { materialId, authorId: actor.id }, order: [["id", "DESC"]], transaction: t });
    if (last && last.body === input.body && last.outcome === input.outcome) throw new InputError({ body: "You have already posted this feedback." }, 409);
    const feedback = await models.FieldFeedback.create(
      { materialId, versionId: version.id, authorId: actor.id, teamId: membership.teamId, outcome: input.outcome, segmentId: segment.id, body: input.body, page: input.page, createdAt: at, updatedAt: at },
      { transaction: t },
    );
    await recordAudit(database, t, {
      actorId: actor.id,
      action: "feedback.posted",
      entityType: "field_feedback",
      entityId: feedback.id,
      after: { materialId, versionId: version.id, teamId: membership.teamId, outcome: input.outcome, segmentId: segment.id, page: input.page },
      at,
    });
    const heads = await marketingHeadIds(database, t);
    const me = await models.User.findByPk(actor.id, { attributes: ["name"], transaction: t });
    await applyEvents(database, t, allow(null, [], notify("feedback_posted", { owner: [material.ownerId], marketing_head: [...heads] }, actor.id)), actor.id, at, {
      material: { id: material.id, title: material.title },
      actor: me?.name,
      feedback: { id: feedback.id, outcome: OUTCOME_LABELS[input.outcome], segment: segment.name, page: input.page, body: input.body, author: me?.name ?? "A rep" },
    });
    return feedback;
  });
}
