import type { Database } from "../lib/db.server";
import type { Actor } from "../lib/permissions";
import { requirePermission } from "../lib/permissions";
import { recordAudit } from "../lib/audit.server";

/** Revokes every feed link of the actor; returns how many were live. */
export async function revokeDeadlineFeed(database: Database, actor: Actor, at: Date) {
  requirePermission(actor, "calendar:feed");
  return database.write(async (t) => {
    const [count] = await database.models.CalendarToken.update({ revokedAt: at }, { where: { userId: actor.id, revokedAt: null }, transaction: t });
    await recordAudit(database, t, { actorId: actor.id, action: "calendar_feed.revoked", entityType: "user", entityId: actor.id, after: { links: count }, at });
    return count;
  });
}
