import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "~/lib/db.server";
import { queueEmails } from "~/lib/email.server";
import { smtpMailer, type Mailer } from "~/lib/mailer.server";
import { deliverOutbox, sendRate } from "~/jobs/deliver-outbox.server";
import { runSweep } from "~/jobs/sweep.server";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { startSmtp } from "../helpers/smtp";

const T0 = new Date("2026-11-25T09:00:00Z");

/** Delivery of the outbox: several messages at a time, no fixed number per sweep, a rate cap, sweepers that split the work. */
describe("delivering the outbox", () => {
  let tdb: TestDatabase;
  let db: Database;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let real: Mailer;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = tdb.database;
    smtp = await startSmtp();
    real = smtpMailer(smtp.url, "Collateral Preview <preview@test.invalid>");
  });
  afterAll(async () => {
    real?.close();
    await smtp?.stop();
    await tdb?.cleanup();
  });
  beforeEach(async () => {
    await db.models.OutboxMessage.destroy({ where: {} });
    smtp.received.length = 0;
  });

  async function queue(count: number) {
    await db.write((t) =>
      queueEmails(
        db,
        t,
        Array.from({ length: count }, (_, i) => ({
          to: { id: null, name: `Person ${i}`, email: `person${i}@demo.test` },
          kind: "test",
          content: { subject: `Message ${i}`, lines: ["Hello."], link: "/", linkLabel: "Open" },
        })),
        T0,
      ),
    );
  }

  /** The real SMTP mailer, each send held `delayMs` longer, counting how many are under way at once. */
  function watched(delayMs: number) {
    let now = 0;
    const stats = { most: 0 };
    const mailer: Mailer = {
      async send(mail) {
        stats.most = Math.max(stats.most, ++now);
        try {
          await new Promise((resolve) => setTimeout(resolve, delayMs));
          await real.send(mail);
        } finally {
          now--;
        }
      },
      close() {},
    };
    return { mailer, stats };
  }

  function expectEachOnce(count: number) {
    const ids = smtp.received.map((m) => m.messageId);
    expect(ids).toHaveLength(count);
    expect(new Set(ids).size).toBe(count);
  }

  it("sends several messages at a time, never more than its concurrency, and more than 50 in one sweep", async () => {
    await queue(120);
    const { mailer, stats } = watched(20);
    const result = await deliverOutbox(db, mailer, T0, { concurrency: 6 });
    expect(result).toEqual({ sent: 120, failed: 0 });
    expect(stats.most).toBe(6);
    expectEachOnce(120);
    expect(await db.models.OutboxMessage.count({ where: { state: "sent", attempts: 1 } })).toBe(120);
    expect((await deliverOutbox(db, mailer, T0)).sent).toBe(0);
  });

  it("sends at most SMTP_MAX_PER_MINUTE in any minute; the rest goes out in later sweeps", async () => {
    await queue(25);
    let elapsed = 0;
    const rate = sendRate(10, () => elapsed);
    const first = await runSweep(db, { now: T0, mailer: real, delivery: { rate } });
    expect(first.emailsSent).toBe(10);
    elapsed = 30_000; // half a minute later: the same minute's share is used up
    expect((await runSweep(db, { now: new Date(T0.getTime() + 30_000), mailer: real, delivery: { rate } })).emailsSent).toBe(0);
    elapsed = 60_001;
    expect((await runSweep(db, { now: new Date(T0.getTime() + 60_001), mailer: real, delivery: { rate } })).emailsSent).toBe(10);
    elapsed = 120_002;
    expect((await runSweep(db, { now: new Date(T0.getTime() + 120_002), mailer: real, delivery: { rate } })).emailsSent).toBe(5);
    expectEachOnce(25);
    // Held back is not failed: none was claimed without being sent.
    expect(await db.models.OutboxMessage.count({ where: { state: "sent", attempts: 1 } })).toBe(25);
  });

  it("a sweep's limit leaves the rest for the next sweep, unclaimed", async () => {
    await queue(30);
    expect((await deliverOutbox(db, real, T0, { limit: 12 })).sent).toBe(12);
    expect(await db.models.OutboxMessage.count({ where: { state: "pending", attempts: 0 } })).toBe(18);
    expect((await deliverOutbox(db, real, T0, { limit: 100 })).sent).toBe(18);
    expectEachOnce(30);
  });

  it("three sweepers on their own connections at once: each message sent once, and the work is split", async () => {
    await queue(300);
    const others = [tdb.reopen(), tdb.reopen()];
    try {
      const { mailer } = watched(5);
      const results = await Promise.all([db, ...others].map((handle) => deliverOutbox(handle, mailer, T0, { concurrency: 4 })));
      expect(results.reduce((n, r) => n + r.sent, 0)).toBe(300);
      expect(results.every((r) => r.failed === 0)).toBe(true);
      // Each took a share (on PostgreSQL they claim different rows; on SQLite they take turns at the one writer).
      expect(results.every((r) => r.sent > 0), JSON.stringify(results)).toBe(true);
    } finally {
      await Promise.all(others.map((o) => o.close()));
    }
    expectEachOnce(300);
    expect(await db.models.OutboxMessage.count({ where: { state: "sent", attempts: 1 } })).toBe(300);
  });

  it("a database that fails mid-delivery fails the sweep once the messages under way are done", async () => {
    await queue(10);
    let writes = 0;
    const failing: Database = {
      ...db,
      write(fn) {
        // Write 1 claims all ten (more senders than messages: no second claim); recording the third outcome fails.
        if (++writes === 4) return Promise.reject(new Error("database gone"));
        return db.write(fn);
      },
    };
    await expect(deliverOutbox(failing, real, T0, { concurrency: 20 })).rejects.toThrow("database gone");
    expect(smtp.received).toHaveLength(10);
    expect(await db.models.OutboxMessage.count({ where: { state: "sent" } })).toBe(9);
    // The one handed over but not marked keeps its lease; after it, it goes again with the same Message-ID.
    const unmarked = await db.models.OutboxMessage.findOne({ where: { state: "pending" } });
    expect(unmarked).toMatchObject({ attempts: 1, nextAttemptAt: new Date(T0.getTime() + 2 * 60_000) });
    expect((await deliverOutbox(db, real, new Date(T0.getTime() + 60_000))).sent).toBe(0);
    expect((await deliverOutbox(db, real, new Date(T0.getTime() + 2 * 60_000))).sent).toBe(1);
    const again = smtp.received.filter((m) => m.messageId === `<outbox-${unmarked!.id}@collateral-preview>`);
    expect(again).toHaveLength(2);
  });
});
