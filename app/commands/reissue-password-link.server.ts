import type { Database } from "../lib/db.server";
import { recordAudit } from "../lib/audit.server";
import { issuePasswordToken } from "./issue-password-link.server";

/** The admin hands a user a fresh set-password link (first login, or a forgotten password). */
export async function reissuePasswordLink(
  database: Database,
  actor: { id: number },
  userId: number,
  at: Date,
): Promise<string | null> {
  return database.write(async (t) => {
    const user = await database.models.User.findByPk(userId, { transaction: t });
    if (!user || !user.active) return null;
    const token = await issuePasswordToken(database, t, userId, at);
    await recordAudit(database, t, {
      actorId: actor.id,
      action: "user.password_link_issued",
      entityType: "user",
      entityId: userId,
      at,
    });
    return token;
  });
}
