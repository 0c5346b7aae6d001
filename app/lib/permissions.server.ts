import { can, requirePermission, type Action } from "./permissions";
import { notFound } from "./errors";
import { requireUser } from "./session.server";

export { can, requirePermission, notFound };

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
