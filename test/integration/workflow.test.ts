import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/lib/db.server";
import { runSweep } from "~/jobs/sweep.server";
import { addComment } from "~/commands/add-comment.server";
import { answerComment } from "~/commands/answer-comment.server";
import { settleComment } from "~/commands/settle-comment.server";
import { createMaterial } from "~/commands/create-material.server";
import { actOnEscalation } from "~/commands/act-on-escalation.server";
import { decideEscalation } from "~/commands/decide-escalation.server";
import { decideRound } from "~/commands/decide-round.server";
import { releaseMaterial } from "~/commands/release-material.server";
import { submitForPreview } from "~/commands/submit-for-preview.server";
import { refusal } from "../helpers/refusal";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { seedDemo } from "../helpers/organisation";

/** Friday 20 Nov 2026, 16:00 in New York (Enterprise East's time zone). */
const FRIDAY_4PM = new Date("2026-11-20T21:00:00Z");
const TUESDAY_4PM = new Date("2026-11-24T21:00:00Z");
const minutes = (at: Date, n: number) => new Date(at.getTime() + n * 60_000);

let fileNumber = 0;
function file(pageCount = 4) {
  fileNumber++;
  return { key: `versions/wf${fileNumber}.bin`, fileName: "brochure.pdf", contentType: "application/pdf" as const, size: 1000, sha256: "b".repeat(64), pageCount };
}

async function outbox(database: Database, kind?: string) {
  const rows = await database.models.OutboxMessage.findAll({ where: kind ? { kind } : {}, order: [["id", "ASC"]] });
  return rows.map((r) => `${r.kind}:${r.toEmail}`);
}


describe("the two-day window, escalation and release", () => {
  let tdb: TestDatabase;
  let db: Database;
  let demo: Awaited<ReturnType<typeof seedDemo>>;
  let materialId: number;
  let versionId: number;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = tdb.database;
    demo = await seedDemo(db);
    const { material, version } = await createMaterial(
      db,
      demo.user("marketer1"),
      { title: "Winter brochure", kind: "collateral", description: "", teamIds: [demo.team("Enterprise East").id] },
      file(),
      minutes(FRIDAY_4PM, -60),
    );
    materialId = material.id;
    versionId = version.id;
  });
  afterAll(() => tdb.cleanup());

  it("opens one round per target team, due two business days later in the team's time zone", async () => {
    const [round] = await submitForPreview(db, demo.user("marketer1"), materialId, FRIDAY_4PM);
    expect(round.dueAt.toISOString()).toBe(TUESDAY_4PM.toISOString());
    const decisions = await db.models.RoundDecision.findAll({ where: { roundId: round.id } });
    expect(decisions.map((d) => d.decision)).toEqual(["pending", "pending"]);
    expect(await outbox(db, "preview_requested")).toEqual([
      "preview_requested:east.committee1@demo.test",
      "preview_requested:east.committee2@demo.test",
    ]);
    const request = await db.models.OutboxMessage.findOne({ where: { kind: "preview_requested" } });
    expect(request!.text).toContain("Tue 24 Nov, 16:00 (America/New_York)");
    expect(request!.html).toContain("/materials/");
    // Submitting again while it runs is refused.
    expect(await refusal(submitForPreview(db, demo.user("marketer2"), materialId, FRIDAY_4PM))).toMatchObject({ status: 409 });
  });

  it("a committee member comments; marketing declines; the member holds it (a dispute)", async () => {
    const member = demo.user("east.committee1");
    const comment = await addComment(db, member, materialId, { versionId, category: "pricing", body: "This price expired.", pin: { page: 2, x: 0.4, y: 0.5 } }, minutes(FRIDAY_4PM, 10));
    expect(comment.roundId).not.toBeNull();
    await answerComment(db, demo.user("marketer1"), materialId, { commentId: comment.id, answer: "decline", reason: "Still valid until March." }, minutes(FRIDAY_4PM, 20));
    expect(await outbox(db, "comment_declined")).toEqual(["comment_declined:east.committee1@demo.test"]);
    await settleComment(db, member, materialId, { commentId: comment.id, settle: "hold" }, minutes(FRIDAY_4PM, 30));
  });

  it("refuses deciding for someone not asked, deciding twice, and releasing while the preview runs", async () => {
    const round = await db.models.PreviewRound.findOne({ where: { materialId } });
    const rep = await refusal(decideRound(db, demo.user("east.rep1"), materialId, { roundId: round!.id, decision: "approved", summary: "ok" }, FRIDAY_4PM));
    expect(rep.status).toBe(403);
    const west = await refusal(decideRound(db, demo.user("west.committee1"), materialId, { roundId: round!.id, decision: "approved", summary: "ok" }, FRIDAY_4PM));
    // A material aimed at another team is the same 404 as one that does not exist.
    expect(west.status).toBe(404);
    await decideRound(db, demo.user("east.committee2"), materialId, { roundId: round!.id, decision: "approved", summary: "Fine for the East." }, minutes(FRIDAY_4PM, 40));
    const twice = await refusal(decideRound(db, demo.user("east.committee2"), materialId, { roundId: round!.id, decision: "changes_requested", summary: "Changed my mind" }, minutes(FRIDAY_4PM, 50)));
    expect(twice).toMatchObject({ status: 409, message: "You have already decided this preview." });
    const release = await refusal(releaseMaterial(db, demo.user("marketer1"), materialId, minutes(FRIDAY_4PM, 50)));
    expect(release.status).toBe(409);
    expect(release.message).toContain("The preview is still running. It closes by Tue 24 Nov, 16:00 (America/New_York)");
    const stored = await db.models.RoundDecision.findOne({ where: { roundId: round!.id, userId: demo.user("east.committee2").id } });
    expect(stored).toMatchObject({ decision: "approved", summary: "Fine for the East." });
  });

  it("sends each undecided member one reminder when a quarter of the window is left, never two", async () => {
    const reminderAt = new Date("2026-11-24T09:00:00Z"); // Tuesday 04:00 in New York
    expect((await runSweep(db, { now: minutes(reminderAt, -1) })).reminders).toBe(0);
    // Two sweeps at the same moment, on two connections, as two processes would.
    const [a, b] = await Promise.all([runSweep(db, { now: reminderAt }), runSweep(db, { now: reminderAt })]);
    expect(a.reminders + b.reminders).toBe(1);
    expect((await runSweep(db, { now: minutes(reminderAt, 60) })).reminders).toBe(0);
    expect(await outbox(db, "reminder")).toEqual(["reminder:east.committee1@demo.test"]); // committee2 has decided
  });

  it("closes the round at dueAt, recording the silent member as no objection, and escalates the dispute", async () => {
    expect((await runSweep(db, { now: minutes(TUESDAY_4PM, -1) })).roundsClosed).toBe(0);
    const result = await runSweep(db, { now: TUESDAY_4PM });
    expect(result.roundsClosed).toBe(1);
    const round = await db.models.PreviewRound.findOne({ where: { materialId }, include: [{ association: "decisions" }] });
    expect(round!.state).toBe("closed");
    const byUser = Object.fromEntries(round!.decisions!.map((d) => [d.userId, d.decision]));
    expect(byUser[demo.user("east.committee1").id]).toBe("no_objection");
    expect(byUser[demo.user("east.committee2").id]).toBe("approved");
    expect((await outbox(db, "round_closed")).sort()).toEqual(["round_closed:east.committee1@demo.test", "round_closed:east.committee2@demo.test", "round_closed:marketer1@demo.test"]);

    const escalation = await db.models.Escalation.findOne({ include: [{ association: "assignees" }] });
    expect(escalation).toMatchObject({ level: 1, state: "open", overdue: false });
    expect(escalation!.assignees!.map((a) => a.userId).sort()).toEqual([demo.user("east.manager").id, demo.user("marketing.manager").id].sort());
    expect((await outbox(db, "escalation")).sort()).toEqual(["escalation:east.manager@demo.test", "escalation:marketing.manager@demo.test"]);
    const brief = await db.models.OutboxMessage.findOne({ where: { kind: "escalation" } });
    expect(brief!.text).toContain("This price expired.");
    expect(brief!.text).toContain("Still valid until March.");
    // Nothing happens twice.
    const again = await runSweep(db, { now: minutes(TUESDAY_4PM, 5) });
    expect(again).toMatchObject({ roundsClosed: 0, lateEscalations: 0 });
    expect(await db.models.Escalation.count()).toBe(1);
  });

  it("refuses releasing with an open escalation", async () => {
    const release = await refusal(releaseMaterial(db, demo.user("marketer1"), materialId, minutes(TUESDAY_4PM, 10)));
    expect(release.status).toBe(409);
    expect(release.message).toContain("waiting for a manager's decision");
  });

  it("moves the escalation one level up both chains when decideBy passes, then flags it overdue at the top", async () => {
    const escalation = await db.models.Escalation.findOne();
    const decideBy = escalation!.decideBy;
    expect((await runSweep(db, { now: minutes(decideBy, -1) })).movedUp).toBe(0);
    expect((await runSweep(db, { now: decideBy })).movedUp).toBe(1);
    await escalation!.reload({ include: [{ association: "assignees" }] });
    expect(escalation!.level).toBe(2);
    const level2 = escalation!.assignees!.filter((a) => a.level === 2).map((a) => a.userId).sort();
    expect(level2).toEqual([demo.user("vp.sales").id, demo.user("vp.marketing").id].sort());
    expect((await outbox(db, "escalation_moved_up")).sort()).toEqual(["escalation_moved_up:vp.marketing@demo.test", "escalation_moved_up:vp.sales@demo.test"]);

    // The level-1 manager may no longer decide it.
    const stale = await refusal(decideEscalation(db, demo.user("east.manager"), escalation!.id, { decision: "overrule", note: "" }, escalation!.decideBy));
    expect(stale.status).toBe(403);

    const flagged = await runSweep(db, { now: escalation!.decideBy });
    expect(flagged).toMatchObject({ movedUp: 0, flaggedOverdue: 1 });
    await escalation!.reload();
    expect(escalation).toMatchObject({ level: 2, overdue: true, state: "open" });
    expect(await runSweep(db, { now: minutes(escalation!.decideBy, 60 * 24 * 5) })).toMatchObject({ movedUp: 0, flaggedOverdue: 0 });
  });

  it("two managers addressed decide jointly: one proposes, the other counters, the first agrees; everyone hears; then it is released once", async () => {
    const escalation = await db.models.Escalation.findOne();
    const at = minutes(escalation!.decideBy, 60 * 24 * 6);
    await decideEscalation(db, demo.user("vp.sales"), escalation!.id, { decision: "uphold", note: "" }, at);
    await escalation!.reload();
    expect(escalation).toMatchObject({ state: "open", decision: null });
    expect((await outbox(db, "escalation_proposed")).sort()).toEqual(
      ["east.committee1", "marketer1", "vp.marketing"].map((u) => `escalation_proposed:${u}@demo.test`),
    );
    await actOnEscalation(db, demo.user("vp.marketing"), escalation!.id, { type: "propose", decision: "compromise", note: "Keep the price, add 'until March'." }, minutes(at, 5));
    const [first, counter] = await db.models.EscalationProposal.findAll({ order: [["id", "ASC"]] });
    expect([first.state, counter.state]).toEqual(["superseded", "open"]);
    // Agreeing to the proposal that was replaced is refused; nothing changes.
    expect(await refusal(actOnEscalation(db, demo.user("vp.sales"), escalation!.id, { type: "agree", proposalId: first.id }, minutes(at, 6)))).toMatchObject({ status: 409 });
    // The proposer cannot agree to their own proposal.
    expect(await refusal(actOnEscalation(db, demo.user("vp.marketing"), escalation!.id, { type: "agree", proposalId: counter.id }, minutes(at, 6)))).toMatchObject({ status: 409 });
    await actOnEscalation(db, demo.user("vp.sales"), escalation!.id, { type: "agree", proposalId: counter.id }, minutes(at, 7));
    await escalation!.reload();
    expect(escalation).toMatchObject({ state: "decided", decision: "compromise", note: "Keep the price, add 'until March'.", decidedById: demo.user("vp.sales").id });
    // Every manager it was ever addressed to and both parties are told, never the one who acted.
    expect((await outbox(db, "escalation_decided")).sort()).toEqual(
      ["east.committee1", "east.manager", "marketer1", "marketing.manager", "vp.marketing"].map((u) => `escalation_decided:${u}@demo.test`),
    );
    const twice = await refusal(decideEscalation(db, demo.user("vp.marketing"), escalation!.id, { decision: "uphold", note: "" }, at));
    expect(twice.status).toBe(409);

    await releaseMaterial(db, demo.user("marketer2"), materialId, at);
    const released = await outbox(db, "material_released");
    expect(released.sort()).toEqual(
      ["east.committee1", "east.committee2", "east.rep1", "east.rep2"].map((u) => `material_released:${u}@demo.test`),
    );
    const mail = await db.models.OutboxMessage.findOne({ where: { kind: "material_released" } });
    expect(mail!.text).toContain("Emma Reyes: approved — Fine for the East.");
    expect(mail!.text).toContain("Ethan Cole: no objection by deadline");
    expect(mail!.text).toContain(`The managers decided on "This price expired.": Compromise — Keep the price, add 'until March'.`);
    expect((await refusal(releaseMaterial(db, demo.user("marketer2"), materialId, at))).status).toBe(409);
    expect(await outbox(db, "material_released")).toHaveLength(4);
  });

  it("escalates a decline made after the round closed one business day later, if still disputed", async () => {
    const { material, version } = await createMaterial(
      db,
      demo.user("marketer2"),
      { title: "Late decline", kind: "collateral", description: "", teamIds: [demo.team("Mid-Market West").id] },
      file(),
      FRIDAY_4PM,
    );
    const [round] = await submitForPreview(db, demo.user("marketer2"), material.id, FRIDAY_4PM);
    const comment = await addComment(db, demo.user("west.committee1"), material.id, { versionId: version.id, category: "audience", body: "Wrong segment.", pin: null }, minutes(FRIDAY_4PM, 5));
    await runSweep(db, { now: round.dueAt });
    expect(await db.models.Escalation.count({ where: { commentId: comment.id } })).toBe(0); // nothing disputed at close

    const declinedAt = minutes(round.dueAt, 60); // Tuesday 14:00 in Los Angeles
    await answerComment(db, demo.user("marketer2"), material.id, { commentId: comment.id, answer: "decline", reason: "It is the right segment." }, declinedAt);
    await comment.reload();
    expect(comment.escalateAt!.toISOString()).toBe(minutes(declinedAt, 24 * 60).toISOString());
    expect((await runSweep(db, { now: minutes(comment.escalateAt!, -1) })).lateEscalations).toBe(0);
    expect((await runSweep(db, { now: comment.escalateAt! })).lateEscalations).toBe(1);
    const escalation = await db.models.Escalation.findOne({ where: { commentId: comment.id }, include: [{ association: "assignees" }] });
    expect(escalation!.assignees!.map((a) => a.userId).sort()).toEqual([demo.user("west.manager").id, demo.user("marketing.manager").id].sort());
  });
});

describe("a committee member's queue", () => {
  it("lists the 25 soonest undecided previews with the total and the time left", async () => {
    const tdb = await createTestDatabase();
    try {
      const { pendingDecisionsFor, QUEUE_LENGTH } = await import("~/queries/workflow-views.server");
      const { seedOpenRounds } = await import("../helpers/bulk-rounds");
      const demo = await seedDemo(tdb.database);
      const member = demo.user("east.committee1");
      const now = new Date("2026-11-25T15:00:00Z");
      // 30 open rounds: 5 past their deadline (closing at the next sweep), 25 due in two days.
      await seedOpenRounds(tdb.database, { count: 30, dueCount: 5, teamId: demo.team("Enterprise East").id, ownerId: demo.user("marketer1").id, memberIds: [member.id], now });
      const queue = await pendingDecisionsFor(tdb.database, member, now);
      expect(queue.total).toBe(30);
      expect(queue.items).toHaveLength(QUEUE_LENGTH);
      expect(queue.items.slice(0, 5).every((i) => i.clock.overdue && i.clock.text === "overdue by 1 min")).toBe(true);
      expect(queue.items[5].clock).toMatchObject({ overdue: false, text: "due in 2 days" });
      expect(queue.items[0]).toMatchObject({ team: "Enterprise East", version: 1, material: expect.stringMatching(/^Bulk material /) });
      expect(await pendingDecisionsFor(tdb.database, demo.user("east.committee2"), now)).toEqual({ items: [], total: 0 });
    } finally {
      await tdb.cleanup();
    }
  });
});
