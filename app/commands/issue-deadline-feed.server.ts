import type { Database } from "../lib/db.server";
import type { Actor } from "../lib/permissions";
import { requirePermission } from "../lib/permissions";
import { recordAudit } from "../lib/audit.server";
import { newToken, tokenDigest } from "../lib/tokens.server";

/**
 * A new private feed link for the actor. It replaces any earlier one (which stops working);
 * only its digest is stored, so the link is shown once.
 */
export async function issueDeadlineFeed(database: Database, actor: Actor, at: Date): Promise<string> {
  requirePermission(actor, "calendar:feed");
  return database.write(async (t) => {
    await database.models.CalendarToken.update({ revokedAt: at }, { where: { userId: actor.id, revokedAt: null }, transaction: t });
    const token = newToken();
    await database.models.CalendarToken.create({ id: tokenDigest(token), userId: actor.id, createdAt: at }, { transaction: t });
    await recordAudit(database, t, { actorId: actor.id, action: "calendar_feed.issued", entityType: "user", entityId: actor.id, at });
    return token;
  });
}
