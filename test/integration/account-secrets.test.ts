import { QueryTypes } from "sequelize";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverOutbox } from "~/jobs/deliver-outbox.server";
import { smtpMailer } from "~/lib/mailer.server";
import { calendarFeed } from "~/queries/deadline-feed.server";
import { issueDeadlineFeed } from "~/commands/issue-deadline-feed.server";
import { createUser } from "~/commands/create-user.server";
import { reissuePasswordLink } from "~/commands/reissue-password-link.server";
import { findPasswordToken } from "~/queries/password-token.server";
import { setPasswordWithToken } from "~/commands/set-password.server";
import { setUserActive } from "~/commands/set-user-active.server";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { T0, seedDemo } from "../helpers/organisation";
import { startSmtp } from "../helpers/smtp";

/**
 * Secrets that grant an account never rest in the database: a set-password email is queued
 * without its link and gets one minted as it is sent, and a deactivated account's calendar
 * links stay revoked when it comes back.
 */
describe("account secrets at rest", () => {
  let tdb: TestDatabase;
  let demo: Awaited<ReturnType<typeof seedDemo>>;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  beforeAll(async () => {
    tdb = await createTestDatabase();
    demo = await seedDemo(tdb.database);
    smtp = await startSmtp();
  });
  afterAll(async () => {
    await smtp?.stop();
    await tdb?.cleanup();
  });

  const mailer = () => smtpMailer(smtp.url, "Collateral Preview <no-reply@demo.test>");
  const linkIn = (raw: string) => raw.replace(/=\r?\n/g, "").match(/\/set-password\/([A-Za-z0-9_-]{43})/)?.[1] ?? null;

  /** Every string in the outbox that could be a token, tried as a set-password link. */
  async function workingLinksInOutbox() {
    const rows = await tdb.database.sequelize.query<{ text: string; html: string }>(`SELECT text, html FROM outbox_messages`, { type: QueryTypes.SELECT });
    const candidates = rows.flatMap((r) => `${r.text} ${r.html}`.match(/[A-Za-z0-9_-]{43}/g) ?? []);
    const working = [];
    for (const candidate of candidates) if (await findPasswordToken(tdb.database, candidate, T0)) working.push(candidate);
    return working;
  }

  it("queues the set-password email without its link, and mints a working one only when it is sent", async () => {
    const { user, token: adminCopy } = await createUser(
      tdb.database,
      demo.admin,
      { name: "Ada Brandt", email: "ada.brandt@demo.test", role: "sales", reportsToId: null, timeZone: "Europe/Berlin" },
      T0,
    );
    const queued = (await tdb.database.models.OutboxMessage.findOne({ where: { kind: "set_password", toEmail: user.email } }))!;
    expect(queued.text).not.toContain(adminCopy);
    expect(queued.text).toContain("/set-password/one-time-link-minted-when-sent");
    expect(await workingLinksInOutbox()).toEqual([]);

    const before = smtp.received.length;
    const delivered = await deliverOutbox(tdb.database, mailer(), T0);
    expect(delivered.failed).toBe(0);
    const mail = smtp.received.slice(before).find((m) => m.to.includes(user.email))!;
    const emailed = linkIn(mail.raw);
    expect(emailed).not.toBeNull();
    expect(emailed).not.toBe(adminCopy);
    // Still nothing in the outbox that opens the account, after sending either.
    expect(await workingLinksInOutbox()).toEqual([]);
    // Both copies work until one is spent; then neither does.
    expect((await findPasswordToken(tdb.database, emailed!, T0))?.user.id).toBe(user.id);
    expect((await findPasswordToken(tdb.database, adminCopy, T0))?.user.id).toBe(user.id);
    await setPasswordWithToken(tdb.database, emailed!, "a long new password", T0);
    expect(await findPasswordToken(tdb.database, adminCopy, T0)).toBeNull();
  });

  it("does not send a queued set-password email whose link was replaced before it went out", async () => {
    const { user } = await createUser(
      tdb.database,
      demo.admin,
      { name: "Ben Okafor", email: "ben.okafor@demo.test", role: "sales", reportsToId: null, timeZone: "UTC" },
      T0,
    );
    const first = (await tdb.database.models.OutboxMessage.findOne({ where: { toEmail: user.email } }))!;
    // The admin hands out a new link before the first email was sent: the first one is dead.
    await reissuePasswordLink(tdb.database, demo.admin, user.id, T0);
    const before = smtp.received.length;
    await deliverOutbox(tdb.database, mailer(), T0);
    await first.reload();
    expect(first.state).toBe("failed");
    expect(first.lastError).toBe("Not sent: its set-password link had been used, replaced or had expired before the email could go out.");
    const sent = smtp.received.slice(before).filter((m) => m.to.includes(user.email));
    expect(sent).toHaveLength(1);
    expect(await findPasswordToken(tdb.database, linkIn(sent[0].raw)!, T0)).not.toBeNull();
  });

  it("keeps a deactivated person's calendar link revoked after the account is reactivated", async () => {
    const rep = demo.user("east.rep1");
    const feed = await issueDeadlineFeed(tdb.database, rep, T0);
    expect((await calendarFeed(tdb.database, feed, T0)).ok).toBe(true);
    await setUserActive(tdb.database, demo.admin, rep.id, false, T0);
    await setUserActive(tdb.database, demo.admin, rep.id, true, T0);
    expect(await calendarFeed(tdb.database, feed, T0)).toMatchObject({ ok: false, status: 410 });
  });

  it("writes no control character into a calendar file, even from a name stored before they were refused", async () => {
    const rep = demo.user("west.rep1");
    await tdb.database.sequelize.query(`UPDATE users SET name = :name WHERE id = :id`, { replacements: { name: "West\u001b[2J Rep\r\nX-INJECTED:1", id: rep.id } });
    const feed = await issueDeadlineFeed(tdb.database, rep, T0);
    const result = await calendarFeed(tdb.database, feed, T0);
    expect(result.ok).toBe(true);
    const ics = result.ok ? result.ics.toString() : "";
    expect(ics).toContain("Collateral Preview: West [2J Rep X-INJECTED:1");
    expect(ics).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/);
    expect(ics.split(/\r\n/).some((line) => line.startsWith("X-INJECTED"))).toBe(false);
  });
});
