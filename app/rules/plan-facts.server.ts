import type { Transaction } from "sequelize";
import type { Material, SalesTeam, User } from "../../models/index";
import type { Database } from "../lib/db.server";
import type { Actor } from "../lib/permissions";

/**
 * Why an annual plan cannot be submitted yet, or null: its pre-plan must be agreed by both
 * heads, and every deviation from it explained.
 */
export async function planSubmissionBlocker(database: Database, material: Material, t?: Transaction): Promise<string | null> {
  if (material.kind !== "annual_plan") return null;
  const prePlan = material.prePlanId ? await database.models.PrePlan.findByPk(material.prePlanId, { transaction: t }) : null;
  if (!prePlan) return "This annual plan is not linked to a pre-plan. Upload it from the team's plan page.";
  if (!prePlan.agreed) {
    const missing = [!prePlan.marketingConfirmedAt ? "the marketing head" : null, !prePlan.salesConfirmedAt ? "the sales manager" : null].filter(Boolean).join(" and ");
    return `The pre-plan for ${prePlan.year} is not agreed yet: ${missing} must confirm it before the plan is submitted.`;
  }
  const unexplained = await database.models.PlanDeviation.findOne({ where: { materialId: material.id, explanation: null }, order: [["id", "ASC"]], transaction: t });
  if (unexplained) return `Explain the deviation “${unexplained.subject}” before submitting the plan.`;
  return null;
}

/**
 * The marketing head: the top of the chain of command above the marketers (a manager who
 * reports to nobody and has marketers below). Usually one person.
 */
export async function marketingHeadIds(database: Database, t?: Transaction): Promise<Set<number>> {
  const people = await database.models.User.findAll({ attributes: ["id", "role", "reportsToId", "active"], transaction: t });
  const byId = new Map(people.map((p) => [p.id, p]));
  const heads = new Set<number>();
  for (const person of people) {
    if (person.role !== "marketer" || !person.active) continue;
    let cursor: User | undefined = person;
    const seen = new Set<number>();
    while (cursor?.reportsToId && !seen.has(cursor.id)) {
      seen.add(cursor.id);
      cursor = byId.get(cursor.reportsToId);
    }
    if (cursor && cursor.id !== person.id && cursor.role === "manager") heads.add(cursor.id);
  }
  return heads;
}

/** Which side of a pre-plan the actor speaks for: the marketing head, the team's sales manager, or neither. */
export async function sidesOf(database: Database, actor: Actor, team: SalesTeam, t?: Transaction, known?: Set<number>) {
  const heads = known ?? (await marketingHeadIds(database, t));
  return { marketing: actor.role === "manager" && heads.has(actor.id), sales: actor.role === "manager" && team.salesManagerId === actor.id };
}

/** The plan material of a pre-plan, if marketing has uploaded it. */
export function planOf(database: Database, prePlanId: number, t?: Transaction) {
  return database.models.Material.findOne({ where: { prePlanId, kind: "annual_plan" }, transaction: t });
}

