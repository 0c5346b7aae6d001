import { Op, type Transaction } from "sequelize";
import type { Database } from "../lib/db.server";
import type { Mailer } from "../lib/mailer.server";
import { recordAudit } from "../lib/audit.server";
import { addBusinessTime, windowMs } from "../domain/business-time";
import { closeRound } from "../services/close-round.server";
import { disputeCalendar, escalateComment } from "../services/escalate-comment.server";
import { applyEvents, Effects } from "../services/workflow-effects.server";
import { allow, DECIDE_WINDOW, nextLevel, tell, type Side } from "../domain/workflow";
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
    if (pending.length) {
      await models.RoundDecision.update({ remindedAt: now }, { where: { id: { [Op.in]: pending.map((d) => d.id) }, remindedAt: null }, transaction: t });
    }
    // Each undecided member is reminded once, worded by the reminder template.
    await new Effects()
      .know(pending.filter((d) => d.user).map((d) => ({ id: d.user!.id, name: d.user!.name, email: d.user!.email, timeZone: d.user!.timeZone, active: d.user!.active })))
      .add(allow(null, [], tell("reminder", pending.map((d) => d.userId), null)), null, now, { material: { id: round.materialId, title: material?.title ?? "" }, round: { dueAt: round.dueAt } })
      .flush(database, t, now);
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

/**
 * Escalations not decided by `decideBy` move one level up both chains (the rules are the
 * workflow's `nextLevel`); only people newly addressed are told. At the top of both
 * chains they stay, flagged overdue. The chain of command is read once per sweep.
 */
async function moveUpEscalations(database: Database, now: Date) {
  const { models } = database;
  const due = (limit: number) =>
    models.Escalation.findAll({
      where: { state: "open", overdue: false, decideBy: { [Op.lte]: now } },
      order: [["decideBy", "ASC"]],
      limit,
    });
  let managerOf: Map<number, number | null> | null = null;
  const outcomes = await drain(database, due, async (t, escalation) => {
    if (!managerOf) {
      const people = await models.User.findAll({ attributes: ["id", "reportsToId"], transaction: t });
      managerOf = new Map(people.map((p) => [p.id, p.reportsToId ?? null]));
    }
    const chain = managerOf;
    const assignees = await models.EscalationAssignee.findAll({ where: { escalationId: escalation.id }, attributes: ["userId", "level", "side"], transaction: t });
    const current = assignees.filter((a) => a.level === escalation.level).map((a) => ({ userId: a.userId, side: a.side as Side }));
    const next = nextLevel(current, [...new Set(assignees.map((a) => a.userId))], (id) => chain.get(id) ?? null);
    if (next.overdue) {
      // Nobody higher on either chain: it stays, flagged overdue on the heads' and the admin's homes.
      const [flagged] = await models.Escalation.update(
        { overdue: true },
        { where: { id: escalation.id, state: "open", level: escalation.level, overdue: false }, transaction: t },
      );
      if (flagged !== 1) return null;
      await recordAudit(database, t, { actorId: null, action: "escalation.overdue", entityType: "escalation", entityId: escalation.id, after: { level: escalation.level }, at: now });
      return "flagged" as const;
    }
    const calendar = await disputeCalendar(database, t, escalation.roundId ?? null);
    const decideBy = addBusinessTime(now, windowMs(DECIDE_WINDOW), calendar.timeZone, calendar.holidays);
    const level = escalation.level + 1;
    const [claimed] = await models.Escalation.update({ level, decideBy }, { where: { id: escalation.id, state: "open", level: escalation.level }, transaction: t });
    if (claimed !== 1) return null;
    await models.EscalationAssignee.bulkCreate(
      next.assignees.map((a) => ({ escalationId: escalation.id, userId: a.userId, level, side: a.side })),
      { transaction: t },
    );
    const comment = await models.Comment.findByPk(escalation.commentId, { transaction: t });
    const [people, material] = await Promise.all([
      models.User.findAll({ where: { id: { [Op.in]: [comment!.authorId, comment!.answeredById ?? -1] } }, attributes: ["id", "name"], transaction: t }),
      models.Material.findByPk(escalation.materialId, { attributes: ["id", "title"], transaction: t }),
    ]);
    const verdict = allow(
      null,
      [
        {
          action: "escalation.moved_up",
          entityType: "escalation",
          entityId: escalation.id,
          before: { level: escalation.level, assignees: current.map((a) => a.userId) },
          after: { level, assignees: next.assignees.map((a) => a.userId), decideBy: decideBy.toISOString() },
        },
      ],
      tell("escalation_moved_up", next.newlyAddressed, null),
    );
    await applyEvents(database, t, verdict, null, now, {
      material: { id: escalation.materialId, title: material?.title ?? "" },
      comment: { body: comment!.body, page: comment!.page, category: comment!.category, kind: comment!.kind, declineReason: comment!.declineReason ?? null },
      commenter: people.find((p) => p.id === comment!.authorId)?.name,
      marketer: people.find((p) => p.id === comment!.answeredById)?.name,
      escalation: { id: escalation.id, decideBy, level },
    });
    return "moved" as const;
  });
  return {
    movedUp: outcomes.filter((o) => o === "moved").length,
    flagged: outcomes.filter((o) => o === "flagged").length,
  };
}
