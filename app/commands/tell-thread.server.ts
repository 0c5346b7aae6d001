import type { Transaction } from "sequelize";
import type { Database } from "../lib/db.server";
import type { User } from "../../models/index";
import { allow, notify } from "../domain/workflow/index";
import type { Mentionable } from "../domain/mentions";
import { applyEvents } from "./effects.server";

type Actor = Pick<User, "id" | "role" | "active" | "timeZone">;

/**
 * A new comment or reply: the people mentioned hear of it as a mention; the owner and the
 * thread's writers (those not mentioned) as a new comment or reply.
 */
export async function tellThread(
  database: Database,
  t: Transaction,
  actor: Actor,
  material: { id: number; title: string },
  thread: { commentId: number; text: string; where: "comment" | "reply"; page: number | null; dueAt?: Date },
  people: { owner: number[]; thread?: (number | null)[] },
  mentioned: Mentionable[],
  at: Date,
) {
  const named = new Set(mentioned.map((m) => m.id));
  const notices = [
    ...notify("mentioned", { mentioned: [...named] }, actor.id),
    ...notify("comment_posted", people, actor.id).filter((n) => !named.has(n.to)),
  ];
  if (notices.length === 0) return;
  const me = await database.models.User.findByPk(actor.id, { attributes: ["name"], transaction: t });
  await applyEvents(database, t, allow(null, [], notices), actor.id, at, {
    material: { id: material.id, title: material.title },
    actor: me?.name,
    comment: { body: thread.text, page: thread.page, category: null, kind: "comment", declineReason: null },
    post: { commentId: thread.commentId, text: thread.text, isReply: thread.where === "reply", where: thread.where },
    round: thread.dueAt ? { dueAt: thread.dueAt } : undefined,
  });
}
