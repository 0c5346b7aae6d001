import { data } from "@remix-run/node";
import { can, type Action, type Actor } from "./permissions";
import { requireUser } from "./session.server";

/** Throws the friendly 403 page when the actor may not perform `action`. */
export function requirePermission(actor: Actor, action: Action): void {
  if (!can(actor, action)) {
    throw data({ message: "Your role does not give you access to this page." }, { status: 403 });
  }
}

/** Throws the 404 page; used when an id is unknown or not visible to the actor. */
export function notFound(what = "page"): never {
  throw data({ message: `We couldn't find that ${what}.` }, { status: 404 });
}

/** Parses a positive integer id from a route parameter, or 404s. */
export function requireId(param: string | undefined, what: string): number {
  const id = Number(param);
  if (!param || !/^\d{1,12}$/.test(param) || !Number.isSafeInteger(id) || id <= 0) notFound(what);
  return id;
}

/** The signed-in user, if their role allows `action`; otherwise the login redirect or the 403 page. */
export async function requireUserWith(request: Request, action: Action) {
  const user = await requireUser(request);
  requirePermission(user, action);
  return user;
}
