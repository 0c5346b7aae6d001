import { AppError } from "../lib/errors";
import { reseatOpenRounds } from "./reseat-open-rounds.server";
import { Op, type Transaction } from "sequelize";
import type { PrePlan, SalesTeam, User } from "../../models/index";
import type { Database } from "../lib/db.server";
import { InputError } from "../lib/errors";
import type { Actor } from "../lib/permissions";
import { requirePermission } from "../lib/permissions";
import { notFound } from "../lib/errors";
import { recordAudit } from "../lib/audit.server";
import { marketingHeadIds, planOf, sidesOf } from "../rules/plan-facts.server";
import { allow, notify, type NoticeKind } from "../domain/workflow/index";
import type { Audience, People } from "../domain/notifications";
import { applyEvents } from "./effects.server";
import { localDate } from "../domain/business-time";
import type { PrePlanInput } from "../schemas/plan";

/** Once the plan has been submitted for preview, the pre-plan it is measured against is fixed. */
async function planSubmitted(database: Database, prePlanId: number, t: Transaction) {
  const plan = await planOf(database, prePlanId, t);
  if (!plan) return false;
  return (await database.models.PreviewRound.count({ where: { materialId: plan.id }, transaction: t })) > 0;
}

async function loadTeam(database: Database, teamId: number, t?: Transaction) {
  const team = await database.models.SalesTeam.findByPk(teamId, { transaction: t });
  if (!team) notFound("sales team");
  return team;
}

/** Marketers draft pre-plans; of the managers, the marketing head and the team's sales manager. */
async function requireEditor(database: Database, actor: Actor, team: SalesTeam, t: Transaction) {
  requirePermission(actor, "preplan:edit");
  if (actor.role === "marketer") return;
  const sides = await sidesOf(database, actor, team, t);
  if (!sides.marketing && !sides.sales) {
    throw new AppError("forbidden", { message: `Only marketing, the marketing head and ${team.name}'s sales manager work on its pre-plan.` });
  }
}

/** Checks what the form cannot: dates not in the past, reviewers who are the team's reps, owners who exist. */
async function checkAgainstTheWorld(database: Database, team: SalesTeam, year: number, input: PrePlanInput, at: Date, t: Transaction) {
  const today = localDate(at, team.timeZone);
  if (year < Number(today.slice(0, 4))) throw new InputError({ form: `${year} is over: write the pre-plan for this year or a later one.` });
  if (input.presentationDate < today) throw new InputError({ presentationDate: `The presentation date ${input.presentationDate} is in the past.` });
  const late = input.strategies.findIndex((s) => s.dueDate < today);
  if (late >= 0) throw new InputError({ strategies: `Lead strategy ${late + 1}: its date ${input.strategies[late].dueDate} is in the past.` });
  const reps = await database.models.TeamMembership.findAll({ where: { teamId: team.id, userId: { [Op.in]: input.reviewerIds } }, include: [{ association: "user" }], transaction: t });
  if (new Set(input.reviewerIds).size !== input.reviewerIds.length || reps.length !== input.reviewerIds.length || reps.some((r) => !r.user?.active)) {
    throw new InputError({ reviewerIds: `Choose reviewers among ${team.name}'s active reps.` });
  }
  const ownerIds = [...new Set(input.strategies.map((s) => s.ownerId))];
  const owners = await database.models.User.count({ where: { id: { [Op.in]: ownerIds }, active: true }, transaction: t });
  if (owners !== ownerIds.length) throw new InputError({ strategies: "Choose each strategy's owner from the list of people." });
}

function columns(input: PrePlanInput) {
  return {
    salesGoals: input.salesGoals,
    marketingGoals: input.marketingGoals,
    presentationDate: input.presentationDate,
    reviewer1Id: input.reviewerIds[0],
    reviewer2Id: input.reviewerIds[1] ?? null,
    strategiesWithoutSales: input.strategiesWithoutSales,
    prospectProfile: input.prospectProfile,
    prospectProfileWhy: input.prospectProfileWhy,
    tacticChanges: input.tacticChanges,
  };
}

async function writeStrategies(database: Database, prePlanId: number, input: PrePlanInput, t: Transaction) {
  await database.models.LeadStrategy.destroy({ where: { prePlanId }, transaction: t });
  await database.models.LeadStrategy.bulkCreate(
    input.strategies.map((s, i) => ({ prePlanId, position: i + 1, ...s })),
    { transaction: t },
  );
}

/** Writes the first pre-plan of a team and year; a second one for the same team and year is refused. */
export async function createPrePlan(database: Database, actor: Actor, teamId: number, year: number, input: PrePlanInput, at: Date) {
  return database.write(async (t) => {
    const team = await loadTeam(database, teamId, t);
    await requireEditor(database, actor, team, t);
    const existing = await database.models.PrePlan.findOne({ where: { teamId, year }, transaction: t });
    if (existing) throw new InputError({ form: `${team.name} already has a pre-plan for ${year}. Edit that one instead.` }, 409);
    await checkAgainstTheWorld(database, team, year, input, at, t);
    const prePlan = await database.models.PrePlan.create({ teamId, year, ...columns(input), createdById: actor.id, createdAt: at, updatedAt: at }, { transaction: t });
    await writeStrategies(database, prePlan.id, input, t);
    await recordAudit(database, t, { actorId: actor.id, action: "preplan.created", entityType: "preplan", entityId: prePlan.id, after: { teamId, year }, at });
    return prePlan;
  });
}

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

async function tellAboutPrePlan(database: Database, t: Transaction, kind: NoticeKind, people: Partial<Record<Audience, People>>, actor: Actor, prePlan: PrePlan, team: SalesTeam, at: Date) {
  const me = await database.models.User.findByPk(actor.id, { attributes: ["name"], transaction: t });
  await applyEvents(database, t, allow(null, [], notify(kind, people, actor.id)), actor.id, at, {
    material: { id: 0, title: `${team.name} pre-plan ${prePlan.year}` },
    actor: me?.name,
    plan: { teamId: team.id, team: team.name, year: prePlan.year, presentationDate: prePlan.presentationDate },
  });
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
