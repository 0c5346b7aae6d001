/**
 * The one place that says who may do what. Server code asks `requirePermission`
 * (permissions.server.ts); the UI asks `can` only to decide which links and buttons to show.
 */
export const ROLES = ["marketer", "sales", "manager", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  marketer: "Marketer",
  sales: "Sales rep",
  manager: "Manager",
  admin: "Administrator",
};

export const PERMISSIONS = {
  "home:view": ["marketer", "sales", "manager", "admin"],
  "admin:access": ["admin"],
  "user:manage": ["admin"],
  "team:manage": ["admin"],
  "audit:view": ["admin"],
  // Materials: who may open the list at all. Which materials each person sees is decided
  // per object in services/material-access.server.ts (marketers, managers and admins see
  // all; sales reps see those aimed at their teams).
  "material:list": ["marketer", "sales", "manager", "admin"],
  "material:create": ["marketer"],
  "material:add-version": ["marketer"],
  // Committee members comment; per object, only on materials aimed at their committee's team.
  "comment:create": ["sales"],
  "comment:answer": ["marketer"],
  "material:submit": ["marketer"],
  "material:release": ["marketer"],
  // Per object: only a pending member of the round's committee.
  "round:decide": ["sales"],
  // Per object: only a manager the escalation is addressed to at its current level.
  "escalation:decide": ["manager"],
  "calendar:manage": ["admin"],
  // Annual plans. Per object: reps see their own teams' pre-plans and plans; of the
  // managers, only the marketing head and the team's sales manager edit and confirm.
  "preplan:view": ["marketer", "sales", "manager", "admin"],
  "preplan:edit": ["marketer", "manager"],
  "preplan:confirm": ["manager"],
  "plan:deviations": ["marketer"],
  // Process numbers both departments read.
  "metrics:view": ["manager", "admin"],
  // Everyone may subscribe to their own deadlines.
  "calendar:feed": ["marketer", "sales", "manager", "admin"],
  "outbox:view": ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;

export interface Actor {
  id: number;
  role: Role;
  active: boolean;
}

export function can(actor: Actor | null | undefined, action: Action): boolean {
  if (!actor || !actor.active) return false;
  return (PERMISSIONS[action] as readonly Role[]).includes(actor.role);
}
