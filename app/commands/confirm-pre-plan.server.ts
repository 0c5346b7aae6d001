import { Op, type Transaction } from "sequelize";
import type { PrePlan, SalesTeam } from "../../models/index";
import type { Database } from "../lib/db.server";
import { AppError, InputError, notFound } from "../lib/errors";
import type { Actor } from "../lib/permissions";
import { requirePermission } from "../lib/permissions";
import { recordAudit } from "../lib/audit.server";
import { marketingHeadIds, sidesOf } from "../rules/plan-facts.server";
import { reseatOpenRounds } from "./reseat-open-rounds.server";
import { loadTeam, tellAboutPrePlan } from "./pre-plan-steps.server";

/**
 * The marketing head or the team's sales manager confirms. When both have, the pre-plan is
 * agreed and its reviewers become the team's committee.
 */
export async function confirmPrePlan(database: Database, actor: Actor, prePlanId: number, at: Date) {
  requirePermission(actor, "preplan:confirm");
  return database.write(async (t) => {
    const { models } = database;
    const prePlan = await models.PrePlan.findByPk(prePlanId, { transaction: t });
    if (!prePlan) notFound("pre-plan");
    const team = await loadTeam(database, prePlan.teamId, t);
    const sides = await sidesOf(database, actor, team, t);
    if (!sides.marketing && !sides.sales) {
      throw new AppError("forbidden", { message: `Only the marketing head and ${team.name}'s sales manager confirm its pre-plan.` });
    }
    const changes: Partial<PrePlan> = {};
    if (sides.marketing && !prePlan.marketingConfirmedAt) Object.assign(changes, { marketingConfirmedById: actor.id, marketingConfirmedAt: at });
    if (sides.sales && !prePlan.salesConfirmedAt) Object.assign(changes, { salesConfirmedById: actor.id, salesConfirmedAt: at });
    if (Object.keys(changes).length === 0) throw new InputError({ form: "You have already confirmed this pre-plan." }, 409);
    const [changed] = await models.PrePlan.update(changes, {
      where: {
        id: prePlanId,
        updatedAt: prePlan.updatedAt,
        ...("marketingConfirmedAt" in changes ? { marketingConfirmedAt: null } : {}),
        ...("salesConfirmedAt" in changes ? { salesConfirmedAt: null } : {}),
      },
      transaction: t,
    });
    if (changed !== 1) throw new InputError({ form: "This pre-plan changed a moment ago. Reload it and confirm what it says now." }, 409);
    await prePlan.reload({ transaction: t });
    await recordAudit(database, t, { actorId: actor.id, action: "preplan.confirmed", entityType: "preplan", entityId: prePlanId, after: { marketing: sides.marketing, sales: sides.sales }, at });
    if (prePlan.agreed) await whenAgreed(database, prePlan, team, actor, at, t);
    else {
      const other = sides.marketing ? [team.salesManagerId] : [...(await marketingHeadIds(database, t))];
      await tellAboutPrePlan(database, t, "pre_plan_to_confirm", { other_head: other }, actor, prePlan, team, at);
    }
    return prePlan;
  });
}

/** Agreed: the reviewers become the committee, and both heads, the reviewers and the marketer who drafted it hear it. */
async function whenAgreed(database: Database, prePlan: PrePlan, team: SalesTeam, actor: Actor, at: Date, t: Transaction) {
  const { models } = database;
  const reviewers = [prePlan.reviewer1Id, prePlan.reviewer2Id].filter((id): id is number => id !== null);
  const before = await models.TeamMembership.findAll({ where: { teamId: team.id, isCommittee: true }, attributes: ["userId"], transaction: t });
  await models.TeamMembership.update({ isCommittee: false }, { where: { teamId: team.id, userId: { [Op.notIn]: reviewers } }, transaction: t });
  const [seated] = await models.TeamMembership.update({ isCommittee: true }, { where: { teamId: team.id, userId: { [Op.in]: reviewers } }, transaction: t });
  if (seated !== reviewers.length) throw new InputError({ form: "A reviewer is no longer in the team. Reopen the pre-plan and choose again." }, 409);
  await reseatOpenRounds(database, t, team.id, at);
  await recordAudit(database, t, {
    actorId: null,
    action: "team.committee_set",
    entityType: "team",
    entityId: team.id,
    before: { committee: before.map((m) => m.userId) },
    after: { committee: reviewers, by: `pre-plan ${prePlan.year}` },
    at,
  });
  await tellAboutPrePlan(
    database,
    t,
    "pre_plan_agreed",
    { heads: [prePlan.marketingConfirmedById, prePlan.salesConfirmedById], reviewers, drafter: [prePlan.createdById] },
    actor,
    prePlan,
    team,
    at,
  );
}
