import type { Database } from "../lib/db.server";
import { InputError } from "../lib/errors";
import type { Actor } from "../lib/permissions";
import { notFound } from "../lib/errors";
import { recordAudit } from "../lib/audit.server";
import type { UserFormInput } from "../schemas/user";
import { publicFields } from "../rules/user-rules.server";
import { assertEmailFree, assertValidManager } from "../rules/user-rules.server";

/** The admin edits a user's name, email, role, manager and time zone. */
export async function updateUser(database: Database, actor: Actor, userId: number, input: UserFormInput, at: Date) {
  return database.write(async (t) => {
    const user = await database.models.User.findByPk(userId, { transaction: t });
    if (!user) notFound("user");
    await assertEmailFree(database, t, input.email, userId);
    await assertValidManager(database, t, userId, input.reportsToId);

    if (input.role !== "sales") {
      const seat = await database.models.TeamMembership.findOne({
        where: { userId, isCommittee: true },
        include: [{ association: "team" }],
        transaction: t,
      });
      if (seat) {
        throw new InputError({
          role: `${user.name} sits on the ${seat.team?.name} committee, which is for sales reps. Take them off the committee first.`,
        });
      }
    }
    if (input.role !== "manager") {
      const managed = await database.models.SalesTeam.findOne({ where: { salesManagerId: userId }, transaction: t });
      if (managed) {
        throw new InputError({
          role: `${user.name} manages ${managed.name}. Choose another sales manager for that team first.`,
        });
      }
    }
    if (user.id === actor.id && input.role !== "admin") {
      throw new InputError({ role: "You cannot take the administrator role away from yourself." });
    }

    const before = publicFields(user);
    await user.update(
      {
        name: input.name,
        email: input.email,
        role: input.role,
        reportsToId: input.reportsToId,
        timeZone: input.timeZone,
      },
      { transaction: t },
    );
    await recordAudit(database, t, {
      actorId: actor.id,
      action: "user.updated",
      entityType: "user",
      entityId: user.id,
      before,
      after: publicFields(user),
      at,
    });
    return user;
  });
}
