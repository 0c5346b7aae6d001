import { Op } from "sequelize";
import type { Database } from "../lib/db.server";
import { TRUSTED_DEVICE_TTL_MS } from "../lib/session.server";
import { newToken, tokenDigest } from "../lib/tokens.server";

/**
 * Remembers the browser a person just signed in from: a new token (only its digest kept),
 * or the one it already carries, refreshed. Returns the token for the cookie.
 */
export async function trustDevice(database: Database, userId: number, current: string | null, at: Date): Promise<string> {
  return database.write(async (t) => {
    if (current && /^[A-Za-z0-9_-]{43}$/.test(current)) {
      const [refreshed] = await database.models.TrustedDevice.update({ lastUsedAt: at }, { where: { id: tokenDigest(current), userId }, transaction: t });
      if (refreshed === 1) return current;
    }
    const token = newToken();
    await database.models.TrustedDevice.create({ id: tokenDigest(token), userId, createdAt: at, lastUsedAt: at }, { transaction: t });
    await database.models.TrustedDevice.destroy({ where: { userId, lastUsedAt: { [Op.lt]: new Date(at.getTime() - TRUSTED_DEVICE_TTL_MS) } }, transaction: t });
    return token;
  });
}
