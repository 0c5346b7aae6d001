import { Op } from "sequelize";
import { lockRow, type Database } from "../lib/db.server";
import { InputError } from "../lib/errors";
import type { Actor } from "../lib/permissions";
import { decideEscalationAction, type EscalationAction } from "../domain/workflow/index";
import { loadEscalationFacts } from "../rules/escalation-facts.server";
import { requireVisibleEscalation } from "../rules/escalation-access.server";
import { applyRelease } from "./release-material.server";
import { loadReleaseFacts } from "../rules/release-facts.server";
import { applyEvents, orRefuse } from "./effects.server";

/**
 * A manager addressed at the escalation's current level acts on it: decides alone, or —
 * when two are addressed — proposes, counter-proposes, or agrees to the other's proposal.
 * A decision settles the comment; on a committee's objection to a release, overruling it
 * releases the material. Every change is a conditional update on the state it was read in.
 */
export async function actOnEscalation(database: Database, actor: Actor, escalationId: number, action: EscalationAction, at: Date) {
  await requireVisibleEscalation(database, actor, escalationId);
  return database.write(async (t) => {
    const { models } = database;
    // One action at a time on an escalation (PostgreSQL; SQLite's writes already are): two
    // first proposals at once, or an agreement and a counter-proposal, cannot both land.
    await lockRow(database, t, "escalations", escalationId);
    const { escalation, comment, material, facts } = await loadEscalationFacts(database, escalationId, t);
    const verdict = orRefuse(decideEscalationAction(facts, action, actor));
    const changes = verdict.changes;
    const stale = () => new InputError({ form: "This escalation changed a moment ago. Reload to see it." }, 409);
    if (changes.kind === "proposed") {
      if (changes.supersedes) {
        const [superseded] = await models.EscalationProposal.update(
          { state: "superseded", answeredById: actor.id, answeredAt: at },
          { where: { id: changes.supersedes, state: "open" }, transaction: t },
        );
        if (superseded !== 1) throw stale();
      }
      await models.EscalationProposal.create(
        { escalationId, level: escalation.level, proposedById: actor.id, decision: changes.decision, note: changes.note, state: "open", createdAt: at },
        { transaction: t },
      );
    } else {
      const [decided] = await models.Escalation.update(
        { state: "decided", decision: changes.decision, note: changes.note, decidedById: actor.id, decidedAt: at },
        { where: { id: escalationId, state: "open", level: escalation.level }, transaction: t },
      );
      if (decided !== 1) throw stale();
      if (changes.agreedProposalId) {
        const [agreed] = await models.EscalationProposal.update(
          { state: "agreed", answeredById: actor.id, answeredAt: at },
          { where: { id: changes.agreedProposalId, state: "open" }, transaction: t },
        );
        if (agreed !== 1) throw stale();
      }
      // Only a comment still in dispute becomes "decided": a withdrawal or an acceptance that won the race stays.
      const [settled] = await models.Comment.update(
        { state: "resolved", settledAt: at, updatedAt: at },
        { where: { id: comment.id, state: { [Op.in]: ["open", "declined", "held"] } }, transaction: t },
      );
      if (settled !== 1) throw stale();
    }
    const names = new Map(
      (await models.User.findAll({ where: { id: { [Op.in]: [comment.authorId, comment.answeredById ?? -1, actor.id] } }, attributes: ["id", "name"], transaction: t })).map((u) => [u.id, u.name]),
    );
    const [commenter, marketer, me] = [comment.authorId, comment.answeredById ?? -1, actor.id].map((id) => (names.has(id) ? { name: names.get(id)! } : null));
    await applyEvents(database, t, verdict, actor.id, at, {
      material: { id: material.id, title: material.title },
      comment: { body: comment.body, page: comment.page, category: comment.category, kind: comment.kind, declineReason: comment.declineReason ?? null },
      commenter: commenter?.name,
      marketer: marketer?.name,
      actor: me?.name,
      escalation: { id: escalation.id, decideBy: escalation.decideBy, level: escalation.level },
      decision: { decision: changes.decision, note: changes.note },
    });
    // Overruling the committee's objection is the release marketing asked for — of the
    // version objected to. Once a newer version exists, that one goes through its own preview.
    if (changes.kind === "decided" && comment.kind === "objection" && changes.decision === "overrule") {
      const release = await loadReleaseFacts(database, material.id, t);
      if (release.latest?.id === comment.versionId) await applyRelease(database, t, release, actor.id, at);
    }
    return changes.kind;
  });
}
