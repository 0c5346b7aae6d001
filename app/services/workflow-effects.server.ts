import { Op, type Transaction } from "sequelize";
import { insertRows, type Database } from "../lib/db.server";
import type { AuditEntry } from "../lib/audit.server";
import { queueEmails, type QueuedEmail } from "../lib/email.server";
import type { EmailThread } from "../lib/reply-address.server";
import { refused } from "../lib/errors";
import type { Allowed, Verdict } from "../domain/workflow";
import { WORKFLOW_EMAILS, type Reader, type WorkflowEmailFacts } from "../emails/workflow";

/** The changes of an allowed verdict, or the refusal thrown as the app's one error type. */
export function orRefuse<C>(verdict: Verdict<C>): Allowed<C> {
  if (!verdict.ok) refused(verdict);
  return verdict;
}

export type KnownReader = Reader & { email: string; active: boolean };

/** A notice's facts, with the comment thread it is about when there is one (its root comment). */
export type NoticeFacts = WorkflowEmailFacts & { thread?: EmailThread };

/**
 * The thread a reply to a notice's email lands in: the declined comment's thread, or the
 * discussion of an escalation still waiting for a decision. Other notices have none.
 */
export function threadOf(kind: keyof typeof WORKFLOW_EMAILS, facts: NoticeFacts): EmailThread | undefined {
  if (kind === "comment_declined") return facts.thread;
  if ((kind === "escalation" || kind === "escalation_moved_up" || kind === "escalation_proposed") && facts.escalation) return { type: "escalation", id: facts.escalation.id };
  return undefined;
}

/**
 * What verdicts cause, gathered during one transaction and written at its end: every
 * audit row in one statement, every email in one and every notification in one, worded by
 * the template of each notice's kind. A notice to someone deactivated is dropped. Readers
 * the caller already loaded are not read again.
 */
export class Effects {
  private audit: AuditEntry[] = [];
  private notices: { kind: keyof typeof WORKFLOW_EMAILS; to: number; facts: NoticeFacts }[] = [];
  private readers = new Map<number, KnownReader>();

  /** `facts` may depend on what a notice is about (its `about`: the team of a round, say). */
  add(verdict: Allowed<unknown>, actorId: number | null, at: Date, facts: NoticeFacts | ((about: number | undefined) => NoticeFacts)) {
    for (const entry of verdict.audit) this.audit.push({ actorId, ...entry, at });
    for (const notice of verdict.notices) this.notices.push({ kind: notice.kind, to: notice.to, facts: typeof facts === "function" ? facts(notice.about) : facts });
    return this;
  }

  know(readers: Iterable<KnownReader>) {
    for (const reader of readers) this.readers.set(reader.id, reader);
    return this;
  }

  async flush(database: Database, t: Transaction, at: Date) {
    const { models } = database;
    await insertRows(
      database,
      t,
      "audit_events",
      this.audit.map((e) => ({ actorId: e.actorId, action: e.action, entityType: e.entityType, entityId: String(e.entityId), before: e.before ?? null, after: e.after ?? null, createdAt: e.at })),
    );
    const unknown = [...new Set(this.notices.map((n) => n.to))].filter((id) => !this.readers.has(id));
    if (unknown.length) {
      const rows = await models.User.findAll({ where: { id: { [Op.in]: unknown } }, attributes: ["id", "name", "email", "timeZone", "active"], transaction: t });
      this.know(rows.map((r) => ({ id: r.id, name: r.name, email: r.email, timeZone: r.timeZone, active: r.active })));
    }
    const mail: QueuedEmail[] = [];
    for (const notice of this.notices) {
      const reader = this.readers.get(notice.to);
      if (reader?.active) mail.push({ to: reader, kind: notice.kind, content: WORKFLOW_EMAILS[notice.kind](notice.facts, reader), thread: threadOf(notice.kind, notice.facts) });
    }
    await queueEmails(database, t, mail, at);
    this.audit = [];
    this.notices = [];
  }
}

/** Writes what one verdict causes, inside the caller's transaction (see Effects). */
export async function applyEvents(database: Database, t: Transaction, verdict: Allowed<unknown>, actorId: number | null, at: Date, facts: NoticeFacts) {
  await new Effects().add(verdict, actorId, at, facts).flush(database, t, at);
}
