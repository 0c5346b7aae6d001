import { Op, type Transaction } from "sequelize";
import type { Database } from "../lib/db.server";
import { recordAudit } from "../lib/audit.server";
import { queueEmail } from "../lib/email.server";
import { refused } from "../lib/errors";
import type { Allowed, Verdict } from "../domain/workflow";
import { WORKFLOW_EMAILS, type WorkflowEmailFacts } from "../emails/workflow";

/** The changes of an allowed verdict, or the refusal thrown as the app's one error type. */
export function orRefuse<C>(verdict: Verdict<C>): Allowed<C> {
  if (!verdict.ok) refused(verdict);
  return verdict;
}

/**
 * Writes what a verdict causes, inside the caller's transaction: its audit rows, and for
 * each notice one email and in-app notification worded by the template of its kind. A
 * notice to someone deactivated is dropped.
 */
export async function applyEvents(database: Database, t: Transaction, verdict: Allowed<unknown>, actorId: number | null, at: Date, facts: WorkflowEmailFacts) {
  for (const entry of verdict.audit) await recordAudit(database, t, { actorId, ...entry, at });
  if (verdict.notices.length === 0) return;
  const readers = await database.models.User.findAll({
    where: { id: { [Op.in]: [...new Set(verdict.notices.map((n) => n.to))] }, active: true },
    attributes: ["id", "name", "email", "timeZone"],
    transaction: t,
  });
  const byId = new Map(readers.map((r) => [r.id, r]));
  for (const notice of verdict.notices) {
    const reader = byId.get(notice.to);
    if (reader) await queueEmail(database, t, reader, notice.kind, WORKFLOW_EMAILS[notice.kind](facts, reader), at);
  }
}
