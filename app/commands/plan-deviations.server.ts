import { AppError } from "../lib/errors";
import type { Transaction } from "sequelize";
import type { Material } from "../../models/index";
import type { Database } from "../lib/db.server";
import { InputError } from "../lib/errors";
import type { Actor } from "../lib/permissions";
import { requirePermission } from "../lib/permissions";
import { notFound } from "../lib/errors";
import { recordAudit } from "../lib/audit.server";
import type { DeviationKind } from "../domain/plans";

async function loadPlan(database: Database, actor: Actor, materialId: number, t: Transaction) {
  requirePermission(actor, "plan:deviations");
  const material = await database.models.Material.findByPk(materialId, { transaction: t });
  if (!material) notFound("material");
  if (material.kind !== "annual_plan") throw new AppError("not_found", { message: "Deviations belong to annual plans." });
  const open = await database.models.PreviewRound.count({ where: { materialId, state: "open" }, transaction: t });
  if (open > 0) throw new InputError({ form: "The plan is in preview; its deviations are fixed until the preview closes." }, 409);
  return material;
}

export async function addDeviation(database: Database, actor: Actor, materialId: number, input: { kind: DeviationKind; subject: string; explanation: string }, at: Date) {
  return database.write(async (t) => {
    await loadPlan(database, actor, materialId, t);
    const deviation = await database.models.PlanDeviation.create(
      { materialId, kind: input.kind, subject: input.subject, explanation: input.explanation || null, createdById: actor.id, createdAt: at, updatedAt: at },
      { transaction: t },
    );
    await recordAudit(database, t, { actorId: actor.id, action: "deviation.added", entityType: "material", entityId: materialId, after: { ...input }, at });
    return deviation;
  });
}

export async function explainDeviation(database: Database, actor: Actor, materialId: number, deviationId: number, explanation: string, at: Date) {
  return database.write(async (t) => {
    await loadPlan(database, actor, materialId, t);
    const [changed] = await database.models.PlanDeviation.update({ explanation, updatedAt: at }, { where: { id: deviationId, materialId }, transaction: t });
    if (changed !== 1) notFound("deviation");
    await recordAudit(database, t, { actorId: actor.id, action: "deviation.explained", entityType: "material", entityId: materialId, after: { deviationId, explanation }, at });
  });
}

export async function removeDeviation(database: Database, actor: Actor, materialId: number, deviationId: number, at: Date) {
  return database.write(async (t) => {
    await loadPlan(database, actor, materialId, t);
    const removed = await database.models.PlanDeviation.destroy({ where: { id: deviationId, materialId }, transaction: t });
    if (removed !== 1) notFound("deviation");
    await recordAudit(database, t, { actorId: actor.id, action: "deviation.removed", entityType: "material", entityId: materialId, before: { deviationId }, at });
  });
}
