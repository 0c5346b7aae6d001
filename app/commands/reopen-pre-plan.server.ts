import type { Transaction } from "sequelize";
import type { Database } from "../lib/db.server";
import { AppError, InputError, notFound } from "../lib/errors";
import type { Actor } from "../lib/permissions";
import { requirePermission } from "../lib/permissions";
import { recordAudit } from "../lib/audit.server";
import { planOf, sidesOf } from "../rules/plan-facts.server";
import { loadTeam } from "./pre-plan-steps.server";

/** Once the plan has been submitted for preview, the pre-plan it is measured against is fixed. */
async function planSubmitted(database: Database, prePlanId: number, t: Transaction) {
  const plan = await planOf(database, prePlanId, t);
  if (!plan) return false;
  return (await database.models.PreviewRound.count({ where: { materialId: plan.id }, transaction: t })) > 0;
}

/** Either head reopens an agreed (or half-confirmed) pre-plan, until the plan is submitted. */
export async function reopenPrePlan(database: Database, actor: Actor, prePlanId: number, at: Date) {
  requirePermission(actor, "preplan:confirm");
  return database.write(async (t) => {
    const prePlan = await database.models.PrePlan.findByPk(prePlanId, { transaction: t });
    if (!prePlan) notFound("pre-plan");
    const team = await loadTeam(database, prePlan.teamId, t);
    const sides = await sidesOf(database, actor, team, t);
    if (!sides.marketing && !sides.sales) {
      throw new AppError("forbidden", { message: `Only the marketing head and ${team.name}'s sales manager can reopen its pre-plan.` });
    }
    if (!prePlan.marketingConfirmedAt && !prePlan.salesConfirmedAt) throw new InputError({ form: "Nobody has confirmed this pre-plan yet; it is open." }, 409);
    if (await planSubmitted(database, prePlanId, t)) {
      throw new InputError({ form: "The plan has been submitted against this pre-plan, so it can no longer be reopened." }, 409);
    }
    await prePlan.update({ marketingConfirmedById: null, marketingConfirmedAt: null, salesConfirmedById: null, salesConfirmedAt: null, updatedAt: at }, { transaction: t });
    await recordAudit(database, t, { actorId: actor.id, action: "preplan.reopened", entityType: "preplan", entityId: prePlanId, at });
  });
}
