import { Op, type Transaction } from "sequelize";
import type { PrePlan, SalesTeam } from "../../models/index";
import type { Database } from "../lib/db.server";
import { AppError, InputError, notFound } from "../lib/errors";
import type { Actor } from "../lib/permissions";
import { requirePermission } from "../lib/permissions";
import { sidesOf } from "../rules/plan-facts.server";
import { allow, notify, type NoticeKind } from "../domain/workflow/index";
import type { Audience, People } from "../domain/notifications";
import { applyEvents } from "./effects.server";
import { localDate } from "../domain/business-time";
import type { PrePlanInput } from "../schemas/plan";

// The steps the pre-plan commands share: the team, who may edit, the checks the form cannot
// make, the columns and strategies written, and the notice to the people concerned.

export async function loadTeam(database: Database, teamId: number, t?: Transaction) {
  const team = await database.models.SalesTeam.findByPk(teamId, { transaction: t });
  if (!team) notFound("sales team");
  return team;
}

/** Marketers draft pre-plans; of the managers, the marketing head and the team's sales manager. */
export async function requireEditor(database: Database, actor: Actor, team: SalesTeam, t: Transaction) {
  requirePermission(actor, "preplan:edit");
  if (actor.role === "marketer") return;
  const sides = await sidesOf(database, actor, team, t);
  if (!sides.marketing && !sides.sales) {
    throw new AppError("forbidden", { message: `Only marketing, the marketing head and ${team.name}'s sales manager work on its pre-plan.` });
  }
}

/** Checks what the form cannot: dates not in the past, reviewers who are the team's reps, owners who exist. */
export async function checkAgainstTheWorld(database: Database, team: SalesTeam, year: number, input: PrePlanInput, at: Date, t: Transaction) {
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

export function columns(input: PrePlanInput) {
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

export async function writeStrategies(database: Database, prePlanId: number, input: PrePlanInput, t: Transaction) {
  await database.models.LeadStrategy.destroy({ where: { prePlanId }, transaction: t });
  await database.models.LeadStrategy.bulkCreate(
    input.strategies.map((s, i) => ({ prePlanId, position: i + 1, ...s })),
    { transaction: t },
  );
}

export async function tellAboutPrePlan(database: Database, t: Transaction, kind: NoticeKind, people: Partial<Record<Audience, People>>, actor: Actor, prePlan: PrePlan, team: SalesTeam, at: Date) {
  const me = await database.models.User.findByPk(actor.id, { attributes: ["name"], transaction: t });
  await applyEvents(database, t, allow(null, [], notify(kind, people, actor.id)), actor.id, at, {
    material: { id: 0, title: `${team.name} pre-plan ${prePlan.year}` },
    actor: me?.name,
    plan: { teamId: team.id, team: team.name, year: prePlan.year, presentationDate: prePlan.presentationDate },
  });
}
