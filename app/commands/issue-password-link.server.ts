import type { Transaction } from "sequelize";
import type { Database } from "../lib/db.server";
import { newToken, tokenDigest } from "../lib/tokens.server";
import { ONE_TIME_LINK_PLACEHOLDER, queueEmail } from "../lib/email.server";

export const PASSWORD_LINK_TTL_MS = 72 * 60 * 60 * 1000;

/**
 * Creates a one-time set-password link token for a user, valid for 72 hours, and emails
 * them a link (once). Any earlier unused link for the same user stops working. Returns the
 * token (shown to the admin once; only its digest is stored). The queued email holds no
 * link: it refers to this token's row, and its own link is minted when it is sent.
 */
export async function issuePasswordToken(database: Database, t: Transaction, userId: number, at: Date) {
  await database.models.PasswordToken.destroy({ where: { userId, usedAt: null }, transaction: t });
  const token = newToken();
  const id = tokenDigest(token);
  await database.models.PasswordToken.create(
    { id, userId, expiresAt: new Date(at.getTime() + PASSWORD_LINK_TTL_MS), usedAt: null },
    { transaction: t },
  );
  const user = await database.models.User.findByPk(userId, { transaction: t });
  if (user) {
    await queueEmail(
      database,
      t,
      user,
      "set_password",
      {
        subject: "Set your Collateral Preview password",
        lines: [
          "Your administrator has given you access to Collateral Preview, where marketing material is previewed by sales before it reaches customers.",
          "The link below lets you choose your password. It works once and for 72 hours; after that, ask your administrator for a new one.",
        ],
        link: `/set-password/${ONE_TIME_LINK_PLACEHOLDER}`,
        linkLabel: "Set your password",
      },
      at,
      // Nobody reads in-app notifications before they can sign in.
      { notify: false, passwordTokenId: id },
    );
  }
  return token;
}

export function passwordLink(origin: string, token: string): string {
  return `${origin.replace(/\/$/, "")}/set-password/${token}`;
}
