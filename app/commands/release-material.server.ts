import { Op, type Transaction } from "sequelize";
import { lockRow, type Database } from "../lib/db.server";
import { InputError } from "../lib/errors";
import type { User } from "../../models/index";
import { requirePermission } from "../lib/permissions";
import {
  DECISION_LABELS,
  OBJECTION_DECISION_LABELS,
  decideRelease,
  releaseBlock,
  releaseSummary,
  released,
  type EscalationDecision,
  type ReleaseFacts,
  type ReleaseInput,
} from "../domain/workflow/index";
import { loadVisibleMaterial } from "../rules/material-access.server";
import { escalateComment } from "./escalate-comment.server";
import { loadReleaseFacts } from "../rules/release-facts.server";
import { applyEvents, orRefuse } from "./effects.server";
import { tellRequesters } from "./request-answers.server";

type Actor = Pick<User, "id" | "role" | "active" | "timeZone">;

/**
 * Marketing releases the latest version, or asks to release it over the committee's
 * objection (with a reason): the objection becomes a dispute escalated at once, and the
 * managers' overruling of it is the release.
 */
export async function releaseMaterial(database: Database, actor: Actor, materialId: number, at: Date, input: ReleaseInput = { overObjection: false }) {
  requirePermission(actor, "material:release");
  await loadVisibleMaterial(database, actor, materialId);
  return database.write(async (t) => {
    // One release (or objection) at a time per material: a double submit makes one.
    await lockRow(database, t, "materials", materialId);
    const facts = await loadReleaseFacts(database, materialId, t, actor.timeZone);
    const verdict = orRefuse(decideRelease(facts, input, actor));
    const changes = verdict.changes;
    if (changes.kind === "release") return applyRelease(database, t, facts, actor.id, at);
    const comment = await database.models.Comment.create(
      {
        materialId,
        versionId: facts.latest!.id,
        roundId: changes.roundId,
        parentId: null,
        kind: "objection",
        authorId: changes.authorId,
        page: null,
        x: null,
        y: null,
        category: "other",
        body: changes.body,
        state: "held",
        declineReason: changes.reason,
        answeredById: actor.id,
        answeredAt: at,
        createdAt: at,
        updatedAt: at,
      },
      { transaction: t },
    );
    await escalateComment(database, t, comment, at);
    const escalation = await database.models.Escalation.findOne({ where: { commentId: comment.id }, attributes: ["id", "decideBy", "level"], transaction: t });
    const me = await database.models.User.findByPk(actor.id, { attributes: ["name"], transaction: t });
    await applyEvents(database, t, verdict, actor.id, at, {
      material: { id: materialId, title: facts.title },
      comment: { body: changes.body, page: null, category: "other", kind: "objection", declineReason: changes.reason },
      marketer: me?.name,
      escalation: escalation ? { id: escalation.id, decideBy: escalation.decideBy, level: escalation.level } : undefined,
    });
    return "objection" as const;
  });
}

/**
 * The release itself: the latest version becomes the one the sales teams have, once
 * (a conditional update), and everyone in the target teams hears what is coming, with
 * what the committee and any manager decided.
 */
export async function applyRelease(database: Database, t: Transaction, facts: ReleaseFacts, actorId: number | null, at: Date) {
  const verdict = orRefuse(released(facts, actorId));
  const changes = verdict.changes as Extract<typeof verdict.changes, { kind: "release" }>;
  const [changed] = await database.models.Material.update(
    { status: "released", releasedVersionId: changes.versionId, releasedAt: at, updatedAt: at },
    { where: { id: facts.materialId, [Op.or]: [{ releasedVersionId: null }, { releasedVersionId: { [Op.ne]: changes.versionId } }] }, transaction: t, silent: true },
  );
  if (changed !== 1) throw new InputError({ form: "This version has already been released." }, 409);
  const decided = await database.models.Escalation.findAll({
    where: { materialId: facts.materialId, state: "decided" },
    include: [{ association: "comment", attributes: ["body", "kind", "versionId"] }],
    transaction: t,
  });
  const managerLines = decided
    .filter((e) => e.comment?.kind === "comment" && e.comment.versionId === facts.latest!.id)
    .map((e) => `The managers decided on "${e.comment!.body}": ${DECISION_LABELS[e.decision as EscalationDecision]}${e.note ? ` — ${e.note}` : ""}`);
  await applyEvents(database, t, verdict, actorId, at, {
    material: { id: facts.materialId, title: facts.title },
    release: { version: changes.versionNumber, lines: [...releaseSummary(facts, OBJECTION_DECISION_LABELS), ...managerLines] },
  });
  await tellRequesters(database, t, facts.materialId, facts.title, actorId, at);
  return "released" as const;
}
