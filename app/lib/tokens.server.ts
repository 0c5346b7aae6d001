import { createHash, randomBytes } from "node:crypto";

/** A 256-bit random token for a cookie or link. */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

/** What the database keeps instead of the token, so a copy of the database opens nothing. */
export function tokenDigest(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
