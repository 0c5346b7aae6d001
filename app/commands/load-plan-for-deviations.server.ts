import type { Transaction } from "sequelize";
import type { Database } from "../lib/db.server";
import { AppError, InputError, notFound } from "../lib/errors";
import type { Actor } from "../lib/permissions";
import { requirePermission } from "../lib/permissions";

/** The annual plan whose deviations the actor may change: not while it is in preview, when they are fixed as submitted. */
export async function loadPlanForDeviations(database: Database, actor: Actor, materialId: number, t: Transaction) {
  requirePermission(actor, "plan:deviations");
  const material = await database.models.Material.findByPk(materialId, { transaction: t });
  if (!material) notFound("material");
  if (material.kind !== "annual_plan") throw new AppError("not_found", { message: "Deviations belong to annual plans." });
  const open = await database.models.PreviewRound.count({ where: { materialId, state: "open" }, transaction: t });
  if (open > 0) throw new InputError({ form: "The plan is in preview; its deviations are fixed until the preview closes." }, 409);
  return material;
}
