import { Op, QueryTypes } from "sequelize";
import type { OutboxMessage } from "../../models/index";
import type { Database } from "../lib/db.server";
import type { Mailer } from "../lib/mailer.server";
import { withOneTimeLink } from "../lib/email.server";
import { newToken, tokenDigest } from "../lib/tokens.server";

export const MAX_ATTEMPTS = 10;
/** While one sweep sends a message, others leave it alone for this long. */
const LEASE_MS = 2 * 60_000;
/** Messages handed to the SMTP server at once by one sweep. */
export const DELIVERY_CONCURRENCY = 8;
/** Messages one sweep sends at most; the rest wait for the next sweep, so the other work of a sweep is not held up for long. */
export const MAX_PER_SWEEP = 2_000;

/** 30 s, 1 min, 2 min … capped at one hour. */
export function backoffMs(attempts: number) {
  return Math.min(60 * 60_000, 30_000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * A cap on the messages this process hands to the SMTP server in any 60 s (a sliding
 * window of send times). It counts real elapsed time, not the sweep's `now`: it paces the
 * conversation with the relay, it decides nothing about the workflow.
 */
export interface SendRate {
  /** How many more may be sent right now. */
  available(): number;
  /** Counts one send, now. */
  record(): void;
}

export function sendRate(maxPerMinute: number | null | undefined, elapsedMs: () => number = () => performance.now()): SendRate {
  const sent: number[] = [];
  const forget = () => {
    const cutoff = elapsedMs() - 60_000;
    while (sent.length && sent[0] <= cutoff) sent.shift();
  };
  return {
    available() {
      if (!maxPerMinute) return Number.POSITIVE_INFINITY;
      forget();
      return Math.max(0, maxPerMinute - sent.length);
    },
    record() {
      if (maxPerMinute) sent.push(elapsedMs());
    },
  };
}

const perProcess = new Map<number, SendRate>();

/** The rate shared by every sweep of this process for one cap (SMTP_MAX_PER_MINUTE); unset: no cap. */
export function processSendRate(maxPerMinute: number | null | undefined): SendRate {
  if (!maxPerMinute) return sendRate(null);
  let rate = perProcess.get(maxPerMinute);
  if (!rate) perProcess.set(maxPerMinute, (rate = sendRate(maxPerMinute)));
  return rate;
}

export interface DeliveryOptions {
  /** Sent at most per sweep (MAX_PER_SWEEP). */
  limit?: number;
  /** Messages sent side by side (DELIVERY_CONCURRENCY). */
  concurrency?: number;
  /** The cap on sends per minute; none when absent. */
  rate?: SendRate;
}

/**
 * Claims up to `count` due messages at once: one `UPDATE … RETURNING` counts the attempt
 * and sets the lease, so no other sweep takes them meanwhile. On PostgreSQL rows another
 * sweep is claiming right now are skipped (`SKIP LOCKED`) rather than waited for, so
 * sweepers in several processes take different messages.
 */
async function claimDue(database: Database, now: Date, count: number): Promise<OutboxMessage[]> {
  const skipLocked = database.dialect === "postgres" ? "FOR UPDATE SKIP LOCKED" : "";
  // MATERIALIZED: the due rows are picked once. As a plain subquery of the UPDATE, PostgreSQL
  // may run a LIMIT … SKIP LOCKED selection more than once and claim more rows than asked.
  const rows = await database.write((t) =>
    database.sequelize.query<{ id: number }>(
      `WITH due AS MATERIALIZED (
         SELECT id FROM outbox_messages WHERE state = 'pending' AND "nextAttemptAt" <= :now
         ORDER BY "nextAttemptAt", id LIMIT :count ${skipLocked})
       UPDATE outbox_messages SET attempts = attempts + 1, "nextAttemptAt" = :lease
       WHERE id IN (SELECT id FROM due) AND state = 'pending'
       RETURNING id`,
      { replacements: { now, lease: new Date(now.getTime() + LEASE_MS), count }, type: QueryTypes.SELECT, transaction: t },
    ),
  );
  if (rows.length === 0) return [];
  const messages = await database.models.OutboxMessage.findAll({ where: { id: rows.map((r) => Number(r.id)) } });
  return messages.sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || a.id - b.id);
}

/**
 * Sends due outbox messages, several at a time. Messages are claimed (a lease) only as a
 * sender is free to take them, so none waits long under its lease; each is sent, then
 * marked sent; a failure schedules the next attempt with exponential backoff, so nothing is
 * lost while the SMTP server is down. The Message-ID is stable per message, so a resend
 * after a crash mid-send is recognisable as the same mail. With a rate cap the sweep stops
 * claiming once this minute's share is used; the next sweep goes on.
 */
export async function deliverOutbox(database: Database, mailer: Mailer, now: Date, options: DeliveryOptions = {}) {
  const limit = options.limit ?? MAX_PER_SWEEP;
  const concurrency = Math.max(1, options.concurrency ?? DELIVERY_CONCURRENCY);
  const rate = options.rate ?? sendRate(null);
  const outcome = { sent: 0, failed: 0 };
  const inFlight = new Set<Promise<void>>();
  let claimed = 0;
  let drained = false;
  // A message whose outcome could not be recorded (the database went away): stop claiming, report it once the others finish.
  let broken: unknown = null;
  try {
    while (!drained && !broken && claimed < limit) {
      const free = concurrency - inFlight.size;
      const allowed = Math.min(rate.available(), limit - claimed);
      if (allowed <= 0 && inFlight.size === 0) break; // this minute's share is used up
      // Claimed in chunks of at least half the senders, so that a claim serves several messages.
      if (allowed <= 0 || free < Math.min(Math.ceil(concurrency / 2), allowed)) {
        await Promise.race(inFlight);
        continue;
      }
      const room = Math.min(free, allowed);
      const batch = await claimDue(database, now, room);
      if (batch.length < room) drained = true;
      claimed += batch.length;
      for (const message of batch) {
        rate.record();
        const sending: Promise<void> = deliverOne(database, mailer, message, now)
          .then(
            (result) => {
              if (result === "sent") outcome.sent++;
              if (result === "failed") outcome.failed++;
            },
            (error: unknown) => {
              broken ??= error;
            },
          )
          .finally(() => inFlight.delete(sending));
        inFlight.add(sending);
      }
    }
  } finally {
    await Promise.allSettled(inFlight);
  }
  if (broken) throw broken;
  return outcome;
}

/** Sends one claimed message and records the outcome: sent, failed (retried later), or skipped (nothing worth sending). */
async function deliverOne(database: Database, mailer: Mailer, message: OutboxMessage, now: Date): Promise<"sent" | "failed" | "skipped"> {
  const { OutboxMessage } = database.models;
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
      return "skipped";
    }
    minted = link.id;
    text = withOneTimeLink(text, link.token);
    html = withOneTimeLink(html, link.token);
  }
  try {
    await mailer.send({ messageId: `<outbox-${message.id}@collateral-preview>`, to: message.toEmail, subject: message.subject, text, html, headers: message.headers ? JSON.parse(message.headers) : undefined });
  } catch (error) {
    // The link that was not sent is of no use to anyone; the next attempt mints another.
    if (minted) await database.write((t) => database.models.PasswordToken.destroy({ where: { id: minted }, transaction: t }));
    // The claim counted this attempt already.
    const attempts = message.attempts;
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
    return "failed";
  }
  // Handed over: a failure to record it is the database's, not the relay's, and fails the sweep (the lease then runs out and it is sent again, with the same Message-ID).
  await database.write((t) => OutboxMessage.update({ state: "sent", sentAt: now, lastError: null }, { where: { id: message.id }, transaction: t }));
  return "sent";
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
