import { Op } from "sequelize";
import { lockRow, type Database } from "../lib/db.server";
import { AppError, InputError } from "../lib/errors";
import type { Actor } from "../lib/permissions";
import { allow, decideEscalationAction, notify, seesBrief, type EscalationAction, type EscalationDecision } from "../domain/workflow/index";
import { checkMentions, mentionableOnEscalation } from "../rules/mentions.server";
import { loadEscalationFacts } from "../rules/escalation-facts.server";
import { loadVisibleMaterial } from "../rules/material-access.server";
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

/**
 * An escalation on a material the actor cannot see is the same 404 as one that does not
 * exist — unless it concerns them: a manager it was addressed to (who may sit in another
 * team) or a party.
 */
async function requireVisibleEscalation(database: Database, actor: Actor, escalationId: number) {
  const { escalation, facts } = await loadEscalationFacts(database, escalationId);
  if (!seesBrief(actor, facts)) await loadVisibleMaterial(database, actor, escalation.materialId);
}

/** The form's decision: alone, it is the decision; with two addressed, a proposal (or counter-proposal). */
export async function decideEscalation(database: Database, actor: Actor, escalationId: number, input: { decision: EscalationDecision; note: string }, at: Date) {
  return actOnEscalation(database, actor, escalationId, { type: "propose", ...input }, at);
}

/**
 * A message in the escalation's private discussion, by a party or a manager it was ever
 * addressed to, while it is open.
 */
export async function postEscalationMessage(database: Database, actor: Actor, escalationId: number, body: string, at: Date) {
  await requireVisibleEscalation(database, actor, escalationId);
  return database.write(async (t) => {
    const { facts } = await loadEscalationFacts(database, escalationId, t);
    // Admins read the discussion; the two sides and the managers addressed hold it.
    if (actor.role === "admin" || !seesBrief(actor, facts)) {
      throw new AppError("forbidden", { message: "Only the two sides and the managers it was addressed to take part in this discussion." });
    }
    if (facts.state !== "open") throw new InputError({ body: "This escalation is over; its discussion is closed." }, 409);
    const text = body.trim();
    if (!text) throw new InputError({ body: "Write your message." });
    const last = await database.models.EscalationMessage.findOne({ where: { escalationId }, order: [["id", "DESC"]], transaction: t });
    if (last && last.authorId === actor.id && last.body === text) throw new InputError({ body: "You have already posted this message." }, 409);
    const escalation = await database.models.Escalation.findByPk(escalationId, { attributes: ["id", "commentId", "materialId", "decideBy", "level"], transaction: t });
    const mentioned = await checkMentions(database, text, await mentionableOnEscalation(database, escalation!, t), "body", "discussion", t);
    const message = await database.models.EscalationMessage.create({ escalationId, authorId: actor.id, body: text, createdAt: at }, { transaction: t });
    if (mentioned.length) {
      const material = await database.models.Material.findByPk(escalation!.materialId, { attributes: ["id", "title"], transaction: t });
      const me = await database.models.User.findByPk(actor.id, { attributes: ["name"], transaction: t });
      await applyEvents(database, t, allow(null, [], notify("mentioned", { mentioned: mentioned.map((m) => m.id) }, actor.id)), actor.id, at, {
        material: { id: escalation!.materialId, title: material?.title ?? "" },
        actor: me?.name,
        escalation: { id: escalationId, decideBy: escalation!.decideBy, level: escalation!.level },
        post: { text, where: "discussion" },
      });
    }
    return message;
  });
}
