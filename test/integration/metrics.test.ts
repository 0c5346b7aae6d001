import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/lib/db.server";
import { createMaterial } from "~/commands/create-material.server";
import { computeMetrics, metricsCsv } from "~/queries/metrics.server";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { seedDemo } from "../helpers/organisation";

const h = (iso: string, hours = 0) => new Date(new Date(iso).getTime() + hours * 3_600_000);

/**
 * A fixture whose answers were worked out by hand (in the comments). Enterprise East,
 * October 2026: four previews, three closed after 48 h, 24 h and 30 h; first comments after
 * 2 h, 10 h and 1 h; four comments; two escalations. Mid-Market West, November: one preview.
 */
describe("metrics computed in the database", () => {
  let tdb: TestDatabase;
  let db: Database;
  let demo: Awaited<ReturnType<typeof seedDemo>>;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = tdb.database;
    demo = await seedDemo(db);
    const m = db.models;
    const east = demo.team("Enterprise East").id;
    const west = demo.team("Mid-Market West").id;
    const c1 = demo.user("east.committee1").id;
    const c2 = demo.user("east.committee2").id;
    const marketer = demo.user("marketer1");
    let n = 0;
    const material = async (teamId: number) =>
      createMaterial(db, marketer, { title: `M${++n}`, kind: "collateral", description: "", teamIds: [teamId] }, { key: `versions/m${n}.bin`, fileName: "m.pdf", contentType: "application/pdf", size: 1, sha256: "e".repeat(64), pageCount: 2 }, h("2026-10-01T00:00:00Z"));
    const round = async (teamId: number, openedAt: Date, closedAfterH: number | null, decisions: string[]) => {
      const { material: mat, version } = await material(teamId);
      const r = await m.PreviewRound.create({
        materialId: mat.id,
        versionId: version.id,
        teamId,
        submittedById: marketer.id,
        state: closedAfterH === null ? "open" : "closed",
        openedAt,
        dueAt: h(openedAt.toISOString(), 48),
        reminderAt: h(openedAt.toISOString(), 36),
        closedAt: closedAfterH === null ? null : h(openedAt.toISOString(), closedAfterH),
      });
      for (const [i, decision] of decisions.entries()) await m.RoundDecision.create({ roundId: r.id, userId: [c1, c2][i], decision: decision as "approved" });
      return { r, mat, version };
    };
    const comment = async (x: Awaited<ReturnType<typeof round>>, afterH: number, category: string, state: string, declined = false, parentId: number | null = null) =>
      m.Comment.create({
        materialId: x.mat.id,
        versionId: x.version.id,
        roundId: x.r.id,
        parentId,
        authorId: c1,
        page: null,
        x: null,
        y: null,
        category: category as "pricing",
        body: "…",
        state: state as "open",
        declineReason: declined ? "Because." : null,
        answeredById: null,
        createdAt: h(x.r.openedAt.toISOString(), afterH),
        updatedAt: h(x.r.openedAt.toISOString(), afterH),
      });

    const a = await round(east, h("2026-10-05T10:00:00Z"), 48, ["approved", "approved"]); // in window
    const b = await round(east, h("2026-10-12T10:00:00Z"), 24, ["no_objection", "no_objection"]); // no response
    await round(east, h("2026-10-20T10:00:00Z"), 30, ["changes_requested", "no_objection"]); // neither
    const d = await round(east, h("2026-10-25T10:00:00Z"), null, ["pending", "pending"]); // still open
    const first = await comment(a, 2, "pricing", "accepted");
    await comment(a, 3, "other", "open", false, first.id); // a reply: not counted
    const disputed = await comment(a, 5, "messaging", "held", true);
    const bComment = await comment(b, 10, "pricing", "open");
    await comment(d, 1, "audience", "open");
    await m.Escalation.create({ commentId: disputed.id, materialId: a.mat.id, roundId: a.r.id, level: 2, state: "decided", decideBy: h("2026-10-09T10:00:00Z"), decision: "overrule", decidedById: demo.user("vp.sales").id, decidedAt: h("2026-10-08T16:00:00Z"), createdAt: h("2026-10-07T10:00:00Z") });
    await m.Escalation.create({ commentId: bComment.id, materialId: b.mat.id, roundId: b.r.id, level: 1, state: "open", decideBy: h("2026-10-16T10:00:00Z"), decidedById: null, createdAt: h("2026-10-14T10:00:00Z") });

    await round(west, h("2026-11-02T09:00:00Z"), 12, ["approved", "approved"]);
  });
  afterAll(() => tdb.cleanup());

  it("matches the answers worked out by hand", async () => {
    const rows = await computeMetrics(db, [demo.team("Enterprise East").id, demo.team("Mid-Market West").id], { teamId: null, from: null, to: null });
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual({
      team: "Enterprise East",
      month: "2026-10",
      rounds: 4,
      closed: 3,
      decidedInWindow: 33.3, // 1 of 3 closed
      noResponse: 33.3, // 1 of 3 closed
      firstCommentMedianH: 2, // 1, 2, 10 → rank 2
      firstCommentP90H: 10, // rank ceil(2.7) = 3
      decisionMedianH: 30, // 24, 30, 48 → rank 2
      decisionP90H: 48,
      comments: 4, // the reply is not a comment of its own
      accepted: 1,
      declined: 1,
      byCategory: { pricing: 2, messaging: 1, audience: 1, product_accuracy: 0, compliance: 0, other: 0 },
      escalationsRaised: 2,
      escalationsDecided: 1,
      escalationsMovedUp: 1,
      escalationDecideMedianH: 30, // 10-07 10:00 → 10-08 16:00
    });
    expect(rows[1]).toMatchObject({ team: "Mid-Market West", month: "2026-11", rounds: 1, closed: 1, decidedInWindow: 100, noResponse: 0, decisionMedianH: 12, decisionP90H: 12, comments: 0 });
  });

  it("filters by team and by month range", async () => {
    const teams = [demo.team("Enterprise East").id, demo.team("Mid-Market West").id];
    expect((await computeMetrics(db, teams, { teamId: demo.team("Mid-Market West").id, from: null, to: null })).map((r) => r.team)).toEqual(["Mid-Market West"]);
    expect((await computeMetrics(db, teams, { teamId: null, from: "2026-11", to: "2026-12" })).map((r) => r.month)).toEqual(["2026-11"]);
    expect(await computeMetrics(db, teams, { teamId: null, from: "2025-01", to: "2025-02" })).toEqual([]);
  });

  it("exports the same numbers as CSV", async () => {
    const rows = await computeMetrics(db, [demo.team("Enterprise East").id], { teamId: null, from: null, to: null });
    const csv = metricsCsv(rows).trim().split("\r\n");
    expect(csv[0].split(",").slice(0, 10)).toEqual([
      "team", "month", "rounds", "rounds_closed", "pct_decided_in_window", "pct_no_response",
      "hours_to_first_comment_median", "hours_to_first_comment_p90", "hours_to_decision_median", "hours_to_decision_p90",
    ]);
    expect(csv[1]).toBe("Enterprise East,2026-10,4,3,33.3,33.3,2,10,30,48,4,2,1,1,0,0,0,1,1,2,1,1,30");
  });
});

describe("the metrics cache", () => {
  it("answers from the cache for a minute, then computes again", async () => {
    const tdb = await createTestDatabase();
    try {
      const { cachedMetrics } = await import("~/queries/metrics.server");
      const demo = await seedDemo(tdb.database);
      const teams = [demo.team("Enterprise East").id];
      const filters = { teamId: null, from: null, to: null };
      const t0 = new Date("2026-11-25T12:00:00Z");
      expect(await cachedMetrics(tdb.database, teams, filters, t0)).toEqual([]);
      const { material, version } = await createMaterial(tdb.database, demo.user("marketer1"), { title: "C", kind: "collateral", description: "", teamIds: teams }, { key: "versions/c.bin", fileName: "c.pdf", contentType: "application/pdf", size: 1, sha256: "a".repeat(64), pageCount: 1 }, t0);
      await tdb.database.models.PreviewRound.create({ materialId: material.id, versionId: version.id, teamId: teams[0], submittedById: demo.user("marketer1").id, state: "open", openedAt: t0, dueAt: h(t0.toISOString(), 48), reminderAt: h(t0.toISOString(), 36) });
      expect(await cachedMetrics(tdb.database, teams, filters, new Date(t0.getTime() + 59_000))).toEqual([]);
      const fresh = await cachedMetrics(tdb.database, teams, filters, new Date(t0.getTime() + 61_000));
      expect(fresh.map((r) => [r.team, r.rounds])).toEqual([["Enterprise East", 1]]);
    } finally {
      await tdb.cleanup();
    }
  });
});
