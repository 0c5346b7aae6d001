import { Op, type Transaction } from "sequelize";
import type { Comment, Escalation, PreviewRound } from "../../models/index";
import type { Database } from "../lib/db.server";
import type { Mailer } from "../lib/mailer.server";
import { closeRound } from "../commands/close-round.server";
import { escalateComment } from "../commands/escalate-comment.server";
import { chainOfCommand, moveUpEscalation } from "../commands/move-up-escalation.server";
import { remindRound } from "../commands/remind-round.server";
import { purgeLoginFailures } from "../commands/purge-login-failures.server";
import { env } from "../lib/env.server";
import { deliverOutbox, processSendRate, type DeliveryOptions } from "./deliver-outbox.server";
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
 * PostgreSQL: rows claimed (locked) per transaction. Small, so that N sweepers each take a
 * share and a row stays locked only for the few milliseconds its batch takes.
 */
const CLAIM = 10;
/** PostgreSQL: a batch that lost a deadlock to another transaction is rolled back and tried again this many times. */
const RETRIES = 3;

/**
 * Finds due rows: at most `limit`, none of `exclude`. Given a transaction (PostgreSQL), the
 * rows are locked for it; with `skipLocked`, rows another transaction holds are passed over,
 * so that concurrent sweepers take different rows instead of queueing for the same ones.
 */
type Fetch<T> = (limit: number, options: { exclude: number[]; transaction?: Transaction; skipLocked?: boolean }) => Promise<T[]>;

/** The `where` and lock options that turn a due-rows query into a claim (see Fetch). */
function claimOptions(options: { exclude: number[]; transaction?: Transaction; skipLocked?: boolean }) {
  const { exclude, transaction } = options;
  return {
    where: exclude.length ? { id: { [Op.notIn]: exclude } } : {},
    // NO KEY UPDATE: rows that refer to a claimed one (a comment on the round) can still be written meanwhile.
    ...(transaction ? { transaction, lock: transaction.LOCK.NO_KEY_UPDATE, skipLocked: options.skipLocked ?? false } : {}),
  };
}

/**
 * Moves every due row on with `handle` until nothing new is due. Each `handle` makes its
 * own conditional update, so a row another process moved on first comes back null: it is
 * skipped (excluded from later fetches, so it cannot starve the rest). Returns what
 * `handle` returned for the rows it moved on.
 *
 * SQLite has one writer: rows are fetched a batch at a time and each is handled in a write
 * transaction of its own. PostgreSQL: each transaction claims a few rows with
 * `FOR NO KEY UPDATE SKIP LOCKED` and handles them before it commits, so N sweepers split
 * the due rows between them and none repeats another's work. Once every due row is locked
 * by someone else (another sweeper's batch, or a person acting on it this very moment), the
 * claim waits for those locks instead: a row still due when its lock is released is taken,
 * one moved on meanwhile no longer matches, so nothing due is left for the next sweep.
 */
async function drain<T extends { id: number }, R>(
  database: Database,
  fetch: Fetch<T>,
  handle: (t: Transaction, row: T) => Promise<R | null>,
  claim = CLAIM,
): Promise<R[]> {
  const stuck = new Set<number>();
  const done: R[] = [];
  if (database.dialect === "postgres") {
    for (let claimed = 0; claimed < BATCH * MAX_BATCHES; ) {
      const batch = await retryDeadlocks(() =>
        database.write(async (t) => {
          const exclude = [...stuck];
          let rows = await fetch(claim, { exclude, transaction: t, skipLocked: true });
          if (rows.length === 0) rows = await fetch(claim, { exclude, transaction: t });
          const outcomes: (R | null)[] = [];
          for (const row of rows) outcomes.push(await handle(t, row));
          return rows.map((row, i) => ({ id: row.id, outcome: outcomes[i] }));
        }),
      );
      if (batch.length === 0) break;
      for (const { id, outcome } of batch) {
        if (outcome === null) stuck.add(id);
        else done.push(outcome);
      }
      claimed += batch.length;
    }
    return done;
  }
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const limit = BATCH + stuck.size;
    const rows = await fetch(limit, { exclude: [] });
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
 * Runs a PostgreSQL transaction again when the server chose it as a deadlock's victim
 * (two batches touching the same material in opposite orders). It was rolled back whole,
 * so trying again repeats nothing.
 */
async function retryDeadlocks<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const code = (error as { original?: { code?: string } }).original?.code;
      if (code !== "40P01" || attempt > RETRIES) throw error;
    }
  }
}

/**
 * One pass of the scheduler. Finds due work through indexed time columns (so its cost
 * follows the work due, not the size of the database) and performs each transition with
 * a conditional update, in a transaction of its own (SQLite) or with the few others its
 * transaction claimed (PostgreSQL, see drain): a sweep that crashes half-way, runs twice,
 * or runs in several processes at once never repeats or skips anything, and sweepers in
 * several processes split the due work between them.
 */
export async function runSweep(
  database: Database,
  options: {
    now: Date;
    mailer?: Mailer | null;
    /** How email goes out; by default at most SMTP_MAX_PER_MINUTE per minute from this process. */
    delivery?: DeliveryOptions;
    /** PostgreSQL: due rows each transaction claims (CLAIM). */
    claim?: number;
  },
): Promise<SweepResult> {
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
  const claim = options.claim ?? CLAIM;
  result.reminders = await sendReminders(database, now, claim);
  result.roundsClosed = await closeDueRounds(database, now, claim);
  result.lateEscalations = await escalateLateDeclines(database, now, claim);
  const moved = await moveUpEscalations(database, now, claim);
  result.movedUp = moved.movedUp;
  result.flaggedOverdue = moved.flagged;
  result.digests = await sendDigests(database, now);
  if (options.mailer) {
    const delivery = await deliverOutbox(database, options.mailer, now, {
      ...options.delivery,
      rate: options.delivery?.rate ?? processSendRate(env().SMTP_MAX_PER_MINUTE),
    });
    result.emailsSent = delivery.sent;
    result.emailsFailed = delivery.failed;
  }
  await purgeLoginFailures(database, now);
  await pruneSweepers(database, now);
  await rollUpUsage(database, now);
  await database.write((t) => database.models.AppSetting.upsert({ key: "last_sweep_at", value: now.toISOString() }, { transaction: t }));
  return result;
}

async function sendReminders(database: Database, now: Date, claim: number) {
  const { models } = database;
  const due: Fetch<PreviewRound> = (limit, scope) => {
    const { where, ...lock } = claimOptions(scope);
    return models.PreviewRound.findAll({
      // A round already past its deadline is closed below instead: no reminder after the fact.
      where: {
        ...where,
        state: "open",
        remindedAt: null,
        reminderAt: { [Op.lte]: now },
        dueAt: { [Op.gt]: now },
      },
      order: [["reminderAt", "ASC"]],
      limit,
      ...lock,
    });
  };
  const counts = await drain(database, due, (t, round) => remindRound(database, t, round, now), claim);
  return counts.reduce((sum, n) => sum + n, 0);
}

async function closeDueRounds(database: Database, now: Date, claim: number) {
  const due: Fetch<PreviewRound> = (limit, scope) => {
    const { where, ...lock } = claimOptions(scope);
    return database.models.PreviewRound.findAll({
      where: { ...where, state: "open", dueAt: { [Op.lte]: now } },
      order: [["dueAt", "ASC"]],
      limit,
      ...lock,
    });
  };
  const closed = await drain(database, due, async (t, round) => ((await closeRound(database, t, round, now, "deadline")) ? true : null), claim);
  return closed.length;
}

async function escalateLateDeclines(database: Database, now: Date, claim: number) {
  const due: Fetch<Comment> = (limit, scope) => {
    const { where, ...lock } = claimOptions(scope);
    return database.models.Comment.findAll({
      where: {
        ...where,
        escalateAt: { [Op.lte]: now },
        escalatedAt: null,
        state: { [Op.in]: ["held", "declined", "open"] },
      },
      order: [["escalateAt", "ASC"]],
      limit,
      ...lock,
    });
  };
  const escalated = await drain(database, due, async (t, comment) => ((await escalateComment(database, t, comment, now)) ? true : null), claim);
  return escalated.length;
}

/** Escalations not decided by `decideBy` move up (moveUpEscalation); the chain of command is read once per sweep. */
async function moveUpEscalations(database: Database, now: Date, claim: number) {
  const due: Fetch<Escalation> = (limit, scope) => {
    const { where, ...lock } = claimOptions(scope);
    return database.models.Escalation.findAll({
      where: { ...where, state: "open", overdue: false, decideBy: { [Op.lte]: now } },
      order: [["decideBy", "ASC"]],
      limit,
      ...lock,
    });
  };
  const chain = chainOfCommand(database);
  const outcomes = await drain(database, due, (t, escalation) => moveUpEscalation(database, t, escalation, now, chain), claim);
  return {
    movedUp: outcomes.filter((o) => o === "moved").length,
    flagged: outcomes.filter((o) => o === "flagged").length,
  };
}
