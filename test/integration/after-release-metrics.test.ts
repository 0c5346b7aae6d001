import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../models/index";
import type { Database } from "~/lib/db.server";
import type { UsageKind } from "~/domain/usage";
import { rollUpUsage } from "~/jobs/roll-up-usage.server";
import { feedbackMix, feedbackMixCsv } from "~/queries/feedback-mix.server";
import { firstUseCsv, firstUseMedians, ownerPages, ownerPagesCsv, unusedCsv, unusedMaterials } from "~/queries/release-metrics.server";
import { requestStats, requestStatsCsv } from "~/queries/request-stats.server";
import { afterReleaseMetrics } from "~/queries/after-release-metrics.server";
import { pastYearOf } from "~/queries/past-year.server";
import { ownHistory, reportsHistory } from "~/queries/my-use.server";
import { utilizationByTeamMonth, utilizationCsv } from "~/queries/utilization.server";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { seedDemo } from "../helpers/organisation";

const NOW = new Date("2026-11-20T15:00:00Z");
const FROM_2026 = { teamId: null, from: "2026-01", to: null };
const at = (iso: string) => new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso);

/**
 * The metrics after release on a fixture whose answers are worked out by hand below, against
 * a real database (SQLite, or PostgreSQL with DATABASE_URL): raw events and rolled-up daily
 * totals both count, and the rollup changes no figure. And privacy: nothing a marketer gets
 * from these queries or their CSVs names a person.
 */
describe("metrics after release", () => {
  let tdb: TestDatabase;
  let db: Database;
  let rep: User, rep2: User, westRep: User, marketer: User, marketer2: User;
  let east: number, west: number;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = tdb.database;
    const demo = await seedDemo(db);
    [rep, rep2, westRep, marketer, marketer2] = ["east.rep1", "east.rep2", "west.rep1", "marketer1", "marketer2"].map((p) => demo.user(p));
    east = demo.team("Enterprise East").id;
    west = demo.team("Mid-Market West").id;
    const m = db.models;
    const versions: Record<string, number> = {};
    const make = async (key: string, teams: number[], releasedOn: string, pages = 1, owner = marketer) => {
      const material = await m.Material.create({ title: `F: ${key}`, kind: "collateral", ownerId: owner.id, status: "released", createdAt: at(releasedOn), updatedAt: at(releasedOn) });
      for (const teamId of teams) await m.MaterialTeam.create({ materialId: material.id, teamId });
      const version = await m.MaterialVersion.create({ materialId: material.id, number: 1, storageKey: `f/${material.id}`, fileName: "f.pdf", contentType: "application/pdf", size: 1, sha256: "c".repeat(64), pageCount: pages, changeNote: "", uploadedById: owner.id, createdAt: at(releasedOn) });
      await material.update({ releasedVersionId: version.id, releasedAt: at(releasedOn) });
      ids[key] = material.id;
      versions[key] = version.id;
    };
    // East: A, B, C, D; West: W1, W2, W3; M goes to both. Days to first use in brackets.
    await make("A", [east], "2026-05-04", 4); // opened on day 5 [5]
    await make("B", [east], "2026-05-10", 4); // opened on day 60, in the daily totals only [60]
    await make("C", [east], "2026-05-20"); // used with a customer on day 20, never opened [20]
    await make("D", [east], "2026-05-28"); // nothing
    await make("M", [east, west], "2026-10-01", 2); // East opened on day 4 [4]; West never
    await make("W1", [west], "2026-08-01"); // opened on day 91 [91]
    await make("W2", [west], "2026-09-01"); // raw opening on day 2, an earlier one rolled up on day 1 [1]
    await make("W3", [west], "2026-09-10"); // used on day 10, never opened [10]
    await make("X", [east], "2026-05-04", 3, marketer2); // another marketer's, opened on release day [0]
    const ev = (key: string, teamId: number, userId: number, kind: UsageKind, day: string, extra: object = {}) => ({
      materialId: ids[key], versionId: versions[key], teamId, userId, kind, createdAt: at(day), ...extra,
    });
    await m.UsageEvent.bulkCreate([
      ev("A", east, rep.id, "opened", "2026-05-09"),
      ev("A", east, rep2.id, "opened", "2026-05-10"),
      ev("A", east, rep.id, "used", "2026-06-13", { usedOn: "2026-06-13", account: "Acme Corp" }),
      ev("C", east, rep.id, "used", "2026-06-15", { usedOn: "2026-06-09", account: "Globex" }),
      ev("M", east, rep.id, "opened", "2026-10-05"),
      ev("W1", west, westRep.id, "opened", "2026-10-31"),
      ev("W2", west, westRep.id, "opened", "2026-09-03"),
      ev("W3", west, westRep.id, "used", "2026-09-20", { usedOn: "2026-09-20" }),
      ev("X", east, rep.id, "opened", "2026-05-04"),
      // Pages: A (4 pages) page 1 three times, page 2 once (and four more rolled up), page 4 once.
      ev("A", east, rep.id, "page_seen", "2026-05-09", { page: 1 }),
      ev("A", east, rep2.id, "page_seen", "2026-05-10", { page: 1 }),
      ev("A", east, rep2.id, "page_seen", "2026-08-10", { page: 1 }),
      ev("A", east, rep.id, "page_seen", "2026-05-09", { page: 2 }),
      ev("A", east, rep.id, "page_seen", "2026-05-09", { page: 4 }),
      // M (2 pages): East page 1 once; West page 2 twice.
      ev("M", east, rep.id, "page_seen", "2026-10-05", { page: 1 }),
      ev("M", west, westRep.id, "page_seen", "2026-10-06", { page: 2 }),
      ev("M", west, westRep.id, "page_seen", "2026-10-07", { page: 2 }),
      ev("X", east, rep.id, "page_seen", "2026-05-04", { page: 3 }),
    ]);
    await m.UsageDaily.bulkCreate([
      { day: "2026-07-09", materialId: ids.B, teamId: east, kind: "opened", page: 0, count: 3 },
      { day: "2026-09-02", materialId: ids.W2, teamId: west, kind: "opened", page: 0, count: 1 },
      { day: "2026-04-01", materialId: ids.A, teamId: east, kind: "page_seen", page: 2, count: 4 },
    ]);

    // Feedback: East in 2026 — mid-market didn't work ×2, worked ×1; enterprise worked ×1; West mid-market mixed ×1.
    // One more from East in December 2025, outside the months from 2026-01.
    // The demo's own segments, when the organisation was seeded with them.
    const segment = async (name: string) => (await m.CustomerSegment.findOne({ where: { name } })) ?? (await m.CustomerSegment.create({ name }));
    const [mid, ent] = [await segment("Mid-market"), await segment("Enterprise")];
    const fb = (teamId: number, authorId: number, outcome: string, segmentId: number, day: string) => ({
      materialId: ids.A, versionId: versions.A, authorId, teamId, outcome, segmentId, body: "How it went", createdAt: at(day), updatedAt: at(day),
    });
    await m.FieldFeedback.bulkCreate([
      fb(east, rep.id, "did_not_work", mid.id, "2026-06-01"),
      fb(east, rep2.id, "did_not_work", mid.id, "2026-06-02"),
      fb(east, rep.id, "worked", mid.id, "2026-07-01"),
      fb(east, rep2.id, "worked", ent.id, "2026-07-02"),
      fb(west, westRep.id, "mixed", mid.id, "2026-08-01"),
      fb(east, rep.id, "worked", ent.id, "2025-12-15"),
    ] as never);

    // Requests. East: answered after 2.0 days (existing), after 4.0 days (new), declined, open, accepted.
    // West: answered after 7.0 days (new); one open since November 2025.
    const rq = (teamId: number, requesterId: number, created: string, rest: object = {}) => ({
      requesterId, teamId, need: `Need of ${created}`, customers: "Mid-market prospects", neededBy: "2027-01-31", createdAt: at(created), updatedAt: at(created), ...rest,
    });
    await m.MaterialRequest.bulkCreate([
      rq(east, rep.id, "2026-06-01T12:00:00Z", { state: "answered", answerKind: "existing", answeredMaterialId: ids.A, answeredAt: at("2026-06-03T12:00:00Z") }),
      rq(east, rep2.id, "2026-06-10T12:00:00Z", { state: "answered", answerKind: "new", answeredMaterialId: ids.M, answeredAt: at("2026-06-14T12:00:00Z") }),
      rq(east, rep.id, "2026-07-01", { state: "declined", declineReason: "Out of scope", declinedAt: at("2026-07-02") }),
      rq(east, rep.id, "2026-08-01", { state: "open", neededBy: "2026-12-01" }),
      rq(east, rep2.id, "2026-08-05", { state: "accepted", acceptedAt: at("2026-08-06") }),
      rq(west, westRep.id, "2026-07-01T00:00:00Z", { state: "answered", answerKind: "new", answeredMaterialId: ids.W1, answeredAt: at("2026-07-08T00:00:00Z") }),
      rq(west, westRep.id, "2025-11-01", { state: "open" }),
    ] as never);

    // Escalations of East's previews in 2026: pricing twice (one decided), messaging once; one pricing in 2025.
    const round = await m.PreviewRound.create({ materialId: ids.A, versionId: versions.A, teamId: east, submittedById: marketer.id, state: "closed", openedAt: at("2026-04-01"), dueAt: at("2026-04-03"), reminderAt: at("2026-04-02") });
    const escalate = async (category: string, day: string, decided: boolean) => {
      const comment = await m.Comment.create({ materialId: ids.A, versionId: versions.A, roundId: round.id, authorId: rep.id, category, body: "Disputed", state: "declined", createdAt: at(day), updatedAt: at(day) } as never);
      await m.Escalation.create({ commentId: comment.id, materialId: ids.A, roundId: round.id, level: 1, state: decided ? "decided" : "open", decideBy: at(day), createdAt: at(day) } as never);
    };
    await escalate("pricing", "2026-04-05", true);
    await escalate("pricing", "2026-05-05", false);
    await escalate("messaging", "2026-06-05", false);
    await escalate("pricing", "2025-06-05", true);
  });
  afterAll(() => tdb?.cleanup());

  const figures = async () => ({
    unused: await unusedMaterials(db, [east, west], FROM_2026, NOW),
    firstUse: await firstUseMedians(db, [east, west], FROM_2026),
    utilization: await utilizationByTeamMonth(db, [east, west], FROM_2026, NOW),
    pages: await ownerPages(db, marketer.id, [east, west], FROM_2026),
  });

  it("lists the material nobody on a team opened, with the days since release", async () => {
    const { total, rows } = await unusedMaterials(db, [east, west], FROM_2026, NOW);
    // C and D (East) were never opened, W3 and M (West) neither; C was used with a customer, but not opened here.
    // 2026-05-20 → 2026-11-20 is 184 days; 05-28 → 176; 09-10 → 71; 10-01 → 50.
    expect(total).toBe(4);
    expect(rows.map((r) => [r.title, r.team, r.releasedOn, r.daysSinceRelease])).toEqual([
      ["F: C", "Enterprise East", "2026-05-20", 184],
      ["F: D", "Enterprise East", "2026-05-28", 176],
      ["F: W3", "Mid-Market West", "2026-09-10", 71],
      ["F: M", "Mid-Market West", "2026-10-01", 50],
    ]);
    expect((await unusedMaterials(db, [east, west], FROM_2026, NOW, 2)).rows).toHaveLength(2);
    expect((await unusedMaterials(db, [east, west], { teamId: west, from: null, to: null }, NOW)).total).toBe(2);
    expect((await unusedMaterials(db, [east, west], { teamId: null, from: "2026-09", to: "2026-09" }, NOW)).rows.map((r) => r.title)).toEqual(["F: W3"]);
  });

  it("medians of days to first use, for an even count and an odd one, per team and in all", async () => {
    // East: A 5, B 60, C 20, M 4, X 0 → 0 4 5 20 60: median 5 (odd). West: W1 91, W2 1, W3 10 → 1 10 91: median 10.
    // All: 0 1 4 5 10 20 60 91 → (5 + 10) / 2 = 7.5 (even).
    expect(await firstUseMedians(db, [east, west], FROM_2026)).toEqual([
      { team: "Enterprise East", released: 6, used: 5, medianDays: 5 },
      { team: "Mid-Market West", released: 4, used: 3, medianDays: 10 },
      { team: null, released: 10, used: 8, medianDays: 7.5 },
    ]);
    // East's releases of October only: M [4]. Of May: A 5, B 60, C 20, D —, X 0 → 0 5 20 60: (5 + 20) / 2 = 12.5.
    expect(await firstUseMedians(db, [east, west], { teamId: east, from: "2026-10", to: "2026-10" })).toEqual([
      { team: "Enterprise East", released: 1, used: 1, medianDays: 4 },
      { team: null, released: 1, used: 1, medianDays: 4 },
    ]);
    const may = await firstUseMedians(db, [east, west], { teamId: east, from: "2026-05", to: "2026-05" });
    expect(may.find((r) => r.team === null)).toEqual({ team: null, released: 5, used: 4, medianDays: 12.5 });
  });

  it("the feedback mix by outcome and by segment", async () => {
    const mix = await feedbackMix(db, [east, west], FROM_2026);
    expect(mix).toEqual([
      { segment: "Enterprise", total: 1, counts: { worked: 1, mixed: 0, did_not_work: 0 }, shares: { worked: 100, mixed: 0, did_not_work: 0 } },
      { segment: "Mid-market", total: 4, counts: { worked: 1, mixed: 1, did_not_work: 2 }, shares: { worked: 25, mixed: 25, did_not_work: 50 } },
      { segment: null, total: 5, counts: { worked: 2, mixed: 1, did_not_work: 2 }, shares: { worked: 40, mixed: 20, did_not_work: 40 } },
    ]);
    const eastMix = await feedbackMix(db, [east, west], { teamId: east, from: null, to: null });
    // With December 2025: enterprise worked ×2; mid-market worked 1, didn't 2 → 33.3 % and 66.7 %.
    expect(eastMix.find((r) => r.segment === "Mid-market")?.shares).toEqual({ worked: 33.3, mixed: 0, did_not_work: 66.7 });
    expect(eastMix.find((r) => r.segment === null)).toMatchObject({ total: 5, counts: { worked: 3, mixed: 0, did_not_work: 2 } });
    expect(feedbackMixCsv(mix).split("\r\n")[3]).toBe("All segments,5,2,1,2,40,20,40");
  });

  it("requests: opened, answered by existing and new material, median days to answer", async () => {
    expect(await requestStats(db, [east, west], FROM_2026)).toEqual([
      // East: 2.0 and 4.0 days → 3.0 (even).
      { team: "Enterprise East", opened: 5, answered: 2, declined: 1, waiting: 2, medianDaysToAnswer: 3, byExisting: 1, byNew: 1 },
      { team: "Mid-Market West", opened: 1, answered: 1, declined: 0, waiting: 0, medianDaysToAnswer: 7, byExisting: 0, byNew: 1 },
      // All: 2, 4, 7 → 4 (odd).
      { team: null, opened: 6, answered: 3, declined: 1, waiting: 2, medianDaysToAnswer: 4, byExisting: 1, byNew: 2 },
    ]);
    // The West request of November 2025 counts when the months include it.
    const west2025 = await requestStats(db, [east, west], { teamId: west, from: "2025-11", to: "2025-11" });
    expect(west2025).toEqual([
      { team: "Mid-Market West", opened: 1, answered: 0, declined: 0, waiting: 1, medianDaysToAnswer: null, byExisting: 0, byNew: 0 },
      { team: null, opened: 1, answered: 0, declined: 0, waiting: 1, medianDaysToAnswer: null, byExisting: 0, byNew: 0 },
    ]);
    expect(requestStatsCsv(await requestStats(db, [east, west], FROM_2026)).split("\r\n")[3]).toBe("All teams,6,3,1,2,4,1,2");
  });

  it("the owner's pages most and least seen: their own material only, team totals, unseen pages as 0", async () => {
    const rows = await ownerPages(db, marketer.id, [east, west], FROM_2026);
    expect(rows.map((r) => r.title)).toEqual(["F: A", "F: B", "F: C", "F: D", "F: M", "F: W1", "F: W2", "F: W3"]);
    const of = (title: string, list = rows) => list.find((r) => r.title === title)!;
    // A: page 1 ×3, page 2 1 + 4 rolled up, page 3 never, page 4 once.
    expect(of("F: A")).toMatchObject({ pages: 4, views: 9, mostSeen: { page: 2, seen: 5 }, leastSeen: { page: 3, seen: 0 } });
    expect(of("F: B")).toMatchObject({ pages: 4, views: 0, mostSeen: { page: 1, seen: 0 }, leastSeen: { page: 1, seen: 0 } });
    expect(of("F: M")).toMatchObject({ views: 3, mostSeen: { page: 2, seen: 2 }, leastSeen: { page: 1, seen: 1 } });
    const eastRows = await ownerPages(db, marketer.id, [east, west], { teamId: east, from: null, to: null });
    expect(of("F: M", eastRows)).toMatchObject({ views: 1, mostSeen: { page: 1, seen: 1 }, leastSeen: { page: 2, seen: 0 } });
    expect(eastRows.map((r) => r.title)).not.toContain("F: W1");
    // X is marketer2's: only they see its pages.
    expect((await ownerPages(db, marketer2.id, [east, west], FROM_2026)).map((r) => [r.title, r.mostSeen])).toEqual([["F: X", { page: 3, seen: 1 }]]);
  });

  it("My use: a rep sees their own history only, a manager their reports' by name", async () => {
    const mine = await ownHistory(db, rep2.id);
    // rep2 opened A once and saw two of its page readings (page 1 twice: one distinct page).
    expect(mine.lines).toEqual([{ materialId: ids.A, title: "F: A", opened: 1, downloaded: 0, used: 0, pagesSeen: 1 }]);
    expect(mine.uses).toEqual([]);
    const repOwn = await ownHistory(db, rep.id);
    expect(repOwn.uses.map((u) => [u.title, u.usedOn, u.account])).toEqual([
      ["F: A", "2026-06-13", "Acme Corp"],
      ["F: C", "2026-06-09", "Globex"],
    ]);
    const eastManager = (await db.models.User.findOne({ where: { email: "east.manager@demo.test" } }))!;
    const reports = await reportsHistory(db, eastManager.id);
    expect(reports.find((r) => r.name === rep.name)).toEqual({ name: rep.name, materials: 4, opened: 3, downloaded: 0, used: 2, pagesSeen: 5 });
    expect(reports.map((r) => r.name)).not.toContain(westRep.name);
  });

  it("the rollup folds raw events into daily totals and no figure changes", async () => {
    const before = await figures();
    expect(await rollUpUsage(db, NOW, 100)).toBeGreaterThan(0);
    // Everything before 2026-08-12 is now in usage_daily only.
    expect(await db.models.UsageEvent.count({ where: { materialId: ids.A } })).toBe(0);
    expect(await figures()).toEqual(before);
  });

  it("the past year beside the pre-plan: utilization, the feedback mix, open requests, escalations by category", async () => {
    const past = await pastYearOf(db, east, 2027, NOW);
    expect(past.year).toBe(2026);
    expect(past.utilization.map((r) => [r.month, r.released])).toEqual([
      ["2026-05", 5],
      ["2026-10", 1],
    ]);
    expect(past.feedback.find((f) => f.segment === null)).toMatchObject({ total: 4, counts: { worked: 2, mixed: 0, did_not_work: 2 } });
    expect(past.openRequests).toEqual({
      total: 2,
      rows: [
        { need: "Need of 2026-08-01", neededBy: "2026-12-01", accepted: false },
        { need: "Need of 2026-08-05", neededBy: "2027-01-31", accepted: true },
      ],
    });
    expect(past.escalations).toEqual([
      { category: "Pricing", raised: 2, decided: 1 },
      { category: "Messaging", raised: 1, decided: 0 },
    ]);
    const westPast = await pastYearOf(db, west, 2026, NOW);
    expect(westPast.openRequests.total).toBe(1);
    expect(westPast.escalations).toEqual([]);
  });

  it("privacy: nothing a marketer gets from these figures or their CSVs names a person", async () => {
    const data = await afterReleaseMetrics(db, marketer, [east, west], FROM_2026, NOW);
    expect(data.allPages?.length).toBeGreaterThan(0);
    const csvs = [
      unusedCsv(data.unused.rows),
      firstUseCsv(data.firstUse),
      feedbackMixCsv(data.feedback),
      requestStatsCsv(data.requests),
      ownerPagesCsv(data.allPages!),
      utilizationCsv(await utilizationByTeamMonth(db, [east, west], FROM_2026, NOW)),
    ].join("\n");
    const everything = JSON.stringify(data) + csvs + JSON.stringify(await pastYearOf(db, east, 2027, NOW));
    const people = await db.models.User.findAll({ attributes: ["id", "name", "email"] });
    for (const p of people) {
      expect(everything).not.toContain(p.name);
      expect(everything).not.toContain(p.email);
    }
    for (const word of ["userId", "authorId", "requesterId", "Acme Corp", "Globex"]) expect(everything).not.toContain(word);
    // A manager gets the same team totals, and no owner's pages table.
    const manager = await afterReleaseMetrics(db, { id: rep.id, role: "manager" }, [east, west], FROM_2026, NOW);
    expect(manager.allPages).toBeNull();
  });
});
