import type { Database } from "../lib/db.server";
import { InputError, notFound } from "../lib/errors";
import { requirePermission, type Actor } from "../lib/permissions";
import { recordAudit } from "../lib/audit.server";
import { isUniqueClash, refuseTakenName } from "./segment-name.server";

/** A segment's new name; feedback already filed under it shows the new one. */
export async function renameSegment(database: Database, actor: Actor, input: { segmentId: number; name: string }, at: Date) {
  requirePermission(actor, "segment:manage");
  try {
    return await database.write(async (t) => {
      const segment = await database.models.CustomerSegment.findByPk(input.segmentId, { transaction: t });
      if (!segment) notFound("segment");
      await refuseTakenName(database, t, input.name, segment.id);
      const before = segment.name;
      await segment.update({ name: input.name, updatedAt: at }, { transaction: t });
      await recordAudit(database, t, { actorId: actor.id, action: "segment.renamed", entityType: "customer_segment", entityId: segment.id, before: { name: before }, after: { name: input.name }, at });
      return segment;
    });
  } catch (error) {
    if (isUniqueClash(error)) throw new InputError({ name: `There is already a segment called “${input.name}”.` }, 409);
    throw error;
  }
}
