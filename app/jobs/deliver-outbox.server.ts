import { Op } from "sequelize";
import type { Database } from "../lib/db.server";
import type { Mailer } from "../lib/mailer.server";
import { withOneTimeLink } from "../lib/email.server";
import { newToken, tokenDigest } from "../lib/tokens.server";

export const MAX_ATTEMPTS = 10;
/** While one sweep sends a message, others leave it alone for this long. */
const LEASE_MS = 2 * 60_000;

/** 30 s, 1 min, 2 min … capped at one hour. */
export function backoffMs(attempts: number) {
  return Math.min(60 * 60_000, 30_000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Sends due outbox messages. Each is claimed with a conditional update (a lease), sent,
 * then marked sent; a failure schedules the next attempt with exponential backoff, so
 * nothing is lost while the SMTP server is down. The Message-ID is stable per message, so
 * a resend after a crash mid-send is recognisable as the same mail.
 */
export async function deliverOutbox(database: Database, mailer: Mailer, now: Date, batch = 50) {
  const { OutboxMessage } = database.models;
  const due = await OutboxMessage.findAll({
    where: { state: "pending", nextAttemptAt: { [Op.lte]: now } },
    order: [["nextAttemptAt", "ASC"], ["id", "ASC"]],
    limit: batch,
  });
  let sent = 0;
  let failed = 0;
  for (const message of due) {
    const [claimed] = await database.write((t) =>
      OutboxMessage.update(
        { attempts: message.attempts + 1, nextAttemptAt: new Date(now.getTime() + LEASE_MS) },
        { where: { id: message.id, state: "pending", attempts: message.attempts }, transaction: t },
      ),
    );
    if (claimed !== 1) continue;
    let text = message.text;
    let html = message.html;
    let minted: string | null = null;
    if (message.passwordTokenId) {
      const link = await mintOneTimeLink(database, message.passwordTokenId, now);
      if (!link) {
        // Used, replaced by a newer link, or expired: this email would carry a dead link.
        await database.write((t) =>
          OutboxMessage.update(
            { state: "failed", lastError: "Not sent: its set-password link had been used, replaced or had expired before the email could go out." },
            { where: { id: message.id }, transaction: t },
          ),
        );
        continue;
      }
      minted = link.id;
      text = withOneTimeLink(text, link.token);
      html = withOneTimeLink(html, link.token);
    }
    try {
      await mailer.send({ messageId: `<outbox-${message.id}@collateral-preview>`, to: message.toEmail, subject: message.subject, text, html, headers: message.headers ? JSON.parse(message.headers) : undefined });
      await database.write((t) => OutboxMessage.update({ state: "sent", sentAt: now, lastError: null }, { where: { id: message.id }, transaction: t }));
      sent++;
    } catch (error) {
      failed++;
      // The link that was not sent is of no use to anyone; the next attempt mints another.
      if (minted) await database.write((t) => database.models.PasswordToken.destroy({ where: { id: minted }, transaction: t }));
      const attempts = message.attempts + 1;
      await database.write((t) =>
        OutboxMessage.update(
          {
            state: attempts >= MAX_ATTEMPTS ? "failed" : "pending",
            nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)),
            lastError: error instanceof Error ? error.message.slice(0, 500) : String(error),
          },
          { where: { id: message.id }, transaction: t },
        ),
      );
    }
  }
  return { sent, failed };
}

/**
 * A set-password email's own link, minted as it is sent: a new token for the same person,
 * valid as long as the link the admin issued (which stays valid too, for the admin to hand
 * over). Only its digest is stored; the link exists only in the email. Null when the issued
 * link is no longer usable.
 */
async function mintOneTimeLink(database: Database, issuedId: string, now: Date): Promise<{ id: string; token: string } | null> {
  const { PasswordToken } = database.models;
  return database.write(async (t) => {
    const issued = await PasswordToken.findOne({ where: { id: issuedId, usedAt: null, expiresAt: { [Op.gt]: now } }, transaction: t });
    if (!issued) return null;
    const token = newToken();
    const id = tokenDigest(token);
    await PasswordToken.create({ id, userId: issued.userId, expiresAt: issued.expiresAt, usedAt: null }, { transaction: t });
    return { id, token };
  });
}
