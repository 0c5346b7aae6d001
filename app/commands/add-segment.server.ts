import type { Database } from "../lib/db.server";
import { InputError } from "../lib/errors";
import { requirePermission, type Actor } from "../lib/permissions";
import { recordAudit } from "../lib/audit.server";
import { isUniqueClash, refuseTakenName } from "./segment-name.server";

/** A new customer segment or industry that field feedback can be filed under; its name unique whatever the case. */
export async function addSegment(database: Database, actor: Actor, input: { name: string }, at: Date) {
  requirePermission(actor, "segment:manage");
  try {
    return await database.write(async (t) => {
      await refuseTakenName(database, t, input.name, null);
      const segment = await database.models.CustomerSegment.create({ name: input.name, createdAt: at, updatedAt: at }, { transaction: t });
      await recordAudit(database, t, { actorId: actor.id, action: "segment.added", entityType: "customer_segment", entityId: segment.id, after: { name: input.name }, at });
      return segment;
    });
  } catch (error) {
    if (isUniqueClash(error)) throw new InputError({ name: `There is already a segment called “${input.name}”.` }, 409);
    throw error;
  }
}
