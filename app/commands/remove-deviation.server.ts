import type { Database } from "../lib/db.server";
import { notFound } from "../lib/errors";
import type { Actor } from "../lib/permissions";
import { recordAudit } from "../lib/audit.server";
import { loadPlanForDeviations } from "./load-plan-for-deviations.server";

export async function removeDeviation(database: Database, actor: Actor, materialId: number, deviationId: number, at: Date) {
  return database.write(async (t) => {
    await loadPlanForDeviations(database, actor, materialId, t);
    const removed = await database.models.PlanDeviation.destroy({ where: { id: deviationId, materialId }, transaction: t });
    if (removed !== 1) notFound("deviation");
    await recordAudit(database, t, { actorId: actor.id, action: "deviation.removed", entityType: "material", entityId: materialId, before: { deviationId }, at });
  });
}
