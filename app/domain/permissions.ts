import type { Role } from "./roles";

/**
 * The one place that says who may do what, by role and by relationship to the object.
 * Services enforce with `requirePermission`; loaders ask `can` to decide which links and
 * buttons to show. An action in PERMISSIONS needs one of its roles; an action in
 * RELATIONS needs the relationship (whatever the role), and both when it is in both.
 */
export const PERMISSIONS = {
  "home:view": ["marketer", "sales", "manager", "admin"],
  "admin:access": ["admin"],
  "user:manage": ["admin"],
  "team:manage": ["admin"],
  "audit:view": ["admin"],
  // Materials: who may open the list at all. Which materials each person sees is decided
  // per object in rules/material-access.server.ts (marketers, managers and admins see
  // all; sales reps see those aimed at their teams).
  "material:list": ["marketer", "sales", "manager", "admin"],
  "material:create": ["marketer"],
  "material:add-version": ["marketer"],
  // Committee members comment; per object, only on materials aimed at their committee's team.
  "comment:create": ["sales"],
  "comment:answer": ["marketer"],
  "material:submit": ["marketer"],
  "material:release": ["marketer"],
  // The top bar's link to the escalation queue. Deciding one is by relationship (RELATIONS):
  // whoever it is addressed to, whatever their role.
  "escalation:list": ["manager"],
  // Per object: only a pending member of the round's committee (RELATIONS).
  "round:decide": ["sales"],
  "calendar:manage": ["admin"],
  // Annual plans. Per object: reps see their own teams' pre-plans and plans; of the
  // managers, only the marketing head and the team's sales manager edit and confirm.
  "preplan:view": ["marketer", "sales", "manager", "admin"],
  "preplan:edit": ["marketer", "manager"],
  "preplan:confirm": ["manager"],
  "plan:deviations": ["marketer"],
  // Process numbers both departments read: team totals only, never a rep's own figures.
  "metrics:view": ["marketer", "manager", "admin"],
  // One's own use of released material (and a manager's reports'): reps and managers.
  "usage:history": ["sales", "manager"],
  // Everyone may subscribe to their own deadlines.
  "calendar:feed": ["marketer", "sales", "manager", "admin"],
  "outbox:view": ["admin"],
  // The list of customer segments field feedback is filed under.
  "segment:manage": ["admin"],
  // "From the field": a marketer reads the feedback on their material; managers and admins
  // read any marketer's, or all. Posting is per object: a sales rep of a target team.
  "feedback:field": ["marketer", "manager", "admin"],
  "feedback:post": ["sales"],
  // Requests for material: reps file them for their own team (and see that team's, per
  // object); marketing answers; managers and admins read them all.
  "request:list": ["marketer", "sales", "manager", "admin"],
  "request:create": ["sales"],
  "request:answer": ["marketer"],
} as const satisfies Record<string, readonly Role[]>;

/** What an object says about the actor's relationship to it; each action reads its own part. */
export interface Relations {
  /** The round's committee members who have not decided yet. */
  pendingMembers?: readonly number[];
  /** An escalation's managers at its current level. */
  addressedNow?: readonly number[];
  /** Everyone an escalation was ever addressed to. */
  everAddressed?: readonly number[];
  /** The two sides of a dispute: the commenter, the marketer who answered, the material's owner. */
  parties?: readonly number[];
  /** Who wrote the comment. */
  authorId?: number;
}

/**
 * Actions decided by relationship, not role: an escalation addressed to a rep (someone
 * reports to them) is theirs to decide; the brief is for those involved.
 */
export const RELATIONS = {
  "round:decide": (a: Actor, o: Relations) => (o.pendingMembers ?? []).includes(a.id),
  "escalation:decide": (a: Actor, o: Relations) => (o.addressedNow ?? []).includes(a.id),
  "escalation:brief": (a: Actor, o: Relations) =>
    a.role === "admin" || (o.everAddressed ?? []).includes(a.id) || (o.parties ?? []).includes(a.id),
  "comment:settle": (a: Actor, o: Relations) => o.authorId === a.id,
} as const satisfies Record<string, (actor: Actor, object: Relations) => boolean>;

export type Action = keyof typeof PERMISSIONS | keyof typeof RELATIONS;

export interface Actor {
  id: number;
  role: Role;
  active: boolean;
}

export function can(actor: Actor | null | undefined, action: Action, object?: Relations): boolean {
  if (!actor || !actor.active) return false;
  const roles = (PERMISSIONS as Record<string, readonly Role[]>)[action];
  if (roles && !roles.includes(actor.role)) return false;
  const relation = (RELATIONS as Record<string, (a: Actor, o: Relations) => boolean>)[action];
  if (relation) return object ? relation(actor, object) : false;
  return true;
}
