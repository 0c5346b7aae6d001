import type { Database } from "./db.server";
import { signingKey, sign, verify } from "./signing.server";
import { isPreferenceKind, type PreferenceKind } from "../domain/notifications";

/**
 * A link that changes one person's preference for one kind without signing in: what an
 * email's List-Unsubscribe points at. `<user>.<kind>.<signature>`; it never expires, and
 * does one harmless thing (the person can change it back under Account).
 */
export async function unsubscribeToken(database: Database, userId: number, kind: PreferenceKind): Promise<string> {
  const key = await signingKey(database);
  return `${userId}.${kind}.${sign(key, `unsubscribe:${userId}:${kind}`)}`;
}

export async function readUnsubscribeToken(database: Database, token: string): Promise<{ userId: number; kind: PreferenceKind } | null> {
  const match = /^(\d{1,10})\.([a-z_]{1,40})\.([0-9a-f]{24})$/.exec(token);
  if (!match || !isPreferenceKind(match[2])) return null;
  const userId = Number(match[1]);
  const key = await signingKey(database);
  return verify(key, `unsubscribe:${userId}:${match[2]}`, match[3]) ? { userId, kind: match[2] } : null;
}
