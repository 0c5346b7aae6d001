import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/lib/db.server";
import { queueEmail } from "~/lib/email.server";
import { smtpMailer, type Mailer } from "~/lib/mailer.server";
import { runSweep } from "~/jobs/sweep.server";
import { createMaterial } from "~/commands/create-material.server";
import { submitForPreview } from "~/commands/submit-for-preview.server";
import { addComment } from "~/commands/add-comment.server";
import { answerComment } from "~/commands/answer-comment.server";
import { actOnEscalation } from "~/commands/act-on-escalation.server";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { seedDemo } from "../helpers/organisation";
import { startSmtp } from "../helpers/smtp";

const FRIDAY_4PM_NY = new Date("2026-11-20T21:00:00Z");
/** After every round's reminder time (Tue 04:00 NY / 04:00 LA) and before any deadline. */
const REMINDER_TIME = new Date("2026-11-24T13:00:00Z");
/** After every round's deadline (Tue 16:00 NY / 16:00 LA). */
const AFTER_DEADLINES = new Date("2026-11-25T01:00:00Z");

/** A database handle whose writes start failing after `okWrites`: a process dying mid-sweep. */
function crashingAfter(database: Database, okWrites: number): Database {
  let writes = 0;
  return {
    ...database,
    write(fn) {
      writes++;
      if (writes > okWrites) return Promise.reject(new Error("simulated crash"));
      return database.write(fn);
    },
  };
}

async function count(database: Database, kind: string) {
  return database.models.OutboxMessage.count({ where: { kind } });
}

describe("sweeps that crash, repeat or run in parallel", () => {
  let tdb: TestDatabase;
  let db: Database;
  let demo: Awaited<ReturnType<typeof seedDemo>>;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = tdb.database;
    demo = await seedDemo(db);
    // Six previews: three per team, each with two committee members who never decide.
    for (let i = 0; i < 6; i++) {
      const team = demo.team(i % 2 === 0 ? "Enterprise East" : "Mid-Market West");
      const { material } = await createMaterial(
        db,
        demo.user("marketer1"),
        { title: `Material ${i}`, kind: "collateral", description: "", teamIds: [team.id] },
        { key: `versions/safety${i}.bin`, fileName: "m.pdf", contentType: "application/pdf", size: 10, sha256: "c".repeat(64), pageCount: 1 },
        FRIDAY_4PM_NY,
      );
      await submitForPreview(db, demo.user("marketer1"), material.id, FRIDAY_4PM_NY);
    }
  });
  afterAll(() => tdb.cleanup());

  it("a sweep that dies half-way through reminders, then runs again: every reminder once", async () => {
    // One round per transaction on PostgreSQL too (it claims several by default), so three writes are three rounds.
    await expect(runSweep(crashingAfter(db, 3), { now: REMINDER_TIME, claim: 1 })).rejects.toThrow("simulated crash");
    const partial = await count(db, "reminder");
    expect(partial).toBe(6); // 3 rounds × 2 members, then the process died
    await runSweep(db, { now: REMINDER_TIME });
    await runSweep(db, { now: REMINDER_TIME });
    expect(await count(db, "reminder")).toBe(12); // 6 rounds × 2 members
    const perMember = await db.models.RoundDecision.count({ where: { remindedAt: null } });
    expect(perMember).toBe(0);
  });

  it("two processes sweeping the same due rounds at once: each closes once, each email once", async () => {
    const other = tdb.reopen();
    try {
      const results = await Promise.all([
        runSweep(db, { now: AFTER_DEADLINES }),
        runSweep(other, { now: AFTER_DEADLINES }),
        runSweep(db, { now: AFTER_DEADLINES }),
      ]);
      expect(results.reduce((n, r) => n + r.roundsClosed, 0)).toBe(6);
    } finally {
      await other.close();
    }
    expect(await db.models.PreviewRound.count({ where: { state: "closed" } })).toBe(6);
    // The submitter and both committee members of each round: 3 per round, never twice.
    expect(await count(db, "round_closed")).toBe(18);
    expect(await db.models.RoundDecision.count({ where: { decision: "no_objection" } })).toBe(12);
    expect(await count(db, "reminder")).toBe(12);
  });

  describe("email delivery through a real SMTP server", () => {
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    beforeAll(async () => {
      smtp = await startSmtp();
    });
    afterAll(() => smtp.stop());

    it("survives the SMTP server stopping during delivery: every message arrives exactly once", async () => {
      const pending = await db.models.OutboxMessage.count({ where: { state: "pending" } });
      expect(pending).toBeGreaterThan(10);
      // Stop the server after the third message is handed over, in the middle of a sweep
      // (the messages being sent beside it at that moment may still get through).
      const real = smtpMailer(smtp.url, "Collateral Preview <preview@test.invalid>");
      let handed = 0;
      const mailer: Mailer = {
        async send(mail) {
          await real.send(mail);
          if (++handed === 3) await smtp.stop();
        },
        close: () => real.close(),
      };
      const t0 = AFTER_DEADLINES;
      const first = await runSweep(db, { now: t0, mailer });
      expect(first.emailsSent).toBeGreaterThanOrEqual(3);
      expect(first.emailsSent).toBeLessThan(pending);
      expect(first.emailsSent + first.emailsFailed).toBe(pending);
      expect(smtp.received).toHaveLength(first.emailsSent);
      const failing = await db.models.OutboxMessage.findOne({ where: { state: "pending" } });
      expect(failing!.lastError).toBeTruthy();

      // Within the back-off nothing is retried.
      expect((await runSweep(db, { now: new Date(t0.getTime() + 10_000), mailer })).emailsSent).toBe(0);

      await smtp.start(); // same port
      const later = await runSweep(db, { now: new Date(t0.getTime() + 31_000), mailer });
      expect(later.emailsSent).toBe(pending - first.emailsSent);
      expect((await runSweep(db, { now: new Date(t0.getTime() + 3_600_000), mailer })).emailsSent).toBe(0);
      real.close();

      expect(smtp.received).toHaveLength(pending);
      const ids = smtp.received.map((m) => m.messageId);
      expect(new Set(ids).size).toBe(pending);
      expect(await db.models.OutboxMessage.count({ where: { state: "sent" } })).toBe(pending);
      const reminder = smtp.received.find((m) => m.raw.includes("A quarter of the preview window is left"));
      expect(reminder!.raw).toContain("Content-Type: text/plain");
      expect(reminder!.raw).toContain("Content-Type: text/html");
    });

    it("keeps messages in the outbox when there is no SMTP server configured", async () => {
      await db.write((t) =>
        queueEmail(db, t, { id: null, name: "Someone", email: "someone@demo.test" }, "test", { subject: "Held back", lines: ["x"], link: "/", linkLabel: "Open" }, AFTER_DEADLINES),
      );
      const result = await runSweep(db, { now: new Date(AFTER_DEADLINES.getTime() + 7_200_000), mailer: null });
      expect(result.emailsSent).toBe(0);
      expect(await db.models.OutboxMessage.count({ where: { state: "pending", kind: "test" } })).toBe(1);
    });
  });
});

describe("a sweep with more due work than one batch", () => {
  let tdb: TestDatabase;
  afterAll(() => tdb?.cleanup());

  it("closes every due round in one sweep, and no round that is not due", async () => {
    tdb = await createTestDatabase();
    const db = tdb.database;
    const demo = await seedDemo(db);
    const east = demo.team("Enterprise East");
    const members = [demo.user("east.committee1").id, demo.user("east.committee2").id];
    const { seedOpenRounds } = await import("../helpers/bulk-rounds");
    await seedOpenRounds(db, { count: 600, dueCount: 450, teamId: east.id, ownerId: demo.user("marketer1").id, memberIds: members, now: AFTER_DEADLINES });

    const result = await runSweep(db, { now: AFTER_DEADLINES });
    expect(result.roundsClosed).toBe(450);
    expect(await db.models.PreviewRound.count({ where: { state: "closed" } })).toBe(450);
    expect(await db.models.PreviewRound.count({ where: { state: "open" } })).toBe(150);
    expect(await db.models.RoundDecision.count({ where: { decision: "no_objection" } })).toBe(900);
    expect(await db.models.OutboxMessage.count({ where: { kind: "round_closed" } })).toBe(450 * 3);
    // Run again: nothing left to do.
    expect((await runSweep(db, { now: AFTER_DEADLINES })).roundsClosed).toBe(0);
  });
});

describe("joint decisions and moving up, at the same moment", () => {
  let tdb: TestDatabase;
  let db: Database;
  let demo: Awaited<ReturnType<typeof seedDemo>>;
  let other: Database;
  let n = 0;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = tdb.database;
    other = tdb.reopen();
    demo = await seedDemo(db);
  });
  afterAll(async () => {
    await other.close();
    await tdb.cleanup();
  });

  /** A dispute escalated to the East manager and marketing's manager (two people: a joint decision). */
  async function escalated() {
    n++;
    const { material, version } = await createMaterial(
      db,
      demo.user("marketer1"),
      { title: `Race ${n}`, kind: "collateral", description: "", teamIds: [demo.team("Enterprise East").id] },
      { key: `versions/race${n}.bin`, fileName: "m.pdf", contentType: "application/pdf", size: 10, sha256: `${n}`.padStart(64, "d"), pageCount: 1 },
      FRIDAY_4PM_NY,
    );
    const [round] = await submitForPreview(db, demo.user("marketer1"), material.id, FRIDAY_4PM_NY);
    const comment = await addComment(db, demo.user("east.committee1"), material.id, { versionId: version.id, category: "pricing", body: "Race", pin: null }, FRIDAY_4PM_NY);
    await answerComment(db, demo.user("marketer1"), material.id, { commentId: comment.id, answer: "decline", reason: "No." }, FRIDAY_4PM_NY);
    await runSweep(db, { now: round.dueAt });
    return (await db.models.Escalation.findOne({ where: { commentId: comment.id } }))!;
  }

  it("an agreement racing a move-up: exactly one wins, and the other changes nothing", async () => {
    for (let i = 0; i < 4; i++) {
      const escalation = await escalated();
      await actOnEscalation(db, demo.user("east.manager"), escalation.id, { type: "propose", decision: "overrule", note: "" }, escalation.decideBy);
      const proposal = (await db.models.EscalationProposal.findOne({ where: { escalationId: escalation.id, state: "open" } }))!;
      const [agree, sweep] = await Promise.allSettled([
        actOnEscalation(other, demo.user("marketing.manager"), escalation.id, { type: "agree", proposalId: proposal.id }, escalation.decideBy),
        runSweep(db, { now: escalation.decideBy }),
      ]);
      await escalation.reload({ include: [{ association: "assignees" }] });
      const moved = escalation.level === 2;
      const decided = escalation.state === "decided";
      // One or the other, never both, never neither.
      expect([moved, decided].filter(Boolean)).toHaveLength(1);
      if (decided) {
        expect(agree.status).toBe("fulfilled");
        expect(escalation.assignees!.every((a) => a.level === 1)).toBe(true);
      } else {
        expect(agree.status).toBe("rejected");
        expect(escalation.decision).toBeNull();
        const comment = await db.models.Comment.findByPk(escalation.commentId);
        expect(comment!.state).toBe("declined");
      }
      expect(sweep.status).toBe("fulfilled");
      expect(await db.models.AuditEvent.count({ where: { entityType: "escalation", entityId: String(escalation.id), action: ["escalation.decided", "escalation.moved_up"] } })).toBe(1);
    }
  });

  it("two sweeps moving one escalation to the manager above both sides: one level 2, one email, once", async () => {
    // For this test both managers report to vp.sales: the chains meet there.
    await db.models.User.update({ reportsToId: demo.user("vp.sales").id }, { where: { id: demo.user("marketing.manager").id } });
    try {
      const escalation = await escalated();
      const [a, b] = await Promise.all([runSweep(db, { now: escalation.decideBy }), runSweep(other, { now: escalation.decideBy })]);
      expect(a.movedUp + b.movedUp).toBe(1);
      await escalation.reload({ include: [{ association: "assignees" }] });
      expect(escalation.level).toBe(2);
      expect(escalation.assignees!.filter((x) => x.level === 2).map((x) => [x.userId, x.side])).toEqual([[demo.user("vp.sales").id, "both"]]);
      const told = await db.models.OutboxMessage.findAll({ where: { kind: "escalation_moved_up" } });
      expect(told.filter((m) => m.text.includes(`/escalations/${escalation.id}`)).map((m) => m.toEmail)).toEqual(["vp.sales@demo.test"]);
      // Alone at level 2, vp.sales decides without anyone to agree.
      await actOnEscalation(db, demo.user("vp.sales"), escalation.id, { type: "propose", decision: "uphold", note: "" }, escalation.decideBy);
      await escalation.reload();
      expect(escalation).toMatchObject({ state: "decided", decision: "uphold" });
    } finally {
      await db.models.User.update({ reportsToId: demo.user("vp.marketing").id }, { where: { id: demo.user("marketing.manager").id } });
    }
  });
});
