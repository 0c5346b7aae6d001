import { Op, type Transaction } from "sequelize";
import type { PreviewRound } from "../../models/index";
import type { Database } from "../lib/db.server";
import { allow, notify } from "../domain/workflow/index";
import { Effects } from "./effects.server";

/**
 * When a quarter of the window is left, each committee member who has not decided is
 * reminded, once: the round and each decision are claimed with a conditional update, so a
 * second sweep reminds nobody again. Returns how many were reminded, or null when another
 * sweep got there first.
 */
export async function remindRound(database: Database, t: Transaction, round: PreviewRound, now: Date) {
  const { models } = database;
  const [claimed] = await models.PreviewRound.update(
    { remindedAt: now },
    {
      where: { id: round.id, state: "open", remindedAt: null },
      transaction: t,
    }
  );
  if (claimed !== 1) return null;
  const pending = await models.RoundDecision.findAll({
    where: { roundId: round.id, decision: "pending", remindedAt: null },
    include: [{ association: "user" }],
    transaction: t,
  });
  const material = await models.Material.findByPk(round.materialId, {
    transaction: t,
  });
  if (pending.length) {
    await models.RoundDecision.update({ remindedAt: now }, { where: { id: { [Op.in]: pending.map((d) => d.id) }, remindedAt: null }, transaction: t });
  }
  // Each undecided member is reminded once, worded by the reminder template.
  await new Effects()
    .know(pending.filter((d) => d.user).map((d) => ({ id: d.user!.id, name: d.user!.name, email: d.user!.email, timeZone: d.user!.timeZone, active: d.user!.active })))
    .add(allow(null, [], notify("reminder", { undecided: pending.map((d) => d.userId) }, null)), null, now, { material: { id: round.materialId, title: material?.title ?? "" }, round: { dueAt: round.dueAt } })
    .flush(database, t, now);
  return pending.length;
}
