import { can, type Action, type Actor, type Relations } from "../domain/permissions";
import { AppError } from "./errors";

// The rules live in the domain (pure, shared with the workflow); loaders, services and
// components import them from here, next to the check that turns a refusal into a 403.
export { can, PERMISSIONS, RELATIONS, type Action, type Actor, type Relations } from "../domain/permissions";
export type { Role } from "../domain/roles";

/** Throws the 403 page when the actor may not perform `action` (on `object`, for relational actions). */
export function requirePermission(actor: Actor, action: Action, object?: Relations, message = "Your role does not give you access to this page."): void {
  if (!can(actor, action, object)) throw new AppError("forbidden", { message });
}
