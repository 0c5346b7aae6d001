import { createHmac, timingSafeEqual } from "node:crypto";
import type { Database } from "./db.server";

const KEY = "signing_secret";
const cache = new WeakMap<Database, Promise<Buffer>>();

/**
 * The key that signs links which work without a session (one-click unsubscribe, reply
 * addresses). Made once per installation by a migration and kept in the database, so every
 * process signs and checks with the same key without another setting to share; a copy of
 * the database can forge links, as it can read everything else. Read outside the caller's
 * transaction, once per process.
 */
export const SIGNING_KEY_SETTING = KEY;

export function signingKey(database: Database): Promise<Buffer> {
  let key = cache.get(database);
  if (!key) {
    key = (async () => {
      const stored = await database.models.AppSetting.findByPk(KEY);
      if (!stored) throw new Error(`The database has no ${KEY}: run the migrations (npm run db:migrate), which make it.`);
      return Buffer.from(stored.value, "base64url");
    })();
    key.catch(() => cache.delete(database));
    cache.set(database, key);
  }
  return key;
}

/** A short signature of `payload` (lowercase hex, `length` characters), safe in mail addresses and URLs. */
export function sign(key: Buffer, payload: string, length = 24): string {
  return createHmac("sha256", key).update(payload).digest("hex").slice(0, length);
}

export function verify(key: Buffer, payload: string, signature: string, length = 24): boolean {
  const expected = Buffer.from(sign(key, payload, length));
  const given = Buffer.from(signature.toLowerCase());
  return expected.length === given.length && timingSafeEqual(expected, given);
}
