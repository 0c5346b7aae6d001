import { Op } from "sequelize";
import type { Database } from "../lib/db.server";
import type { Mailer } from "../lib/mailer.server";

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
    try {
      await mailer.send({ messageId: `<outbox-${message.id}@collateral-preview>`, to: message.toEmail, subject: message.subject, text: message.text, html: message.html });
      await database.write((t) => OutboxMessage.update({ state: "sent", sentAt: now, lastError: null }, { where: { id: message.id }, transaction: t }));
      sent++;
    } catch (error) {
      failed++;
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
