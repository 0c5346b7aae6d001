import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { readReplyAddress, replyAddress, REPLY_ADDRESS_TTL_MS } from "~/lib/reply-address.server";

const SECRET = randomBytes(32);
const DOMAIN = "reply.example.com";
const AT = new Date("2026-12-01T10:00:00Z");
const later = (ms: number) => new Date(AT.getTime() + ms);

describe("reply addresses", () => {
  it("round-trips the recipient, the thread and the expiry, in any case", () => {
    const address = replyAddress(SECRET, DOMAIN, 42, { type: "comment", id: 7 }, AT);
    expect(address).toMatch(/^reply\+[0-9a-f]{48}@reply\.example\.com$/);
    expect(address.split("@")[0].length).toBeLessThanOrEqual(64);
    for (const written of [address, address.toUpperCase()]) {
      const read = readReplyAddress(SECRET, DOMAIN, written, later(60_000));
      expect(read).toEqual({ ok: true, token: { userId: 42, thread: { type: "comment", id: 7 }, expiresAt: expect.any(Date) } });
    }
    const escalation = readReplyAddress(SECRET, DOMAIN, replyAddress(SECRET, DOMAIN, 4_000_000_000, { type: "escalation", id: 123_456 }, AT), AT);
    expect(escalation).toMatchObject({ ok: true, token: { userId: 4_000_000_000, thread: { type: "escalation", id: 123_456 } } });
  });

  it("expires 60 days after the email was written", () => {
    const address = replyAddress(SECRET, DOMAIN, 42, { type: "escalation", id: 9 }, AT);
    expect(readReplyAddress(SECRET, DOMAIN, address, later(REPLY_ADDRESS_TTL_MS - 60_000)).ok).toBe(true);
    expect(readReplyAddress(SECRET, DOMAIN, address, later(REPLY_ADDRESS_TTL_MS + 60_000))).toEqual({ ok: false, reason: "expired" });
  });

  it("refuses every changed character, another key, and addresses that are not reply addresses", () => {
    const address = replyAddress(SECRET, DOMAIN, 42, { type: "comment", id: 7 }, AT);
    const [local] = address.split("@");
    const token = local.slice("reply+".length);
    for (let i = 0; i < token.length; i++) {
      const flipped = token.slice(0, i) + (token[i] === "0" ? "1" : "0") + token.slice(i + 1);
      expect(readReplyAddress(SECRET, DOMAIN, `reply+${flipped}@${DOMAIN}`, AT), `character ${i}`).toEqual({ ok: false, reason: "invalid" });
    }
    expect(readReplyAddress(randomBytes(32), DOMAIN, address, AT)).toEqual({ ok: false, reason: "invalid" });
    expect(readReplyAddress(SECRET, DOMAIN, `reply+${token.slice(2)}@${DOMAIN}`, AT)).toEqual({ ok: false, reason: "invalid" });
    expect(readReplyAddress(SECRET, DOMAIN, `reply+not-a-token@${DOMAIN}`, AT)).toEqual({ ok: false, reason: "invalid" });
    expect(readReplyAddress(SECRET, DOMAIN, `${local}@other.example.com`, AT)).toEqual({ ok: false, reason: "not_reply_address" });
    expect(readReplyAddress(SECRET, DOMAIN, `postmaster@${DOMAIN}`, AT)).toEqual({ ok: false, reason: "not_reply_address" });
  });
});
