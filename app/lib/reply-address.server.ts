import { createHmac, timingSafeEqual } from "node:crypto";

/** What a reply by email answers: a comment thread (by its root comment) or an escalation's discussion. */
export type EmailThread = { type: "comment"; id: number } | { type: "escalation"; id: number };

/** How long the Reply-To address of an email keeps working. */
export const REPLY_ADDRESS_TTL_MS = 60 * 24 * 60 * 60 * 1000;

export interface ReplyToken {
  userId: number;
  thread: EmailThread;
  expiresAt: Date;
}

const VERSION = 1;
const PAYLOAD_BYTES = 14;
const SIGNATURE_BYTES = 10;
const TOKEN_PATTERN = new RegExp(`^[0-9a-f]{${2 * (PAYLOAD_BYTES + SIGNATURE_BYTES)}}$`);
const U32 = 0xffff_ffff;

function sign(secret: Buffer, payload: Buffer): Buffer {
  return createHmac("sha256", secret).update("reply-address\0").update(payload).digest().subarray(0, SIGNATURE_BYTES);
}

/**
 * The token of a reply address: who may answer, in which thread, until when, signed with
 * the installation's key. Lowercase hex, so a mail system that changes the case of the
 * local part does not break it; 48 characters, so `reply+<token>` stays within the 64 an
 * address's local part may have. Nothing is stored: the signature is the proof. The key
 * is the installation's signing key (signing.server.ts).
 */
export function replyToken(secret: Buffer, userId: number, thread: EmailThread, at: Date): string {
  const expiresMinute = Math.ceil((at.getTime() + REPLY_ADDRESS_TTL_MS) / 60_000);
  if (!Number.isInteger(userId) || userId < 1 || userId > U32 || !Number.isInteger(thread.id) || thread.id < 1 || thread.id > U32) {
    throw new RangeError("A reply address needs ids between 1 and 2^32 - 1.");
  }
  const payload = Buffer.alloc(PAYLOAD_BYTES);
  payload.writeUInt8(VERSION, 0);
  payload.writeUInt8(thread.type === "comment" ? 0 : 1, 1);
  payload.writeUInt32BE(userId, 2);
  payload.writeUInt32BE(thread.id, 6);
  payload.writeUInt32BE(expiresMinute, 10);
  return Buffer.concat([payload, sign(secret, payload)]).toString("hex");
}

export function replyAddress(secret: Buffer, domain: string, userId: number, thread: EmailThread, at: Date): string {
  return `reply+${replyToken(secret, userId, thread, at)}@${domain}`;
}

export type ReadReply =
  | { ok: true; token: ReplyToken }
  /** Not an address of the form reply+<token>@domain, a forged or damaged token, or one past its time. */
  | { ok: false; reason: "not_reply_address" | "invalid" | "expired" };

/**
 * Reads a reply address back. The signature is compared in constant time; the case of
 * the address does not matter.
 */
export function readReplyAddress(secret: Buffer, domain: string, address: string, now: Date): ReadReply {
  const at = address.lastIndexOf("@");
  if (at < 0 || address.slice(at + 1).toLowerCase() !== domain.toLowerCase()) return { ok: false, reason: "not_reply_address" };
  const local = address.slice(0, at).toLowerCase();
  if (!local.startsWith("reply+")) return { ok: false, reason: "not_reply_address" };
  const hex = local.slice("reply+".length);
  if (!TOKEN_PATTERN.test(hex)) return { ok: false, reason: "invalid" };
  const bytes = Buffer.from(hex, "hex");
  const payload = bytes.subarray(0, PAYLOAD_BYTES);
  if (!timingSafeEqual(bytes.subarray(PAYLOAD_BYTES), sign(secret, payload))) return { ok: false, reason: "invalid" };
  const type = payload.readUInt8(1);
  if (payload.readUInt8(0) !== VERSION || type > 1) return { ok: false, reason: "invalid" };
  const expiresAt = new Date(payload.readUInt32BE(10) * 60_000);
  if (now.getTime() >= expiresAt.getTime()) return { ok: false, reason: "expired" };
  return {
    ok: true,
    token: { userId: payload.readUInt32BE(2), thread: { type: type === 0 ? "comment" : "escalation", id: payload.readUInt32BE(6) }, expiresAt },
  };
}
