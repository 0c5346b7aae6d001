import { data } from "@remix-run/node";
import { Op } from "sequelize";
import type { Database } from "../lib/db.server";
import { InputError } from "../lib/errors";
import type { Actor } from "../lib/permissions";
import { notFound, requirePermission } from "../lib/permissions.server";
import { recordAudit } from "../lib/audit.server";
import { queueEmail } from "../lib/email.server";
import type { EscalationDecision } from "../../models/Escalation";

export const DECISION_LABELS: Record<EscalationDecision, string> = {
  uphold: "Upheld: marketing changes it",
  overrule: "Overruled: proceed as is",
  compromise: "Compromise",
};

/**
 * A manager the escalation is addressed to (at its current level) decides it: uphold the
 * comment, overrule it, or a written compromise. Both sides hear the decision.
 */
export async function decideEscalation(
  database: Database,
  actor: Actor,
  escalationId: number,
  input: { decision: EscalationDecision; note: string },
  at: Date,
) {
  requirePermission(actor, "escalation:decide");
  if (input.decision === "compromise" && input.note.trim() === "") {
    throw new InputError({ note: "Write the compromise: what marketing will change, and what stays." });
  }
  return database.write(async (t) => {
    const { models } = database;
    const escalation = await models.Escalation.findByPk(escalationId, { transaction: t });
    if (!escalation) notFound("escalation");
    const addressed = await models.EscalationAssignee.count({ where: { escalationId, userId: actor.id, level: escalation.level }, transaction: t });
    if (addressed === 0) throw data({ message: "This escalation is not addressed to you." }, { status: 403 });
    if (escalation.state !== "open") throw new InputError({ form: "This escalation has already been decided." }, 409);
    const [changed] = await models.Escalation.update(
      { state: "decided", decision: input.decision, note: input.note || null, decidedById: actor.id, decidedAt: at },
      { where: { id: escalationId, state: "open", level: escalation.level }, transaction: t },
    );
    if (changed !== 1) throw new InputError({ form: "This escalation changed a moment ago. Reload to see it." }, 409);
    const comment = await models.Comment.findByPk(escalation.commentId, { transaction: t });
    await models.Comment.update({ state: "resolved", settledAt: at, updatedAt: at }, { where: { id: escalation.commentId }, transaction: t });
    await recordAudit(database, t, {
      actorId: actor.id,
      action: "escalation.decided",
      entityType: "escalation",
      entityId: escalationId,
      before: { state: "open", level: escalation.level },
      after: { decision: input.decision, note: input.note },
      at,
    });
    const material = await models.Material.findByPk(escalation.materialId, { transaction: t });
    const people = await models.User.findAll({
      where: { id: { [Op.in]: [comment!.authorId, comment!.answeredById ?? -1, material!.ownerId] } },
      transaction: t,
    });
    const manager = await models.User.findByPk(actor.id, { transaction: t });
    for (const person of people) {
      await queueEmail(
        database,
        t,
        person,
        "escalation_decided",
        {
          subject: `Decision on "${material!.title}": ${DECISION_LABELS[input.decision]}`,
          lines: [
            `${manager?.name} decided the disputed comment: ${comment!.body}`,
            `Decision: ${DECISION_LABELS[input.decision]}${input.note ? ` — ${input.note}` : ""}`,
          ],
          link: `/escalations/${escalationId}`,
          linkLabel: "See the decision",
        },
        at,
      );
    }
  });
}
