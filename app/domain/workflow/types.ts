/**
 * What every workflow rule returns: a refusal a person understands, or the changes to
 * make and the events they cause. Rules are pure: the facts, the actor and `now` come in;
 * nothing is read from a database or a clock.
 */
import type { Role } from "../roles";

export type RefusalCode = "invalid" | "forbidden" | "not_found" | "conflict";

export interface Refusal {
  ok: false;
  code: RefusalCode;
  message: string;
  /** The form field the message belongs beside, when it is about one. */
  field?: string;
}

/** An audit row to write with the change. */
export interface AuditFact {
  action: string;
  entityType: "comment" | "round" | "escalation" | "material";
  entityId: number;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

export type { Notice, NoticeKind } from "../notifications";
export { notify } from "../notifications";
import type { Notice } from "../notifications";

export interface Allowed<C> {
  ok: true;
  changes: C;
  audit: AuditFact[];
  notices: Notice[];
}

export type Verdict<C> = Refusal | Allowed<C>;

export interface WorkflowActor {
  id: number;
  role: Role;
  active: boolean;
}

export function refuse(code: RefusalCode, message: string, field?: string): Refusal {
  return field ? { ok: false, code, message, field } : { ok: false, code, message };
}

export function allow<C>(changes: C, audit: AuditFact[] = [], notices: Notice[] = []): Allowed<C> {
  return { ok: true, changes, audit, notices };
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
