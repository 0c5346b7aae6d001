import { Op } from "sequelize";
import type { Database } from "../lib/db.server";
import { InputError, notFound } from "../lib/errors";
import type { Actor } from "../lib/permissions";
import { recordAudit } from "../lib/audit.server";
import type { PrePlanInput } from "../schemas/plan";
import { checkAgainstTheWorld, columns, loadTeam, requireEditor, tellAboutPrePlan, writeStrategies } from "./pre-plan-steps.server";

/** Changes a pre-plan not yet agreed. Any change withdraws the confirmations given so far: each side confirms the final text. */
export async function updatePrePlan(database: Database, actor: Actor, prePlanId: number, input: PrePlanInput, at: Date) {
  return database.write(async (t) => {
    const prePlan = await database.models.PrePlan.findByPk(prePlanId, { transaction: t });
    if (!prePlan) notFound("pre-plan");
    const team = await loadTeam(database, prePlan.teamId, t);
    await requireEditor(database, actor, team, t);
    if (prePlan.agreed) throw new InputError({ form: "This pre-plan is agreed. Reopen it to change it." }, 409);
    await checkAgainstTheWorld(database, team, prePlan.year, input, at, t);
    const [changed] = await database.models.PrePlan.update(
      { ...columns(input), marketingConfirmedById: null, marketingConfirmedAt: null, salesConfirmedById: null, salesConfirmedAt: null, updatedAt: at },
      { where: { id: prePlanId, [Op.or]: [{ marketingConfirmedAt: null }, { salesConfirmedAt: null }] }, transaction: t },
    );
    if (changed !== 1) throw new InputError({ form: "This pre-plan was agreed a moment ago. Reopen it to change it." }, 409);
    await writeStrategies(database, prePlanId, input, t);
    await recordAudit(database, t, { actorId: actor.id, action: "preplan.updated", entityType: "preplan", entityId: prePlanId, at });
    // Whoever had confirmed must confirm the new text.
    const confirmers = [prePlan.marketingConfirmedById, prePlan.salesConfirmedById];
    await tellAboutPrePlan(database, t, "pre_plan_unconfirmed", { other_head: confirmers }, actor, prePlan, team, at);
  });
}
