import type { Database } from "../lib/db.server";
import type { Actor } from "../lib/permissions";
import { recordAudit } from "../lib/audit.server";
import type { DeviationKind } from "../domain/plans";
import { loadPlanForDeviations } from "./load-plan-for-deviations.server";

export async function addDeviation(database: Database, actor: Actor, materialId: number, input: { kind: DeviationKind; subject: string; explanation: string }, at: Date) {
  return database.write(async (t) => {
    await loadPlanForDeviations(database, actor, materialId, t);
    const deviation = await database.models.PlanDeviation.create(
      { materialId, kind: input.kind, subject: input.subject, explanation: input.explanation || null, createdById: actor.id, createdAt: at, updatedAt: at },
      { transaction: t },
    );
    await recordAudit(database, t, { actorId: actor.id, action: "deviation.added", entityType: "material", entityId: materialId, after: { ...input }, at });
    return deviation;
  });
}
