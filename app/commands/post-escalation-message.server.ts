import type { Database } from "../lib/db.server";
import { AppError, InputError } from "../lib/errors";
import type { Actor } from "../lib/permissions";
import { allow, notify, seesBrief } from "../domain/workflow/index";
import { checkMentions, mentionableOnEscalation } from "../rules/mentions.server";
import { loadEscalationFacts } from "../rules/escalation-facts.server";
import { requireVisibleEscalation } from "../rules/escalation-access.server";
import { applyEvents } from "./effects.server";

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
    const mentioned = await checkMentions(database, text, () => mentionableOnEscalation(database, escalation!, t), "body", "discussion", t);
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
