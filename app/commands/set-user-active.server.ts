import type { Database } from "../lib/db.server";
import { InputError } from "../lib/errors";
import type { Actor } from "../lib/permissions";
import { notFound } from "../lib/errors";
import { recordAudit } from "../lib/audit.server";
import { reseatOpenRounds } from "./reseat-open-rounds.server";

/**
 * Deactivates or reactivates an account. Deactivating ends every session of the user at
 * once, voids their unused set-password links and revokes their calendar links for good.
 */
export async function setUserActive(database: Database, actor: Actor, userId: number, active: boolean, at: Date) {
  return database.write(async (t) => {
    const user = await database.models.User.findByPk(userId, { transaction: t });
    if (!user) notFound("user");
    if (!active && user.id === actor.id) {
      throw new InputError({ form: "You cannot deactivate your own account." });
    }
    if (user.active === active) return user;
    await user.update({ active }, { transaction: t });
    if (!active) {
      await database.models.Session.destroy({ where: { userId }, transaction: t });
      await database.models.PasswordToken.destroy({ where: { userId, usedAt: null }, transaction: t });
      // A private calendar link is revoked for good: reactivating the account does not bring it back.
      await database.models.CalendarToken.update({ revokedAt: at }, { where: { userId, revokedAt: null }, transaction: t });
      await database.models.TrustedDevice.destroy({ where: { userId }, transaction: t });
    }
    // Open previews follow the committee: someone who can no longer sign in is not waited for.
    const seats = await database.models.TeamMembership.findAll({ where: { userId, isCommittee: true }, attributes: ["teamId"], transaction: t });
    for (const seat of seats) await reseatOpenRounds(database, t, seat.teamId, at);
    await recordAudit(database, t, {
      actorId: actor.id,
      action: active ? "user.reactivated" : "user.deactivated",
      entityType: "user",
      entityId: user.id,
      before: { active: !active },
      after: { active },
      at,
    });
    return user;
  });
}
