import { env } from "../env.server";
/**
 * The one-time set-password link is shown to the admin exactly once, on the user's page,
 * right after it is issued. It travels there in a short-lived HttpOnly cookie (never in
 * the URL, so it stays out of logs and browser history). The cookie's path is the users
 * section rather than one user's page, because Remix fetches that page's data from
 * `/admin/users/<id>.data`, which a narrower path would not match; the value names the user.
 */
const COOKIE = "cp_link";
const PATH = "/admin/users";
const MAX_AGE_S = 120;

/** Secure in production: the cookie carries a live set-password token. */
const secure = () => (env().NODE_ENV === "production" ? "; Secure" : "");

export function rememberPasswordLink(userId: number, token: string): string {
  return `${COOKIE}=${userId}.${token}; Path=${PATH}; Max-Age=${MAX_AGE_S}; HttpOnly; SameSite=Strict${secure()}`;
}

/** The token waiting for this user's page, and the header that clears it. */
export function takePasswordLink(request: Request, userId: number): { token: string | null; clear: string | null } {
  const header = request.headers.get("Cookie") ?? "";
  for (const part of header.split(/;\s*/)) {
    const match = part.match(/^cp_link=(\d+)\.([A-Za-z0-9_-]{20,100})$/);
    if (match && Number(match[1]) === userId) {
      return { token: match[2], clear: `${COOKIE}=; Path=${PATH}; Max-Age=0; HttpOnly; SameSite=Strict${secure()}` };
    }
  }
  return { token: null, clear: null };
}
