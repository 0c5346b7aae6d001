import type { Database } from "../lib/db.server";
import { notFound } from "../lib/errors";
import { requirePermission, type Actor } from "../lib/permissions";
import { recordAudit } from "../lib/audit.server";

/**
 * Archives a segment (it is no longer offered for new feedback; what was filed under it
 * keeps its label) or restores it. Segments are never deleted.
 */
export async function archiveSegment(database: Database, actor: Actor, input: { segmentId: number; archived: boolean }, at: Date) {
  requirePermission(actor, "segment:manage");
  return database.write(async (t) => {
    const segment = await database.models.CustomerSegment.findByPk(input.segmentId, { transaction: t });
    if (!segment) notFound("segment");
    if (Boolean(segment.archived) === input.archived) return segment;
    await segment.update({ archived: input.archived, updatedAt: at }, { transaction: t });
    await recordAudit(database, t, {
      actorId: actor.id,
      action: input.archived ? "segment.archived" : "segment.restored",
      entityType: "customer_segment",
      entityId: segment.id,
      after: { archived: input.archived },
      at,
    });
    return segment;
  });
}
