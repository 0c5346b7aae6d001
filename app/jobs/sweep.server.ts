import { Op, type Transaction } from "sequelize";
import type { Database } from "../lib/db.server";
import type { Mailer } from "../lib/mailer.server";
import { recordAudit } from "../lib/audit.server";
import { teamCalendar } from "../lib/calendar.server";
import { queueEmail } from "../lib/email.server";
import { addBusinessTime, formatDeadline, windowMs } from "../domain/business-time";
import { closeRound } from "../services/close-round.server";
import { DECIDE_WINDOW, escalateComment, escalationBrief, nextAssignees, type Side } from "../services/escalate-comment.server";
import { deliverOutbox } from "./deliver-outbox.server";

export interface SweepResult {
  reminders: number;
  roundsClosed: number;
  lateEscalations: number;
  movedUp: number;
  flaggedOverdue: number;
  emailsSent: number;
  emailsFailed: number;
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
  };
  result.reminders = await sendReminders(database, now);
  result.roundsClosed = await closeDueRounds(database, now);
  result.lateEscalations = await escalateLateDeclines(database, now);
  const moved = await moveUpEscalations(database, now);
  result.movedUp = moved.movedUp;
  result.flaggedOverdue = moved.flagged;
  if (options.mailer) {
    const delivery = await deliverOutbox(database, options.mailer, now);
    result.emailsSent = delivery.sent;
    result.emailsFailed = delivery.failed;
  }
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
  const counts = await drain(database, due, async (t, round) => {
    const [claimed] = await models.PreviewRound.update(
      { remindedAt: now },
      {
        where: { id: round.id, state: "open", remindedAt: null },
        transaction: t,
      }
    );
    if (claimed !== 1) return null;
    const pending = await models.RoundDecision.findAll({
      where: { roundId: round.id, decision: "pending", remindedAt: null },
      include: [{ association: "user" }],
      transaction: t,
    });
    const material = await models.Material.findByPk(round.materialId, {
      transaction: t,
    });
    for (const decision of pending) {
      await models.RoundDecision.update({ remindedAt: now }, { where: { id: decision.id, remindedAt: null }, transaction: t });
      await queueEmail(
        database,
        t,
        decision.user!,
        "reminder",
        {
          subject: `Reminder: your preview of "${material?.title}" closes soon`,
          lines: [
            `A quarter of the preview window is left. Please comment and decide by ${formatDeadline(round.dueAt, decision.user!.timeZone)}.`,
            "If you do not decide by then, you are recorded as having no objection.",
          ],
          link: `/materials/${round.materialId}`,
          linkLabel: "Open the preview",
        },
        now
      );
    }
    return pending.length;
  });
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
        state: { [Op.in]: ["held", "declined"] },
      },
      order: [["escalateAt", "ASC"]],
      limit,
    });
  const escalated = await drain(database, due, async (t, comment) =>
    (await escalateComment(database, t, comment, now)) ? true : null
  );
  return escalated.length;
}

async function moveUpEscalations(database: Database, now: Date) {
  const { models } = database;
  const due = (limit: number) =>
    models.Escalation.findAll({
      where: { state: "open", overdue: false, decideBy: { [Op.lte]: now } },
      order: [["decideBy", "ASC"]],
      limit,
    });
  const outcomes = await drain(database, due, async (t, escalation) => {
    const current = await models.EscalationAssignee.findAll({
      where: { escalationId: escalation.id, level: escalation.level },
      transaction: t,
    });
    const people = await models.User.findAll({
      attributes: ["id", "reportsToId"],
      transaction: t,
    });
    const managerOf = new Map(people.map((p) => [p.id, p.reportsToId ?? null]));
    const next = nextAssignees(
      current.map((a) => ({ userId: a.userId, side: a.side as Side })),
      (id) => managerOf.get(id) ?? null
    );
    if (!next.moved) {
      // Everyone it is addressed to is at the top of their chain: it stays, flagged overdue.
      const [flaggedRows] = await models.Escalation.update(
        { overdue: true },
        {
          where: {
            id: escalation.id,
            state: "open",
            level: escalation.level,
            overdue: false,
          },
          transaction: t,
        }
      );
      if (flaggedRows === 1) {
        await recordAudit(database, t, {
          actorId: null,
          action: "escalation.overdue",
          entityType: "escalation",
          entityId: escalation.id,
          after: { level: escalation.level },
          at: now,
        });
      }
      return flaggedRows === 1 ? ("flagged" as const) : null;
    }
    const round = escalation.roundId
      ? await models.PreviewRound.findByPk(escalation.roundId, {
          transaction: t,
        })
      : null;
    const calendar = round ? await teamCalendar(database, round.teamId, t) : { timeZone: "UTC", holidays: new Set<string>() };
    const decideBy = addBusinessTime(now, windowMs(DECIDE_WINDOW), calendar.timeZone, calendar.holidays);
    const level = escalation.level + 1;
    const [claimed] = await models.Escalation.update(
      { level, decideBy },
      {
        where: { id: escalation.id, state: "open", level: escalation.level },
        transaction: t,
      }
    );
    if (claimed !== 1) return null;
    for (const a of next.assignees) {
      await models.EscalationAssignee.create({ escalationId: escalation.id, userId: a.userId, level, side: a.side }, { transaction: t });
    }
    await recordAudit(database, t, {
      actorId: null,
      action: "escalation.moved_up",
      entityType: "escalation",
      entityId: escalation.id,
      before: {
        level: escalation.level,
        assignees: current.map((a) => a.userId),
      },
      after: {
        level,
        assignees: next.assignees.map((a) => a.userId),
        decideBy: decideBy.toISOString(),
      },
      at: now,
    });
    const comment = await models.Comment.findByPk(escalation.commentId, {
      transaction: t,
    });
    const commenter = await models.User.findByPk(comment!.authorId, {
      transaction: t,
    });
    const marketer = comment!.answeredById ? await models.User.findByPk(comment!.answeredById, { transaction: t }) : null;
    const material = await models.Material.findByPk(escalation.materialId, {
      transaction: t,
    });
    const readers = await models.User.findAll({
      where: { id: { [Op.in]: next.assignees.map((a) => a.userId) } },
      transaction: t,
    });
    for (const reader of readers) {
      await queueEmail(
        database,
        t,
        reader,
        "escalation_moved_up",
        escalationBrief(reader, comment!, commenter, marketer, material?.title ?? "", escalation.id, decideBy, "moved"),
        now
      );
    }
    return "moved" as const;
  });
  return {
    movedUp: outcomes.filter((o) => o === "moved").length,
    flagged: outcomes.filter((o) => o === "flagged").length,
  };
}
