import { Op } from "sequelize";
import type { User } from "../../models/index";
import type { Database } from "../lib/db.server";
import { recordAudit } from "../lib/audit.server";
import { verifyPassword } from "../lib/password.server";

export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

export type SignInResult =
  | { ok: true; user: User }
  | { ok: false; status: 400 | 429; field: "email" | "password" | "form"; message: string };

/**
 * Checks an email and password. Failures are counted per account and per address over a
 * sliding 15-minute window; past the limit the attempt is refused before the password is
 * even checked, with a message that says when to try again.
 */
export async function signIn(
  database: Database,
  input: { email: string; password: string; address: string | null },
  at: Date,
): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  const accountKey = `account:${email}`;
  const addressKey = input.address ? `address:${input.address}` : null;
  const since = new Date(at.getTime() - THROTTLE_WINDOW_MS);

  for (const [key, limit, whose] of [
    [accountKey, MAX_FAILURES_PER_ACCOUNT, "this account"],
    [addressKey, MAX_FAILURES_PER_ADDRESS, "your network address"],
  ] as const) {
    if (!key) continue;
    const failures = await database.models.LoginFailure.findAll({
      where: { key, createdAt: { [Op.gt]: since } },
      order: [["createdAt", "DESC"]],
      limit,
      attributes: ["createdAt"],
    });
    if (failures.length >= limit) {
      const oldest = failures[failures.length - 1].createdAt;
      const minutes = Math.max(1, Math.ceil((oldest.getTime() + THROTTLE_WINDOW_MS - at.getTime()) / 60_000));
      return {
        ok: false,
        status: 429,
        field: "form",
        message: `Too many failed sign-ins for ${whose}. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
      };
    }
  }

  const user = await database.models.User.findOne({ where: { email } });
  const passwordOk = await verifyPassword(user?.passwordHash ?? null, input.password);

  if (!user || !passwordOk) {
    await database.write(async (t) => {
      const rows = [{ key: accountKey, createdAt: at }];
      if (addressKey) rows.push({ key: addressKey, createdAt: at });
      await database.models.LoginFailure.bulkCreate(rows, { transaction: t });
    });
    return { ok: false, status: 400, field: "password", message: "That email and password do not match an account." };
  }

  if (!user.active) {
    return {
      ok: false,
      status: 400,
      field: "email",
      message: "This account has been deactivated. Ask your administrator if you need access again.",
    };
  }

  await database.write(async (t) => {
    await database.models.LoginFailure.destroy({ where: { key: accountKey }, transaction: t });
    await recordAudit(database, t, {
      actorId: user.id,
      action: "user.signed_in",
      entityType: "user",
      entityId: user.id,
      at,
    });
  });
  return { ok: true, user };
}
