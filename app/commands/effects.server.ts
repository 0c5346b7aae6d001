import { Op, type Transaction } from "sequelize";
import { insertRows, type Database } from "../lib/db.server";
import type { AuditEntry } from "../lib/audit.server";
import { queueEmails, type QueuedEmail } from "../lib/email.server";
import type { EmailThread } from "../lib/reply-address.server";
import { refused } from "../lib/errors";
import type { Allowed, NoticeKind, Verdict } from "../domain/workflow/index";
import { WORKFLOW_EMAILS, type Reader, type WorkflowEmailFacts } from "../emails/workflow";
import { PREFERENCES, effectiveDelivery, preferenceOf } from "../domain/notifications";
import { nextDigestAt } from "../domain/digest";
import { unsubscribeToken } from "../lib/unsubscribe.server";
import { loadDeliveries } from "../rules/notification-deliveries.server";

/** The changes of an allowed verdict, or the refusal thrown as the app's one error type. */
export function orRefuse<C>(verdict: Verdict<C>): Allowed<C> {
  if (!verdict.ok) refused(verdict);
  return verdict;
}

export type KnownReader = Reader & { email: string; active: boolean };

export type NoticeFacts = WorkflowEmailFacts;

const COMMENT_THREAD_KINDS = new Set<NoticeKind>(["comment_posted", "comment_accepted", "comment_declined", "comment_held", "comment_withdrawn"]);
const ESCALATION_THREAD_KINDS = new Set<NoticeKind>(["escalation", "escalation_moved_up", "escalation_proposed"]);

/**
 * The thread a reply to a notice's email lands in: the comment's thread for news of a
 * comment or reply (and a mention in one), the discussion of an escalation waiting for a
 * decision. Other notices have none.
 */
export function threadOf(kind: NoticeKind, facts: NoticeFacts): EmailThread | undefined {
  const commentId = facts.post?.commentId;
  if (kind === "mentioned") {
    if (facts.post?.where === "discussion") return facts.escalation ? { type: "escalation", id: facts.escalation.id } : undefined;
    return commentId ? { type: "comment", id: commentId } : undefined;
  }
  if (COMMENT_THREAD_KINDS.has(kind)) return commentId ? { type: "comment", id: commentId } : undefined;
  if (ESCALATION_THREAD_KINDS.has(kind) && facts.escalation) return { type: "escalation", id: facts.escalation.id };
  return undefined;
}

/**
 * What verdicts cause, gathered during one transaction and written at its end: every
 * audit row in one statement, every email in one and every notification in one, worded by
 * the template of each notice's kind. Each reader's preference for the kind decides the
 * email: sent at once (with links to change that), held for their daily digest, or none;
 * the in-app notice always comes. A notice to someone deactivated is dropped. Readers the
 * caller already loaded are not read again.
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
    const deliveries = await loadDeliveries(database, t, [...new Set(this.notices.map((n) => n.to))]);
    const mail: QueuedEmail[] = [];
    const inApp: { userId: number; text: string; link: string; createdAt: Date }[] = [];
    const held: Record<string, unknown>[] = [];
    for (const notice of this.notices) {
      const reader = this.readers.get(notice.to);
      if (!reader?.active) continue;
      const preference = preferenceOf(notice.kind);
      const delivery = effectiveDelivery(preference, deliveries.get(reader.id)?.get(preference));
      const content = WORKFLOW_EMAILS[notice.kind](notice.facts, reader);
      if (delivery === "immediately") {
        const token = await unsubscribeToken(database, reader.id, preference);
        mail.push({
          to: reader,
          kind: notice.kind,
          content: { ...content, unsubscribe: { why: PREFERENCES[preference].label, preferences: "/account/notifications", oneClick: `/unsubscribe/${token}` } },
          thread: threadOf(notice.kind, notice.facts),
        });
        continue;
      }
      inApp.push({ userId: reader.id, text: content.subject.slice(0, 500), link: content.link, createdAt: at });
      if (delivery === "digest") {
        held.push({
          userId: reader.id,
          kind: notice.kind,
          materialId: notice.facts.material.id || null,
          materialTitle: notice.facts.material.title.slice(0, 255),
          subject: content.subject.slice(0, 255),
          text: content.lines.join("\n"),
          link: content.link.slice(0, 255),
          dueAt: nextDigestAt(at, reader.timeZone),
          createdAt: at,
        });
      }
    }
    await queueEmails(database, t, mail, at);
    await insertRows(database, t, "notifications", inApp);
    await insertRows(database, t, "digest_items", held);
    this.audit = [];
    this.notices = [];
  }
}

/** Writes what one verdict causes, inside the caller's transaction (see Effects). */
export async function applyEvents(database: Database, t: Transaction, verdict: Allowed<unknown>, actorId: number | null, at: Date, facts: NoticeFacts) {
  await new Effects().add(verdict, actorId, at, facts).flush(database, t, at);
}
