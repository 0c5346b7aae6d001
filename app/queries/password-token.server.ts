import { Op } from "sequelize";
import type { Database } from "../lib/db.server";
import { tokenDigest } from "../lib/tokens.server";

/** Finds the user a set-password link belongs to, if the link is unused, unexpired and the user active. */
export async function findPasswordToken(database: Database, token: string, at: Date) {
  const row = await database.models.PasswordToken.findOne({
    where: { id: tokenDigest(token), usedAt: null, expiresAt: { [Op.gt]: at } },
  });
  if (!row) return null;
  const user = await database.models.User.findByPk(row.userId);
  return user?.active ? { row, user } : null;
}
