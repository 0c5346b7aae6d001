/**
 * People acting at the moment the sweep acts on the same thing. On SQLite writes run one
 * at a time, so these pass by construction; on PostgreSQL (CI runs this project there too)
 * they run side by side and the row locks and conditional updates must decide: whichever
 * lands first, the other sees it, and no comment is left without an owner and a clock.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/lib/db.server";
import { runSweep } from "~/jobs/sweep.server";
import { addComment } from "~/commands/add-comment.server";
import { answerComment } from "~/commands/answer-comment.server";
import { createMaterial } from "~/commands/create-material.server";
import { decideRound } from "~/commands/decide-round.server";
import { releaseMaterial } from "~/commands/release-material.server";
import { submitForPreview } from "~/commands/submit-for-preview.server";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { seedDemo } from "../helpers/organisation";

const MONDAY = new Date("2026-11-23T14:00:00Z");
const minutes = (at: Date, n: number) => new Date(at.getTime() + n * 60_000);
const TRIES = 6;

describe("people and the sweep at the same moment", () => {
  let tdb: TestDatabase;
  let db: Database;
  let demo: Awaited<ReturnType<typeof seedDemo>>;
  let n = 0;
  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = tdb.database;
    demo = await seedDemo(db);
  });
  afterAll(() => tdb.cleanup());

  async function submitted() {
    n++;
    const { material, version } = await createMaterial(
      db,
      demo.user("marketer1"),
      { title: `Race ${n}`, kind: "collateral", description: "", teamIds: [demo.team("Enterprise East").id] },
      { key: `versions/races${n}.bin`, fileName: "m.pdf", contentType: "application/pdf", size: 10, sha256: `${n}`.padStart(64, "e"), pageCount: 2 },
      MONDAY,
    );
    const [round] = await submitForPreview(db, demo.user("marketer1"), material.id, MONDAY);
    return { material, version, round };
  }

  it("a comment posted as the round closes is either refused or has a clock", async () => {
    for (let i = 0; i < TRIES; i++) {
      const { material, version, round } = await submitted();
      await Promise.allSettled([
        runSweep(db, { now: round.dueAt }),
        addComment(db, demo.user("east.committee1"), material.id, { versionId: version.id, category: "other", body: `At the bell ${i}`, pin: null }, minutes(round.dueAt, -1)),
      ]);
      await round.reload();
      expect(round.state).toBe("closed");
      const comment = await db.models.Comment.findOne({ where: { materialId: material.id } });
      // Made before the close: marketing has until a business day after it to answer.
      if (comment) expect(comment.escalateAt ?? comment.escalatedAt).not.toBeNull();
    }
  });

  it("a decline as the round closes gets the round's escalation or a clock of its own", async () => {
    for (let i = 0; i < TRIES; i++) {
      const { material, version, round } = await submitted();
      const comment = await addComment(db, demo.user("east.committee1"), material.id, { versionId: version.id, category: "other", body: `Declined at the bell ${i}`, pin: null }, minutes(MONDAY, 5));
      await Promise.allSettled([
        runSweep(db, { now: round.dueAt }),
        answerComment(db, demo.user("marketer1"), material.id, { commentId: comment.id, answer: "decline", reason: "No." }, minutes(round.dueAt, -1)),
      ]);
      await comment.reload();
      if (comment.state === "declined") expect(comment.escalateAt ?? comment.escalatedAt).not.toBeNull();
      else expect(comment.state).toBe("open");
    }
  });

  it("an acceptance as the unanswered comment escalates: never accepted with its escalation still open", async () => {
    for (let i = 0; i < TRIES; i++) {
      const { material, version, round } = await submitted();
      const comment = await addComment(db, demo.user("east.committee1"), material.id, { versionId: version.id, category: "other", body: `Unanswered ${i}`, pin: null }, minutes(MONDAY, 5));
      for (const who of ["east.committee1", "east.committee2"]) await decideRound(db, demo.user(who), material.id, { roundId: round.id, decision: "approved", summary: "ok" }, minutes(MONDAY, 10));
      await comment.reload();
      const due = comment.escalateAt!;
      expect(due).not.toBeNull();
      await Promise.allSettled([
        runSweep(db, { now: due }),
        answerComment(db, demo.user("marketer1"), material.id, { commentId: comment.id, answer: "accept" }, due),
      ]);
      await comment.reload();
      const escalation = await db.models.Escalation.findOne({ where: { commentId: comment.id } });
      if (comment.state === "accepted") expect(escalation?.state ?? "none").not.toBe("open");
      else expect([comment.state, escalation?.state]).toEqual(["open", "open"]);
    }
  });

  it("two requests to release over the objection at once make one objection", async () => {
    const { material, round } = await submitted();
    await decideRound(db, demo.user("east.committee1"), material.id, { roundId: round.id, decision: "changes_requested", summary: "No." }, minutes(MONDAY, 5));
    await decideRound(db, demo.user("east.committee2"), material.id, { roundId: round.id, decision: "approved", summary: "ok" }, minutes(MONDAY, 6));
    const results = await Promise.allSettled([
      releaseMaterial(db, demo.user("marketer1"), material.id, minutes(MONDAY, 10), { overObjection: true, reason: "Deadline." }),
      releaseMaterial(db, demo.user("marketer2"), material.id, minutes(MONDAY, 10), { overObjection: true, reason: "Deadline." }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(await db.models.Comment.count({ where: { materialId: material.id, kind: "objection" } })).toBe(1);
    expect(await db.models.Escalation.count({ where: { materialId: material.id } })).toBe(1);
  });
});
