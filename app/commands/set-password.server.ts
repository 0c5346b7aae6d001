import { Op } from "sequelize";
import type { Database } from "../lib/db.server";
import { InputError } from "../lib/errors";
import { hashPassword } from "../lib/password.server";
import { tokenDigest } from "../lib/tokens.server";
import { recordAudit } from "../lib/audit.server";

/**
 * Sets a password through a one-time link: the link is spent, every other session of the
 * user ends, and the caller starts a fresh one.
 */
export async function setPasswordWithToken(database: Database, token: string, password: string, at: Date) {
  const hash = await hashPassword(password);
  return database.write(async (t) => {
    const [spent] = await database.models.PasswordToken.update(
      { usedAt: at },
      { where: { id: tokenDigest(token), usedAt: null, expiresAt: { [Op.gt]: at } }, transaction: t },
    );
    if (spent !== 1) {
      throw new InputError({ form: "This link has already been used or has expired. Ask your administrator for a new one." }, 410);
    }
    const row = await database.models.PasswordToken.findByPk(tokenDigest(token), { transaction: t });
    const user = await database.models.User.findByPk(row!.userId, { transaction: t });
    if (!user || !user.active) {
      throw new InputError({ form: "This account has been deactivated." }, 410);
    }
    await user.update({ passwordHash: hash }, { transaction: t });
    // The admin's copy and the emailed copy of a link are two tokens: spending one voids the other.
    await database.models.PasswordToken.destroy({ where: { userId: user.id, usedAt: null }, transaction: t });
    await database.models.TrustedDevice.destroy({ where: { userId: user.id }, transaction: t });
    await database.models.Session.destroy({ where: { userId: user.id }, transaction: t });
    await recordAudit(database, t, {
      actorId: user.id,
      action: "user.password_set",
      entityType: "user",
      entityId: user.id,
      at,
    });
    return user;
  });
}
