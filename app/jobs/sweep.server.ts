import { Op } from "sequelize";
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
 * Fetches due rows a batch at a time and handles each, until nothing new is due. A row its
 * handler did not move on (another process got there first, so it returns false) stays in
 * the query's results; it is skipped, and the limit grows by one so it cannot starve the rest.
 */
async function drain<T extends { id: number }>(fetch: (limit: number) => Promise<T[]>, handle: (row: T) => Promise<boolean>) {
  const stuck = new Set<number>();
  let done = 0;
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const limit = BATCH + stuck.size;
    const rows = await fetch(limit);
    const fresh = rows.filter((r) => !stuck.has(r.id));
    for (const row of fresh) {
      if (await handle(row)) done++;
      else stuck.add(row.id);
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
  const result: SweepResult = { reminders: 0, roundsClosed: 0, lateEscalations: 0, movedUp: 0, flaggedOverdue: 0, emailsSent: 0, emailsFailed: 0 };
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
  let sent = 0;
  const due = (limit: number) =>
    models.PreviewRound.findAll({
      // A round already past its deadline is closed below instead: no reminder after the fact.
      where: { state: "open", remindedAt: null, reminderAt: { [Op.lte]: now }, dueAt: { [Op.gt]: now } },
      order: [["reminderAt", "ASC"]],
      limit,
    });
  await drain(due, async (round) => {
    const reminded = await database.write(async (t) => {
      const [claimed] = await models.PreviewRound.update(
        { remindedAt: now },
        { where: { id: round.id, state: "open", remindedAt: null }, transaction: t },
      );
      if (claimed !== 1) return null;
      const pending = await models.RoundDecision.findAll({
        where: { roundId: round.id, decision: "pending", remindedAt: null },
        include: [{ association: "user" }],
        transaction: t,
      });
      const material = await models.Material.findByPk(round.materialId, { transaction: t });
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
          now,
        );
      }
      return pending.length;
    });
    if (reminded === null) return false;
    sent += reminded;
    return true;
  });
  return sent;
}

async function closeDueRounds(database: Database, now: Date) {
  const due = (limit: number) =>
    database.models.PreviewRound.findAll({ where: { state: "open", dueAt: { [Op.lte]: now } }, order: [["dueAt", "ASC"]], limit });
  return drain(due, (round) => database.write((t) => closeRound(database, t, round, now, "deadline")));
}

async function escalateLateDeclines(database: Database, now: Date) {
  const due = (limit: number) =>
    database.models.Comment.findAll({ where: { escalateAt: { [Op.lte]: now }, escalatedAt: null, state: { [Op.in]: ["held", "declined"] } }, order: [["escalateAt", "ASC"]], limit });
  return drain(due, (comment) => database.write((t) => escalateComment(database, t, comment, now)));
}

async function moveUpEscalations(database: Database, now: Date) {
  const { models } = database;
  const due = (limit: number) =>
    models.Escalation.findAll({ where: { state: "open", overdue: false, decideBy: { [Op.lte]: now } }, order: [["decideBy", "ASC"]], limit });
  let movedUp = 0;
  let flagged = 0;
  await drain(due, async (escalation) => {
    const outcome = await database.write(async (t) => {
      const current = await models.EscalationAssignee.findAll({ where: { escalationId: escalation.id, level: escalation.level }, transaction: t });
      const people = await models.User.findAll({ attributes: ["id", "reportsToId"], transaction: t });
      const managerOf = new Map(people.map((p) => [p.id, p.reportsToId ?? null]));
      const next = nextAssignees(
        current.map((a) => ({ userId: a.userId, side: a.side as Side })),
        (id) => managerOf.get(id) ?? null,
      );
      if (!next.moved) {
        // Everyone it is addressed to is at the top of their chain: it stays, flagged overdue.
        const [flaggedRows] = await models.Escalation.update(
          { overdue: true },
          { where: { id: escalation.id, state: "open", level: escalation.level, overdue: false }, transaction: t },
        );
        if (flaggedRows === 1) {
          await recordAudit(database, t, { actorId: null, action: "escalation.overdue", entityType: "escalation", entityId: escalation.id, after: { level: escalation.level }, at: now });
        }
        return flaggedRows === 1 ? "flagged" : "none";
      }
      const round = escalation.roundId ? await models.PreviewRound.findByPk(escalation.roundId, { transaction: t }) : null;
      const calendar = round ? await teamCalendar(database, round.teamId, t) : { timeZone: "UTC", holidays: new Set<string>() };
      const decideBy = addBusinessTime(now, windowMs(DECIDE_WINDOW), calendar.timeZone, calendar.holidays);
      const level = escalation.level + 1;
      const [claimed] = await models.Escalation.update(
        { level, decideBy },
        { where: { id: escalation.id, state: "open", level: escalation.level }, transaction: t },
      );
      if (claimed !== 1) return "none";
      for (const a of next.assignees) {
        await models.EscalationAssignee.create({ escalationId: escalation.id, userId: a.userId, level, side: a.side }, { transaction: t });
      }
      await recordAudit(database, t, {
        actorId: null,
        action: "escalation.moved_up",
        entityType: "escalation",
        entityId: escalation.id,
        before: { level: escalation.level, assignees: current.map((a) => a.userId) },
        after: { level, assignees: next.assignees.map((a) => a.userId), decideBy: decideBy.toISOString() },
        at: now,
      });
      const comment = await models.Comment.findByPk(escalation.commentId, { transaction: t });
      const commenter = await models.User.findByPk(comment!.authorId, { transaction: t });
      const marketer = comment!.answeredById ? await models.User.findByPk(comment!.answeredById, { transaction: t }) : null;
      const material = await models.Material.findByPk(escalation.materialId, { transaction: t });
      const readers = await models.User.findAll({ where: { id: { [Op.in]: next.assignees.map((a) => a.userId) } }, transaction: t });
      for (const reader of readers) {
        await queueEmail(database, t, reader, "escalation_moved_up", escalationBrief(reader, comment!, commenter, marketer, material?.title ?? "", escalation.id, decideBy, "moved"), now);
      }
      return "moved";
    });
    if (outcome === "moved") movedUp++;
    if (outcome === "flagged") flagged++;
    return outcome !== "none";
  });
  return { movedUp, flagged };
}
