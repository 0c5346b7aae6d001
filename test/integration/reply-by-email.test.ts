import { connect } from "node:net";
import nodemailer from "nodemailer";
import type Mail from "nodemailer/lib/mailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverOutbox } from "~/jobs/deliver-outbox.server";
import { runSweep } from "~/jobs/sweep.server";
import type { Database } from "~/lib/db.server";
import { REPLY_IN_THREAD_LINE } from "~/lib/email.server";
import { startInboundSmtp, type InboundSmtp } from "~/inbound/inbound-smtp.server";
import { smtpMailer } from "~/lib/mailer.server";
import { addComment } from "~/commands/add-comment.server";
import { answerComment } from "~/commands/answer-comment.server";
import { settleComment } from "~/commands/settle-comment.server";
import { createMaterial } from "~/commands/create-material.server";
import { decideEscalation } from "~/commands/decide-escalation.server";
import { setUserActive } from "~/commands/set-user-active.server";
import { submitForPreview } from "~/commands/submit-for-preview.server";
import { removeTeamMember } from "~/commands/remove-team-member.server";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { seedDemo } from "../helpers/organisation";
import { headerValue, startSmtp } from "../helpers/smtp";

// Read when the first email is queued (env() is read lazily, after this line runs).
process.env.REPLY_DOMAIN = "reply.demo.test";

/** Friday 20 Nov 2026, 16:00 in New York (Enterprise East's time zone). */
const FRIDAY_4PM = new Date("2026-11-20T21:00:00Z");
const TUESDAY_4PM = new Date("2026-11-24T21:00:00Z");
const minutes = (at: Date, n: number) => new Date(at.getTime() + n * 60_000);
const DAY = 24 * 60 * 60_000;
const MAX_BYTES = 1024 * 1024;

const QUOTE = ["", "On Fri, Nov 20, 2026 at 4:20 PM Collateral Preview <reply+0123@reply.demo.test> wrote:", "", "> Hello Ethan,", ">", "> Marketing declined your comment.", "> Your comment: This price expired."];

type Sent = { ok: true; response: string } | { ok: false; code: number | undefined; response: string };

describe(`replies by email on ${process.env.DATABASE_URL?.startsWith("postgres") ? "PostgreSQL" : "SQLite"}`, () => {
  let tdb: TestDatabase;
  let db: Database;
  let demo: Awaited<ReturnType<typeof seedDemo>>;
  let inbound: InboundSmtp;
  let clock = minutes(FRIDAY_4PM, 30);
  const logged: Record<string, unknown>[] = [];
  let materialId: number;
  let first: number; // committee1's comment, declined
  let second: number; // committee2's comment, declined

  /** Sends as a mail client would: nodemailer over real SMTP to the listener. */
  async function send(mail: Mail.Options): Promise<Sent> {
    const transport = nodemailer.createTransport({ host: "127.0.0.1", port: inbound.port, secure: false, ignoreTLS: true });
    try {
      const info = await transport.sendMail({ subject: "Re: your comment", ...mail });
      return { ok: true, response: info.response };
    } catch (error) {
      const e = error as { responseCode?: number; response?: string; message: string };
      return { ok: false, code: e.responseCode, response: e.response ?? e.message };
    } finally {
      transport.close();
    }
  }

  async function counts() {
    const m = db.models;
    return { comments: await m.Comment.count(), messages: await m.EscalationMessage.count(), audit: await m.AuditEvent.count(), outbox: await m.OutboxMessage.count(), notifications: await m.Notification.count() };
  }

  /** The Reply-To of the newest email of a kind to a person, as queued. */
  async function replyAddressOf(kind: string, email: string, about?: string): Promise<string> {
    const rows = await db.models.OutboxMessage.findAll({ where: { kind, toEmail: email }, order: [["id", "DESC"]] });
    const row = rows.find((r) => !about || r.text.includes(about));
    const headers = JSON.parse(row!.headers ?? "{}") as Record<string, string>;
    return headers["Reply-To"];
  }

  /** Sends, expects a refusal, and checks that nothing was written. */
  async function refused(mail: Mail.Options) {
    const before = await counts();
    const result = await send(mail);
    expect(result.ok, "the listener should have refused this message").toBe(false);
    expect(await counts()).toEqual(before);
    return result as Extract<Sent, { ok: false }>;
  }

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = tdb.database;
    demo = await seedDemo(db);
    const { material, version } = await createMaterial(
      db,
      demo.user("marketer1"),
      { title: "Winter brochure", kind: "collateral", description: "", teamIds: [demo.team("Enterprise East").id] },
      { key: "versions/reply.bin", fileName: "brochure.pdf", contentType: "application/pdf", size: 1000, sha256: "c".repeat(64), pageCount: 4 },
      minutes(FRIDAY_4PM, -60),
    );
    materialId = material.id;
    await submitForPreview(db, demo.user("marketer1"), materialId, FRIDAY_4PM);
    first = (await addComment(db, demo.user("east.committee1"), materialId, { versionId: version.id, category: "pricing", body: "This price expired.", pin: { page: 2, x: 0.4, y: 0.5 } }, minutes(FRIDAY_4PM, 10))).id;
    second = (await addComment(db, demo.user("east.committee2"), materialId, { versionId: version.id, category: "audience", body: "Wrong audience.", pin: null }, minutes(FRIDAY_4PM, 11))).id;
    await answerComment(db, demo.user("marketer1"), materialId, { commentId: first, answer: "decline", reason: "Still valid until March." }, minutes(FRIDAY_4PM, 20));
    await answerComment(db, demo.user("marketer1"), materialId, { commentId: second, answer: "decline", reason: "It is for them." }, minutes(FRIDAY_4PM, 21));
    inbound = await startInboundSmtp({ database: db, replyDomain: "reply.demo.test", maxBytes: MAX_BYTES, port: 0, host: "127.0.0.1", now: () => clock, log: (_line, fields) => logged.push(fields) });
  });
  afterAll(async () => {
    await inbound?.close();
    await tdb.cleanup();
  });

  it("gives the email about a declined comment a Reply-To of the recipient's own, and says so; nodemailer sends it", async () => {
    const declined = await db.models.OutboxMessage.findOne({ where: { kind: "comment_declined", toEmail: "east.committee1@demo.test" } });
    const headers = JSON.parse(declined!.headers!) as Record<string, string>;
    expect(headers["Reply-To"]).toMatch(/^reply\+[0-9a-f]{48}@reply\.demo\.test$/);
    expect(declined!.text).toContain(REPLY_IN_THREAD_LINE);
    expect(declined!.html).toContain(REPLY_IN_THREAD_LINE);
    // Each recipient has their own address; an email about no thread has none.
    expect(await replyAddressOf("comment_declined", "east.committee2@demo.test")).not.toBe(headers["Reply-To"]);
    const request = await db.models.OutboxMessage.findOne({ where: { kind: "preview_requested" } });
    expect(JSON.parse(request!.headers ?? "{}")).not.toHaveProperty("Reply-To");
    expect(request!.text).not.toContain(REPLY_IN_THREAD_LINE);

    const smtp = await startSmtp();
    try {
      const mailer = smtpMailer(smtp.url, "Collateral Preview <no-reply@demo.test>");
      await deliverOutbox(db, mailer, minutes(FRIDAY_4PM, 25));
      mailer.close();
      const delivered = smtp.received.find((m) => m.to.includes("east.committee1@demo.test") && m.raw.includes("declined"));
      expect(headerValue(delivered!.raw, "Reply-To")).toBe(headers["Reply-To"]);
      expect(headerValue(delivered!.raw, "From")).toBe("Collateral Preview <no-reply@demo.test>");
      const other = smtp.received.find((m) => m.subject?.startsWith("Preview requested"));
      expect(headerValue(other!.raw, "Reply-To")).toBeNull();
      // The other extra headers go out as they were queued.
      expect(headerValue(delivered!.raw, "List-Unsubscribe")).toBe(headers["List-Unsubscribe"]);
    } finally {
      await smtp.stop();
    }
  });

  it("posts a reply's new text in the thread as the recipient, as a reply to the comment", async () => {
    const to = await replyAddressOf("comment_declined", "east.committee1@demo.test");
    const result = await send({
      from: "Ethan Cole <east.committee1@demo.test>",
      to,
      text: ["I'll hold it: the March price is for new customers only.", "", "Sent from my iPhone", ...QUOTE].join("\n"),
    });
    expect(result).toMatchObject({ ok: true, response: expect.stringContaining("Your reply was posted in the thread.") });
    const reply = await db.models.Comment.findOne({ where: { parentId: first }, order: [["id", "DESC"]] });
    expect(reply).toMatchObject({ authorId: demo.user("east.committee1").id, materialId, body: "I'll hold it: the March price is for new customers only." });
    expect(await db.models.AuditEvent.count({ where: { action: "comment.replied", actorId: demo.user("east.committee1").id } })).toBe(1);
    expect(logged.at(-1)).toMatchObject({ outcome: "posted", userId: demo.user("east.committee1").id, thread: `comment:${first}` });
  });

  it("accepts the address whatever its case, and turns an HTML-only reply into text", async () => {
    const to = (await replyAddressOf("comment_declined", "east.committee1@demo.test")).toUpperCase();
    const result = await send({
      from: "EAST.Committee1@demo.test",
      to,
      html: '<div dir="ltr">Fair enough, <b>withdrawing</b> is fine too.</div><div class="gmail_quote"><div class="gmail_attr">On Fri, Nov 20, 2026 at 4:20 PM Collateral Preview &lt;reply@reply.demo.test&gt; wrote:</div><blockquote class="gmail_quote"><p>Hello Ethan,</p><p>Marketing declined your comment.</p></blockquote></div>',
    });
    expect(result.ok).toBe(true);
    const reply = await db.models.Comment.findOne({ where: { parentId: first }, order: [["id", "DESC"]] });
    expect(reply!.body).toBe("Fair enough, withdrawing is fine too.");
  });

  it("leaves attachments out (a signature logo among them) and says so in the thread", async () => {
    const to = await replyAddressOf("comment_declined", "east.committee1@demo.test");
    const logo = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
    const result = await send({
      from: "east.committee1@demo.test",
      to,
      text: "Here is the price list I mean.",
      html: '<p>Here is the price list I mean.</p><p><img src="cid:logo@acme"></p>',
      attachments: [
        { filename: "logo.png", content: logo, cid: "logo@acme" },
        { filename: "prices.pdf", content: Buffer.from("%PDF-1.4\n%%EOF\n"), contentType: "application/pdf" },
      ],
    });
    expect(result.ok).toBe(true);
    const reply = await db.models.Comment.findOne({ where: { parentId: first }, order: [["id", "DESC"]] });
    expect(reply!.body).toBe("Here is the price list I mean.\n\n(2 attachments were left out: replies by email carry text only.)");
  });

  it("refuses a forged token, an expired one, and an address that is not a reply address, at RCPT, writing nothing", async () => {
    const to = await replyAddressOf("comment_declined", "east.committee1@demo.test");
    const [local, domain] = to.split("@");
    const forged = `${local.slice(0, -1)}${local.endsWith("0") ? "1" : "0"}@${domain}`;
    const forgery = await refused({ from: "east.committee1@demo.test", to: forged, text: "Posting as someone else." });
    expect(forgery.code).toBe(550);
    expect(forgery.response).toContain("550 This reply address is not valid or has expired.");
    // Someone else's thread id in an address signed for another: the signature covers it all.
    const changedThread = `reply+${"0".repeat(48)}@${domain}`;
    expect((await refused({ from: "east.committee1@demo.test", to: changedThread, text: "Hello" })).response).toContain("not valid or has expired");

    clock = new Date(FRIDAY_4PM.getTime() + 61 * DAY);
    try {
      expect((await refused({ from: "east.committee1@demo.test", to, text: "Late answer." })).response).toContain("550 This reply address is not valid or has expired.");
    } finally {
      clock = minutes(FRIDAY_4PM, 40);
    }
    const elsewhere = await refused({ from: "east.committee1@demo.test", to: "sales@reply.demo.test", text: "Hello" });
    expect(elsewhere.response).toContain("This server takes only replies to Collateral Preview emails");
  });

  it("refuses a sender who is not the recipient, in the envelope or in the From header", async () => {
    const to = await replyAddressOf("comment_declined", "east.committee1@demo.test");
    const envelope = await refused({ from: "east.rep1@demo.test", to, text: "I am not Ethan." });
    expect(envelope).toMatchObject({ code: 550, response: expect.stringContaining("reply from that email address") });
    const header = await refused({ from: "east.rep1@demo.test", to, envelope: { from: "east.committee1@demo.test", to }, text: "Neither am I." });
    expect(header).toMatchObject({ code: 550, response: expect.stringContaining("reply from that email address") });
  });

  it("refuses a 10 MB reply with 552 and a reason, and a reply that is only the quoted text", async () => {
    const to = await replyAddressOf("comment_declined", "east.committee1@demo.test");
    const big = await refused({ from: "east.committee1@demo.test", to, text: "See attached.", attachments: [{ filename: "deck.pdf", content: Buffer.alloc(10 * 1024 * 1024, 7) }] });
    expect(big.code).toBe(552);
    expect(big.response).toContain("Your reply is larger than 1 MB, the most a reply by email may be");
    const quoted = await refused({ from: "east.committee1@demo.test", to, text: QUOTE.join("\n") });
    expect(quoted).toMatchObject({ code: 550, response: expect.stringContaining("Your reply had no new text") });
    const outOfOffice = await refused({ from: "east.committee1@demo.test", to, text: "I am out of the office until Monday.", headers: { "Auto-Submitted": "auto-replied" } });
    expect(outOfOffice.response).toContain("Automatic replies");
  });

  it("posts a manager's reply to an escalation email in its private discussion, and refuses it once the escalation is over", async () => {
    await settleComment(db, demo.user("east.committee1"), materialId, { commentId: first, settle: "hold" }, minutes(FRIDAY_4PM, 45));
    await runSweep(db, { now: TUESDAY_4PM });
    const escalation = await db.models.Escalation.findOne({ where: { commentId: first } });
    expect(escalation!.state).toBe("open");
    // East's manager has two escalations now (the second comment was declined and not answered): this one's email.
    const to = await replyAddressOf("escalation", "east.manager@demo.test", `/escalations/${escalation!.id}`);
    expect(to).toMatch(/^reply\+[0-9a-f]{48}@reply\.demo\.test$/);
    expect((await db.models.OutboxMessage.findOne({ where: { kind: "escalation", toEmail: "east.manager@demo.test" } }))!.text).toContain(REPLY_IN_THREAD_LINE);
    clock = minutes(TUESDAY_4PM, 10);
    const result = await send({ from: "Erin Walsh <east.manager@demo.test>", to, text: ["Maya, can we talk about this tomorrow?", "", "-- ", "Erin Walsh, Sales East"].join("\n") });
    expect(result.ok).toBe(true);
    const message = await db.models.EscalationMessage.findOne({ where: { escalationId: escalation!.id } });
    expect(message).toMatchObject({ authorId: demo.user("east.manager").id, body: "Maya, can we talk about this tomorrow?" });

    // The other escalation (the second comment's): one manager proposes, and the other
    // answers the proposal's email in the discussion.
    const other = await db.models.Escalation.findOne({ where: { commentId: second } });
    await decideEscalation(db, demo.user("east.manager"), other!.id, { decision: "compromise", note: "Name both audiences on page 1." }, minutes(TUESDAY_4PM, 12));
    const proposal = await replyAddressOf("escalation_proposed", "marketing.manager@demo.test", `/escalations/${other!.id}`);
    expect(proposal).toMatch(/^reply\+[0-9a-f]{48}@reply\.demo\.test$/);
    expect(await send({ from: "marketing.manager@demo.test", to: proposal, text: "Agreed in principle; I will confirm on the page." })).toMatchObject({ ok: true });
    expect(await db.models.EscalationMessage.findOne({ where: { escalationId: other!.id } })).toMatchObject({ authorId: demo.user("marketing.manager").id, body: "Agreed in principle; I will confirm on the page." });

    // The commenter withdraws: the escalation ends, and its discussion with it.
    await settleComment(db, demo.user("east.committee1"), materialId, { commentId: first, settle: "withdraw" }, minutes(TUESDAY_4PM, 20));
    clock = minutes(TUESDAY_4PM, 30);
    const over = await refused({ from: "east.manager@demo.test", to, text: "One more thing." });
    expect(over).toMatchObject({ code: 550, response: expect.stringContaining("This escalation is over; its discussion is closed.") });
  });

  it("refuses a reply from someone removed from the team, without naming the material, and from a deactivated account", async () => {
    const to = await replyAddressOf("comment_declined", "east.committee2@demo.test");
    await removeTeamMember(db, demo.admin, demo.team("Enterprise East").id, demo.user("east.committee2").id, minutes(TUESDAY_4PM, 40));
    clock = minutes(TUESDAY_4PM, 45);
    const removed = await refused({ from: "east.committee2@demo.test", to, text: "Still wrong audience." });
    expect(removed).toMatchObject({ code: 550, response: expect.stringContaining("You can no longer reply in this thread") });
    expect(removed.response).not.toContain("Winter brochure");

    const own = await replyAddressOf("comment_declined", "east.committee1@demo.test");
    await setUserActive(db, demo.admin, demo.user("east.committee1").id, false, minutes(TUESDAY_4PM, 50));
    const inactive = await refused({ from: "east.committee1@demo.test", to: own, text: "Hello?" });
    expect(inactive).toMatchObject({ code: 550, response: expect.stringContaining("account is no longer active") });
  });

  it("announces its size limit and offers no sign-in", async () => {
    const socket = connect(inbound.port, "127.0.0.1");
    const said = await new Promise<string>((resolve, reject) => {
      let text = "";
      let greeted = false;
      socket.on("data", (chunk) => {
        text += chunk.toString();
        if (!greeted && /^220 /m.test(text)) {
          greeted = true;
          socket.write("EHLO client.test\r\n");
        } else if (greeted && /^250 .*\r\n/m.test(text)) resolve(text);
      });
      socket.on("error", reject);
    });
    socket.end("QUIT\r\n");
    expect(said).toMatch(new RegExp(`^250[- ]SIZE ${MAX_BYTES}\r$`, "m"));
    expect(said).not.toContain("AUTH");
  });
});
