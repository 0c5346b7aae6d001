/**
 * What every workflow rule returns: a refusal a person understands, or the changes to
 * make and the events they cause. Rules are pure: the facts, the actor and `now` come in;
 * nothing is read from a database or a clock.
 */
import type { Role } from "../../lib/permissions";

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

/** Who hears about what: one email (and in-app notification) per recipient, worded by the template of its kind. */
export interface Notice {
  kind: NoticeKind;
  to: number;
  /** What it is about, when one verdict speaks of several (the team of a round, say). */
  about?: number;
}

export type NoticeKind =
  | "preview_requested"
  | "plan_preview_opened"
  | "reminder"
  | "comment_declined"
  | "round_closed"
  | "escalation"
  | "escalation_moved_up"
  | "escalation_proposed"
  | "escalation_decided"
  | "escalation_withdrawn"
  | "material_released"
  | "preview_withdrawn"
  | "decision_moved"
  | "decision_handed"
  | "release_objection";

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

/** One notice per person, never to the actor, whatever order the lists came in. */
export function tell(kind: NoticeKind, people: Iterable<number | null | undefined>, actorId: number | null, about?: number): Notice[] {
  const seen = new Set<number>();
  const notices: Notice[] = [];
  for (const id of people) {
    if (id === null || id === undefined || id === actorId || seen.has(id)) continue;
    seen.add(id);
    notices.push(about === undefined ? { kind, to: id } : { kind, to: id, about });
  }
  return notices;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
