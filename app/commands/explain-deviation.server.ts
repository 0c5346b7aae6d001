import type { Database } from "../lib/db.server";
import { notFound } from "../lib/errors";
import type { Actor } from "../lib/permissions";
import { recordAudit } from "../lib/audit.server";
import { loadPlanForDeviations } from "./load-plan-for-deviations.server";

export async function explainDeviation(database: Database, actor: Actor, materialId: number, deviationId: number, explanation: string, at: Date) {
  return database.write(async (t) => {
    await loadPlanForDeviations(database, actor, materialId, t);
    const [changed] = await database.models.PlanDeviation.update({ explanation, updatedAt: at }, { where: { id: deviationId, materialId }, transaction: t });
    if (changed !== 1) notFound("deviation");
    await recordAudit(database, t, { actorId: actor.id, action: "deviation.explained", entityType: "material", entityId: materialId, after: { deviationId, explanation }, at });
  });
}
