/**
 * The one-time set-password link is shown to the admin exactly once, on the user's page,
 * right after it is issued. It travels there in a short-lived, HttpOnly cookie scoped to
 * that page (never in the URL, so it stays out of logs and browser history).
 */
const COOKIE = "cp_link";
const MAX_AGE_S = 120;

function pathFor(userId: number) {
  return `/admin/users/${userId}`;
}

export function rememberPasswordLink(userId: number, token: string): string {
  return `${COOKIE}=${encodeURIComponent(token)}; Path=${pathFor(userId)}; Max-Age=${MAX_AGE_S}; HttpOnly; SameSite=Strict`;
}

/** The token waiting for this user's page, and the header that clears it. */
export function takePasswordLink(request: Request, userId: number): { token: string | null; clear: string | null } {
  const header = request.headers.get("Cookie") ?? "";
  for (const part of header.split(/;\s*/)) {
    const [name, ...rest] = part.split("=");
    if (name === COOKIE) {
      const token = decodeURIComponent(rest.join("="));
      if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) break;
      return { token, clear: `${COOKIE}=; Path=${pathFor(userId)}; Max-Age=0; HttpOnly; SameSite=Strict` };
    }
  }
  return { token: null, clear: null };
}
