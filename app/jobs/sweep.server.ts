import { Op, type Transaction } from "sequelize";
import type { Database } from "../lib/db.server";
import type { Mailer } from "../lib/mailer.server";
import { closeRound } from "../services/close-round.server";
import { escalateComment } from "../services/escalate-comment.server";
import { chainOfCommand, moveUpEscalation } from "../services/move-up-escalation.server";
import { remindRound } from "../services/remind-round.server";
import { purgeLoginFailures } from "../services/sign-in.server";
import { deliverOutbox } from "./deliver-outbox.server";
import { sendDigests } from "./send-digests.server";
import { pruneSweepers } from "./heartbeat.server";
import { rollUpUsage } from "./roll-up-usage.server";

export interface SweepResult {
  reminders: number;
  roundsClosed: number;
  lateEscalations: number;
  movedUp: number;
  flaggedOverdue: number;
  emailsSent: number;
  emailsFailed: number;
  digests: number;
}

const BATCH = 200;
/** A sweep handles at most this many batches per kind of work; the rest waits for the next sweep. */
const MAX_BATCHES = 50;

/**
 * Fetches due rows a batch at a time and moves each on with `handle`, in a transaction of
 * its own, until nothing new is due. A row `handle` did not move on (another process got
 * there first: it returns null) is skipped, and the limit grows by one so that it cannot
 * starve the rest. Returns what `handle` returned for the rows it moved on.
 */
async function drain<T extends { id: number }, R>(
  database: Database,
  fetch: (limit: number) => Promise<T[]>,
  handle: (t: Transaction, row: T) => Promise<R | null>,
): Promise<R[]> {
  const stuck = new Set<number>();
  const done: R[] = [];
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const limit = BATCH + stuck.size;
    const rows = await fetch(limit);
    const fresh = rows.filter((r) => !stuck.has(r.id));
    for (const row of fresh) {
      const outcome = await database.write((t) => handle(t, row));
      if (outcome === null) stuck.add(row.id);
      else done.push(outcome);
    }
    if (fresh.length === 0 || rows.length < limit) break;
  }
  return done;
}

/**
 * One pass of the scheduler. Finds due work through indexed time columns (so its cost
 * follows the work due, not the size of the database) and performs each transition in
 * its own transaction with a conditional update: a sweep that crashes half-way, runs
 * twice, or runs in two processes at once never repeats or skips anything.
 */
export async function runSweep(database: Database, options: { now: Date; mailer?: Mailer | null }): Promise<SweepResult> {
  const { now } = options;
  const result: SweepResult = {
    reminders: 0,
    roundsClosed: 0,
    lateEscalations: 0,
    movedUp: 0,
    flaggedOverdue: 0,
    emailsSent: 0,
    emailsFailed: 0,
    digests: 0,
  };
  result.reminders = await sendReminders(database, now);
  result.roundsClosed = await closeDueRounds(database, now);
  result.lateEscalations = await escalateLateDeclines(database, now);
  const moved = await moveUpEscalations(database, now);
  result.movedUp = moved.movedUp;
  result.flaggedOverdue = moved.flagged;
  result.digests = await sendDigests(database, now);
  if (options.mailer) {
    const delivery = await deliverOutbox(database, options.mailer, now);
    result.emailsSent = delivery.sent;
    result.emailsFailed = delivery.failed;
  }
  await purgeLoginFailures(database, now);
  await pruneSweepers(database, now);
  await rollUpUsage(database, now);
  await database.write((t) => database.models.AppSetting.upsert({ key: "last_sweep_at", value: now.toISOString() }, { transaction: t }));
  return result;
}

async function sendReminders(database: Database, now: Date) {
  const { models } = database;
  const due = (limit: number) =>
    models.PreviewRound.findAll({
      // A round already past its deadline is closed below instead: no reminder after the fact.
      where: {
        state: "open",
        remindedAt: null,
        reminderAt: { [Op.lte]: now },
        dueAt: { [Op.gt]: now },
      },
      order: [["reminderAt", "ASC"]],
      limit,
    });
  const counts = await drain(database, due, (t, round) => remindRound(database, t, round, now));
  return counts.reduce((sum, n) => sum + n, 0);
}

async function closeDueRounds(database: Database, now: Date) {
  const due = (limit: number) =>
    database.models.PreviewRound.findAll({
      where: { state: "open", dueAt: { [Op.lte]: now } },
      order: [["dueAt", "ASC"]],
      limit,
    });
  const closed = await drain(database, due, async (t, round) =>
    (await closeRound(database, t, round, now, "deadline")) ? true : null
  );
  return closed.length;
}

async function escalateLateDeclines(database: Database, now: Date) {
  const due = (limit: number) =>
    database.models.Comment.findAll({
      where: {
        escalateAt: { [Op.lte]: now },
        escalatedAt: null,
        state: { [Op.in]: ["held", "declined", "open"] },
      },
      order: [["escalateAt", "ASC"]],
      limit,
    });
  const escalated = await drain(database, due, async (t, comment) =>
    (await escalateComment(database, t, comment, now)) ? true : null
  );
  return escalated.length;
}

/** Escalations not decided by `decideBy` move up (moveUpEscalation); the chain of command is read once per sweep. */
async function moveUpEscalations(database: Database, now: Date) {
  const due = (limit: number) =>
    database.models.Escalation.findAll({
      where: { state: "open", overdue: false, decideBy: { [Op.lte]: now } },
      order: [["decideBy", "ASC"]],
      limit,
    });
  const chain = chainOfCommand(database);
  const outcomes = await drain(database, due, (t, escalation) => moveUpEscalation(database, t, escalation, now, chain));
  return {
    movedUp: outcomes.filter((o) => o === "moved").length,
    flagged: outcomes.filter((o) => o === "flagged").length,
  };
}
