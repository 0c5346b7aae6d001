import { redirect } from "@remix-run/node";
import { Op } from "sequelize";
import type { User } from "../../models/index";
import { now } from "./clock.server";
import { db, selectRows, sqlDate, type Database } from "./db.server";
import { env } from "./env.server";
import { memoized } from "./request-memo.server";
import { hasAnyControlCharacter } from "./text-input";
import { newToken, tokenDigest } from "./tokens.server";

export const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;
/** How long a browser stays trusted (for sign-in throttling) after it was last used to sign in. */
export const TRUSTED_DEVICE_TTL_MS = 180 * 24 * 60 * 60 * 1000;

/**
 * In production the session cookie is `__Host-cp_session`: browsers accept that name only
 * when Secure, for Path=/ and without a Domain, so a page on a sibling subdomain or another
 * port of the host cannot plant one (and sign the victim in as someone else). Development
 * over plain http keeps the bare name.
 */
export function sessionCookieName(): string {
  return env().NODE_ENV === "production" ? "__Host-cp_session" : "cp_session";
}

function cookieHeader(value: string, maxAgeSeconds: number): string {
  const parts = [
    `${sessionCookieName()}=${value}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${maxAgeSeconds}`,
  ];
  if (env().NODE_ENV === "production") parts.push("Secure");
  return parts.join("; ");
}

function readToken(request: Request, cookieName: string): string | null {
  const header = request.headers.get("Cookie") ?? "";
  for (const part of header.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === cookieName) {
      const value = rest.join("=");
      return /^[A-Za-z0-9_-]{43}$/.test(value) ? value : null;
    }
  }
  return null;
}

export function readSessionToken(request: Request): string | null {
  return readToken(request, sessionCookieName());
}

/**
 * The trusted-device cookie: which browser this is, for sign-in throttling (a browser that
 * signed in before is not slowed by others' failed guesses). It grants nothing by itself.
 */
const deviceCookieName = () => (env().NODE_ENV === "production" ? "__Host-cp_device" : "cp_device");

export function readDeviceToken(request: Request): string | null {
  return readToken(request, deviceCookieName());
}

export function deviceCookie(token: string): string {
  const parts = [`${deviceCookieName()}=${token}`, "Path=/", "HttpOnly", "SameSite=Lax", `Max-Age=${Math.floor(TRUSTED_DEVICE_TTL_MS / 1000)}`];
  if (env().NODE_ENV === "production") parts.push("Secure");
  return parts.join("; ");
}

/**
 * Starts a new session for `userId` and returns the Set-Cookie header. The id is always
 * new, and any session the browser carried before signing in is ended (no fixation).
 */
export async function startSession(
  database: Database,
  request: Request,
  userId: number,
  at: Date,
): Promise<string> {
  const previous = readSessionToken(request);
  const token = newToken();
  await database.write(async (t) => {
    if (previous) {
      await database.models.Session.destroy({ where: { id: tokenDigest(previous) }, transaction: t });
    }
    await database.models.Session.create(
      {
        id: tokenDigest(token),
        userId,
        expiresAt: new Date(at.getTime() + SESSION_TTL_MS),
        ip: clientAddress(request),
        userAgent: request.headers.get("User-Agent")?.slice(0, 255) ?? null,
      },
      { transaction: t },
    );
    // Housekeeping: expired sessions of this user are of no use to anyone.
    await database.models.Session.destroy({
      where: { userId, expiresAt: { [Op.lt]: at } },
      transaction: t,
    });
  });
  return cookieHeader(token, Math.floor(SESSION_TTL_MS / 1000));
}

/** Ends the browser's session for good and returns the Set-Cookie header that clears it. */
export async function endSession(database: Database, request: Request): Promise<string> {
  const token = readSessionToken(request);
  if (token) {
    await database.write((t) =>
      database.models.Session.destroy({ where: { id: tokenDigest(token) }, transaction: t }),
    );
  }
  return cookieHeader("", 0);
}

/**
 * The signed-in, active user behind this request, or null. Every page asks (the layout and
 * the page itself): the question is answered once per request (see request-memo), with one
 * joined query whose row becomes the User: a quarter of the cost of loading the session
 * with its user through an include.
 */
export async function getUser(request: Request, database = db(), at = now()): Promise<User | null> {
  const token = readSessionToken(request);
  if (!token) return null;
  return (await signedIn(database, token, at))?.user ?? null;
}

/**
 * The signed-in user with their unread notification count, which the layout shows on every
 * page: one query, asked once per request however many loaders want it.
 */
export async function getUserWithUnread(request: Request, database = db(), at = now()): Promise<{ user: User; unread: number } | null> {
  const token = readSessionToken(request);
  return token ? signedIn(database, token, at) : null;
}

function signedIn(database: Database, token: string, at: Date) {
  return memoized(`session:${token}`, async () => {
    const [row] = await selectRows<Record<string, unknown> & { unreadNotifications: number }>(
      database,
      `SELECT u.*, (SELECT COUNT(*) FROM notifications n WHERE n."userId" = u.id AND n."readAt" IS NULL) AS "unreadNotifications"
       FROM sessions s JOIN users u ON u.id = s."userId" WHERE s.id = :id AND s."expiresAt" > :at AND u.active = :active`,
      { id: tokenDigest(token), at, active: true },
    );
    if (!row) return null;
    const { unreadNotifications, ...columns } = row;
    // SQLite hands timestamps back as text from a plain query.
    for (const key of ["createdAt", "updatedAt"]) {
      if (typeof columns[key] === "string") columns[key] = sqlDate(columns[key] as string);
    }
    const user = database.models.User.build(columns as unknown as User, { isNewRecord: false, raw: true });
    return { user, unread: Number(unreadNotifications) };
  });
}

/** The signed-in user, or a redirect to the login page that comes back here afterwards. */
export async function requireUser(request: Request): Promise<User> {
  const user = await getUser(request);
  if (!user) {
    const url = new URL(request.url);
    const back = url.pathname + url.search;
    throw redirect(back === "/" ? "/login" : `/login?redirectTo=${encodeURIComponent(back)}`);
  }
  return user;
}

/** The address the request came from: the express server puts it in X-Client-Address. */
export function clientAddress(request: Request): string | null {
  return request.headers.get("X-Client-Address")?.slice(0, 64) ?? null;
}

const unsafeInPath = (path: string) => hasAnyControlCharacter(path) || path.includes("\\") || path.startsWith("//");

/**
 * Where to go after signing in: only a path of this app. The target is parsed as a URL
 * against a stand-in origin and must stay on it. Control characters (browsers drop a tab,
 * turning `/\t/evil.example/` into `//evil.example/`), backslashes and protocol-relative
 * paths are refused, also when percent-encoded (once or more), and so is a path that only
 * becomes `//…` once its dot segments are resolved (`/.//evil.example/`). What comes back is
 * the parsed path, percent-encoded, so it always fits in a Location header.
 */
export function safeRedirect(to: string | null | undefined, fallback = "/"): string {
  if (!to || !to.startsWith("/") || to.length > 2048) return fallback;
  let decoded = to;
  for (let i = 0; i < 4; i++) {
    if (unsafeInPath(decoded)) return fallback;
    let next: string;
    try {
      next = decodeURIComponent(decoded);
    } catch {
      break; // a lone "%" (a search for "100%"): no further layer of encoding
    }
    if (next === decoded) break;
    decoded = next;
  }
  if (unsafeInPath(decoded)) return fallback;
  const base = new URL("http://app.invalid/");
  let url: URL;
  try {
    url = new URL(to, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base.origin || unsafeInPath(url.pathname) || unsafeInPath(safeDecode(url.pathname))) return fallback;
  return url.pathname + url.search + url.hash;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
