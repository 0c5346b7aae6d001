import { literal, Op, QueryTypes, type Transaction } from "sequelize";
import type { Database } from "../lib/db.server";
import { notFound } from "../lib/errors";
import type { EscalationFacts } from "../domain/workflow/index";

/**
 * An escalation with what the workflow needs to know about it: who is addressed now and
 * was ever, the two parties (the commenter, the marketer who answered, the owner), and the
 * open proposal at the current level.
 */
export async function loadEscalationFacts(database: Database, escalationId: number, t?: Transaction) {
  const { models } = database;
  const escalation = await models.Escalation.findByPk(escalationId, {
    include: [
      { association: "assignees", attributes: ["userId", "level", "side"] },
      { association: "proposals" },
    ],
    transaction: t,
  });
  if (!escalation) notFound("escalation");
  const comment = await models.Comment.findByPk(escalation.commentId, { transaction: t });
  const material = await models.Material.findByPk(escalation.materialId, { attributes: ["id", "title", "ownerId", "kind"], transaction: t });
  if (!comment || !material) notFound("escalation");
  const assignees = escalation.assignees ?? [];
  // On a committee's objection to a release, every member who requested changes is a party.
  const objectors =
    comment.kind === "objection"
      ? (
          await models.RoundDecision.findAll({
            where: { decision: "changes_requested", roundId: { [Op.in]: literal(`(SELECT id FROM preview_rounds WHERE "versionId" = ${Number(comment.versionId)})`) } },
            attributes: ["userId"],
            transaction: t,
          })
        ).map((d) => d.userId)
      : [];
  const open = (escalation.proposals ?? []).find((p) => p.state === "open" && p.level === escalation.level) ?? null;
  const facts: EscalationFacts = {
    id: escalation.id,
    state: escalation.state,
    level: escalation.level,
    addressedNow: assignees.filter((a) => a.level === escalation.level).map((a) => a.userId),
    everAddressed: [...new Set(assignees.map((a) => a.userId))],
    parties: [...new Set([comment.authorId, comment.answeredById, material.ownerId, ...objectors].filter((id): id is number => typeof id === "number"))],
    openProposal: open ? { id: open.id, proposedById: open.proposedById, decision: open.decision, note: open.note } : null,
  };
  return { escalation, comment, material, facts };
}

/**
 * Whether `userId` was addressed by an escalation of a comment on this version: such a
 * manager reads the pinned page even when the material is another team's.
 */
export async function addressedOnVersion(database: Database, userId: number, versionId: number): Promise<boolean> {
  const rows = await database.sequelize.query<{ id: number }>(
    `SELECT e.id FROM escalations e JOIN comments c ON c.id = e."commentId" JOIN escalation_assignees a ON a."escalationId" = e.id
     WHERE c."versionId" = :versionId AND a."userId" = :userId LIMIT 1`,
    { replacements: { versionId, userId }, type: QueryTypes.SELECT },
  );
  return rows.length > 0;
}
