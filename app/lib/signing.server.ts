import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Database } from "./db.server";

const KEY = "signing_secret";
const cache = new WeakMap<Database, Promise<Buffer>>();

/**
 * The key that signs links which work without a session (one-click unsubscribe, reply
 * addresses). Made once per installation and kept in the database, so every process signs
 * and checks with the same key without another setting to share; a copy of the database
 * can forge links, as it can read everything else.
 */
export function signingKey(database: Database): Promise<Buffer> {
  let key = cache.get(database);
  if (!key) {
    key = (async () => {
      const { AppSetting } = database.models;
      const existing = await AppSetting.findByPk(KEY);
      if (existing) return Buffer.from(existing.value, "base64url");
      await database.write((t) => AppSetting.findOrCreate({ where: { key: KEY }, defaults: { key: KEY, value: randomBytes(32).toString("base64url") }, transaction: t }));
      const stored = await AppSetting.findByPk(KEY);
      return Buffer.from(stored!.value, "base64url");
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
