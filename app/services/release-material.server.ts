import { Op, type Transaction } from "sequelize";
import { lockRow, type Database } from "../lib/db.server";
import { InputError, notFound } from "../lib/errors";
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
  type EscalationState,
  type MemberDecision,
  type ReleaseFacts,
  type ReleaseInput,
} from "../domain/workflow";
import { loadVisibleMaterial } from "./material-access.server";
import { escalateComment } from "./escalate-comment.server";
import { applyEvents, orRefuse } from "./workflow-effects.server";

type Actor = Pick<User, "id" | "role" | "active" | "timeZone">;

/** Everything the release rules look at, for the material's latest version. */
export async function loadReleaseFacts(database: Database, materialId: number, t?: Transaction, timeZone = "UTC"): Promise<ReleaseFacts> {
  const { models } = database;
  const material = await models.Material.findByPk(materialId, {
    include: [{ association: "targets", include: [{ association: "team", attributes: ["id", "name"] }] }],
    transaction: t,
  });
  if (!material) notFound("material");
  const teams = (material.targets ?? []).map((m) => ({ id: m.teamId, name: m.team?.name ?? "" }));
  // One after another: inside a transaction they share one connection.
  const latest = await models.MaterialVersion.findOne({ where: { materialId }, order: [["number", "DESC"]], attributes: ["id", "number"], transaction: t });
  const releasedVersion = material.releasedVersionId ? await models.MaterialVersion.findByPk(material.releasedVersionId, { attributes: ["number"], transaction: t }) : null;
  const comments = await models.Comment.findAll({
    where: { materialId, parentId: null, state: { [Op.ne]: null } },
    attributes: ["id", "state", "kind", "roundId", "versionId", "body"],
    transaction: t,
  });
  const members = await models.TeamMembership.findAll({
    where: { teamId: { [Op.in]: teams.length ? teams.map((x) => x.id) : [-1] } },
    include: [{ association: "user", attributes: ["id", "active"] }],
    attributes: ["userId", "teamId"],
    transaction: t,
  });
  const rounds = latest
    ? await models.PreviewRound.findAll({
        where: { versionId: latest.id },
        include: [{ association: "decisions", include: [{ association: "user", attributes: ["id", "name"] }] }],
        order: [["id", "ASC"]],
        transaction: t,
      })
    : [];
  const escalations = comments.length
    ? await models.Escalation.findAll({ where: { commentId: { [Op.in]: comments.map((c) => c.id) } }, attributes: ["id", "commentId", "state", "decision", "note", "level"], transaction: t })
    : [];
  const escalationOf = new Map(escalations.map((e) => [e.commentId, e]));
  const latestRoundIds = new Set(rounds.map((r) => r.id));
  const objectionComment = comments.find((c) => c.kind === "objection" && c.roundId !== null && latestRoundIds.has(c.roundId));
  const objection = objectionComment ? escalationOf.get(objectionComment.id) : undefined;
  return {
    materialId,
    title: material.title,
    latest: latest ? { id: latest.id, number: latest.number } : null,
    releasedVersionNumber: releasedVersion?.number ?? null,
    teams,
    rounds: rounds.map((r) => ({
      id: r.id,
      teamId: r.teamId,
      state: r.state,
      dueAt: r.dueAt,
      decisions: (r.decisions ?? []).map((d) => ({ userId: d.userId, name: d.user?.name ?? "", decision: d.decision as MemberDecision, summary: d.summary ?? null })),
    })),
    // The objection of an earlier version is history; only the latest version's counts.
    comments: comments
      .filter((c) => c.kind === "comment" || c.id === objectionComment?.id)
      .map((c) => ({ state: c.state!, kind: c.kind, roundId: c.roundId ?? null, escalation: (escalationOf.get(c.id)?.state as EscalationState | undefined) ?? null })),
    objection: objection
      ? { escalationId: objection.id, state: objection.state, decision: (objection.decision as EscalationDecision | null) ?? null, note: objection.note ?? null, level: objection.level }
      : null,
    audience: [...new Set(members.filter((m) => m.user?.active).map((m) => m.userId))],
    timeZone,
    archived: material.archivedAt !== null && material.archivedAt !== undefined,
  };
}

/** Why the latest version cannot be released yet (and whether marketing may release over an objection), plus who would be told. */
export async function releaseStatus(database: Database, materialId: number, timeZone: string) {
  const facts = await loadReleaseFacts(database, materialId, undefined, timeZone);
  return { block: releaseBlock(facts), audience: facts.audience.length, teams: facts.teams.map((t) => t.name), version: facts.latest?.number ?? null };
}

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
  return "released" as const;
}
