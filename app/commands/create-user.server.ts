import type { User } from "../../models/index";
import type { Database } from "../lib/db.server";
import type { Actor } from "../lib/permissions";
import { recordAudit } from "../lib/audit.server";
import type { UserFormInput } from "../schemas/user";
import { assertEmailFree, assertValidManager, publicFields } from "../rules/user-rules.server";
import { issuePasswordToken } from "./issue-password-link.server";

/**
 * The admin creates an account (there is no public sign-up). The new user has no password
 * until they open the one-time link returned here. Without an actor, the account is made
 * from the terminal (`npm run db:admin`, the first administrator of a new installation).
 */
export async function createUser(
  database: Database,
  actor: Actor | null,
  input: UserFormInput,
  at: Date,
): Promise<{ user: User; token: string }> {
  return database.write(async (t) => {
    await assertEmailFree(database, t, input.email);
    await assertValidManager(database, t, null, input.reportsToId);
    const user = await database.models.User.create(
      {
        name: input.name,
        email: input.email,
        role: input.role,
        reportsToId: input.reportsToId,
        timeZone: input.timeZone,
        passwordHash: null,
      },
      { transaction: t },
    );
    const token = await issuePasswordToken(database, t, user.id, at);
    await recordAudit(database, t, {
      actorId: actor?.id ?? null,
      action: "user.created",
      entityType: "user",
      entityId: user.id,
      after: publicFields(user),
      at,
    });
    return { user, token };
  });
}
