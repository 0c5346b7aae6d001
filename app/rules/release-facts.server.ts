import { Op, type Transaction } from "sequelize";
import type { Database } from "../lib/db.server";
import { notFound } from "../lib/errors";
import { releaseBlock, type EscalationDecision, type EscalationState, type MemberDecision, type ReleaseFacts } from "../domain/workflow/index";

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

