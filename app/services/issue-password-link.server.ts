import type { Transaction } from "sequelize";
import type { Database } from "../lib/db.server";
import { newToken, tokenDigest } from "../lib/tokens.server";
import { recordAudit } from "../lib/audit.server";

export const PASSWORD_LINK_TTL_MS = 72 * 60 * 60 * 1000;

/**
 * Creates a one-time set-password link token for a user, valid for 72 hours. Any earlier
 * unused link for the same user stops working. Returns the token (shown once, never stored).
 */
export async function issuePasswordToken(database: Database, t: Transaction, userId: number, at: Date) {
  await database.models.PasswordToken.destroy({ where: { userId, usedAt: null }, transaction: t });
  const token = newToken();
  await database.models.PasswordToken.create(
    { id: tokenDigest(token), userId, expiresAt: new Date(at.getTime() + PASSWORD_LINK_TTL_MS), usedAt: null },
    { transaction: t },
  );
  return token;
}

export function passwordLink(origin: string, token: string): string {
  return `${origin.replace(/\/$/, "")}/set-password/${token}`;
}

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
