import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { expectLoggedError } from "../helpers/problems";
import type { User } from "../../models/index";
import type { Database } from "~/lib/db.server";
import { UsageBuffer, usageBuffer } from "~/lib/usage-buffer.server";
import { rollUpUsage } from "~/jobs/roll-up-usage.server";
import { runSweep } from "~/jobs/sweep.server";
import { AppError } from "~/lib/errors";
import { loadVisibleMaterial } from "~/rules/material-access.server";
import { recordDownload, recordPagesSeen, recordUse, resetUsageMemory, usageFigures, usageOnMaterialPage } from "~/queries/usage.server";
import { UsedFormSchema } from "~/schemas/usage";
import { utilizationByTeamMonth } from "~/queries/utilization.server";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { seedDemo } from "../helpers/organisation";

const DAY = 86_400_000;
const RELEASED_AT = new Date("2026-11-02T15:00:00Z");
const NOW = new Date("2026-11-20T15:00:00Z");
const ON = { recording: true };

/**
 * Use of released material against a real database (SQLite, or PostgreSQL with
 * DATABASE_URL): the buffer's batched writes, refusals that write nothing, the rollup into
 * daily team totals, and who sees what.
 */
describe("usage of released material", () => {
  let tdb: TestDatabase;
  let db: Database;
  let rep: User, rep2: User, committee: User, westRep: User, marketer: User, eastManager: User, admin: User;
  let released: number, releasedVersion: number, draft: number, draftVersion: number, westOnly: number;

  const events = () => db.models.UsageEvent.count();
  const flush = () => usageBuffer(db).flush();
  const refusal = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (error) {
      if (error instanceof AppError) return { status: error.status, message: Object.values(error.fields).join(" ") };
      throw error;
    }
    throw new Error("expected a refusal");
  };

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = tdb.database;
    const demo = await seedDemo(db);
    [rep, rep2, committee, westRep, marketer, eastManager, admin] = ["east.rep1", "east.rep2", "east.committee1", "west.rep1", "marketer1", "east.manager", "admin"].map((p) => demo.user(p));
    const east = demo.team("Enterprise East").id;
    const west = demo.team("Mid-Market West").id;
    const m = db.models;
    const make = async (title: string, teamId: number, release: boolean) => {
      const material = await m.Material.create({ title, kind: "collateral", ownerId: marketer.id, status: release ? "released" : "draft", createdAt: RELEASED_AT, updatedAt: RELEASED_AT });
      await m.MaterialTeam.create({ materialId: material.id, teamId });
      const version = await m.MaterialVersion.create({ materialId: material.id, number: 1, storageKey: `v/${material.id}`, fileName: "b.pdf", contentType: "application/pdf", size: 1, sha256: "a".repeat(64), pageCount: 4, changeNote: "", uploadedById: marketer.id, createdAt: RELEASED_AT });
      if (release) await material.update({ releasedVersionId: version.id, releasedAt: RELEASED_AT });
      return { id: material.id, version: version.id };
    };
    ({ id: released, version: releasedVersion } = await make("Brochure", east, true));
    ({ id: draft, version: draftVersion } = await make("Draft brochure", east, false));
    ({ id: westOnly } = await make("West brochure", west, true));
  });
  afterAll(() => tdb?.cleanup());
  beforeEach(async () => {
    await flush();
    await db.models.UsageEvent.destroy({ where: {} });
    await db.models.UsageDaily.destroy({ where: {} });
    resetUsageMemory();
  });

  it("records opens, downloads and pages seen through the buffer, in one insert per flush", async () => {
    const buffer = usageBuffer(db);
    const before = buffer.stats.flushes;
    await usageOnMaterialPage(db, rep, released, releasedVersion, NOW, ON);
    await usageOnMaterialPage(db, committee, released, releasedVersion, NOW, ON);
    await recordDownload(db, rep, await loadVisibleMaterial(db, rep, released), releasedVersion, NOW, ON);
    expect(await recordPagesSeen(db, rep, released, { versionId: releasedVersion, pages: [3, 1, 2, 2] }, NOW, ON)).toBe(3);
    // Nothing is written while the request runs: the rows wait for the flush.
    expect(buffer.pending).toBe(6);
    expect(await events()).toBe(0);
    await flush();
    expect(buffer.stats.flushes).toBe(before + 1);
    const rows = await db.models.UsageEvent.findAll({ order: [["id", "ASC"]] });
    expect(rows.map((r) => [r.userId, r.kind, r.page])).toEqual([
      [rep.id, "opened", null],
      [committee.id, "opened", null],
      [rep.id, "downloaded", null],
      [rep.id, "page_seen", 1],
      [rep.id, "page_seen", 2],
      [rep.id, "page_seen", 3],
    ]);
    expect(new Set(rows.map((r) => r.teamId)).size).toBe(1);
    // Half an hour later it is a new opening.
    await usageOnMaterialPage(db, rep, released, releasedVersion, new Date(NOW.getTime() + 30 * 60_000), ON);
    await flush();
    expect(await db.models.UsageEvent.count({ where: { kind: "opened", userId: rep.id } })).toBe(2);
  });

  it("a full batch is written at once; a failing insert is counted, logged and never thrown", async () => {
    const small = new UsageBuffer(db, { maxRows: 3, intervalMs: 60_000, capacity: 5 });
    const row = { userId: rep.id, materialId: released, versionId: releasedVersion, teamId: (await db.models.TeamMembership.findOne({ where: { userId: rep.id } }))!.teamId, kind: "opened" as const, createdAt: NOW };
    small.add(row, row, row);
    await small.flush();
    expect(await events()).toBe(3);
    // Past its capacity the buffer drops (and counts) rather than grow.
    small.add(row, row, row, row, row, row, row);
    expect(small.stats.dropped).toBe(2);
    await small.stop();
    expect(await events()).toBe(8);
    // A row the database refuses (no such material) fails the batch: counted, logged, not thrown.
    expectLoggedError(/Could not write 1 usage event: they are lost/);
    small.add({ ...row, materialId: 999_999 });
    await expect(small.flush()).resolves.toBeUndefined();
    expect(small.stats.failed).toBe(1);
    expect(await events()).toBe(8);
  });

  it("marketing opening its own material, a manager or an admin is not use", async () => {
    for (const viewer of [marketer, eastManager, admin]) await usageOnMaterialPage(db, viewer, released, releasedVersion, NOW, ON);
    // Nor is a draft, seen by its committee.
    await usageOnMaterialPage(db, committee, draft, draftVersion, NOW, ON);
    // Recording off: nothing either.
    await usageOnMaterialPage(db, rep, released, releasedVersion, NOW, { recording: false });
    await flush();
    expect(await events()).toBe(0);
  });

  it("refuses page views for material the person may not see, not released, or not a rep's; nothing written", async () => {
    const cases: [string, () => Promise<unknown>, number, RegExp][] = [
      ["another team's material", () => recordPagesSeen(db, rep, westOnly, { versionId: releasedVersion, pages: [1] }, NOW, ON), 404, /couldn't find that material/],
      ["a draft", () => recordPagesSeen(db, committee, draft, { versionId: draftVersion, pages: [1] }, NOW, ON), 409, /not in the library/],
      ["a version that is not the released one", () => recordPagesSeen(db, rep, released, { versionId: draftVersion, pages: [1] }, NOW, ON), 409, /not the released version/],
      ["a marketer", () => recordPagesSeen(db, marketer, released, { versionId: releasedVersion, pages: [1] }, NOW, ON), 403, /Only sales reps/],
      ["a page past the end", () => recordPagesSeen(db, rep, released, { versionId: releasedVersion, pages: [1, 5] }, NOW, ON), 400, /Page 5 does not exist: this version has 4 pages/],
      ["page 0", () => recordPagesSeen(db, rep, released, { versionId: releasedVersion, pages: [0] }, NOW, ON), 400, /Pages start at 1/],
      ["no pages", () => recordPagesSeen(db, rep, released, { versionId: releasedVersion, pages: [] }, NOW, ON), 400, /at least one page/],
      ["used on a draft", () => recordUse(db, committee, draft, { account: null, usedOn: "2026-11-20", note: null }, NOW), 409, /not in the library/],
      ["used by a marketer", () => recordUse(db, marketer, released, { account: null, usedOn: "2026-11-20", note: null }, NOW), 403, /Only sales reps/],
      ["used tomorrow", () => recordUse(db, rep, released, { account: "Acme", usedOn: "2026-11-21", note: null }, NOW), 400, /in the future: enter 2026-11-20 or earlier/],
      ["used before the release", () => recordUse(db, rep, released, { account: "Acme", usedOn: "2026-11-01", note: null }, NOW), 400, /released on 2026-11-02/],
    ];
    for (const [label, fn, status, message] of cases) {
      const refused = await refusal(fn);
      expect(refused.status, label).toBe(status);
      expect(refused.message, label).toMatch(message);
    }
    await flush();
    expect(await events()).toBe(0);
    expect(UsedFormSchema.safeParse({ usedOn: "2026-02-30" }).error?.issues[0].message).toMatch(/does not exist/);
  });

  it("rate-limits page-view reports per person and material: the 31st in a minute is a 429", async () => {
    for (let i = 0; i < 30; i++) await recordPagesSeen(db, rep, released, { versionId: releasedVersion, pages: [1] }, new Date(NOW.getTime() + i * 1000), ON);
    const refused = await refusal(() => recordPagesSeen(db, rep, released, { versionId: releasedVersion, pages: [2] }, new Date(NOW.getTime() + 30_000), ON));
    expect(refused).toEqual({ status: 429, message: expect.stringMatching(/at most 30 a minute/) });
    // Another rep, and the same rep a minute later, are not held back.
    await recordPagesSeen(db, rep2, released, { versionId: releasedVersion, pages: [2] }, new Date(NOW.getTime() + 30_000), ON);
    await recordPagesSeen(db, rep, released, { versionId: releasedVersion, pages: [2] }, new Date(NOW.getTime() + 61_000), ON);
    await flush();
    expect(await db.models.UsageEvent.count({ where: { page: 2 } })).toBe(2);
    expect(await events()).toBe(32);
  });

  it("rolls events older than USAGE_RAW_DAYS into daily team totals, once", async () => {
    const teamId = (await db.models.TeamMembership.findOne({ where: { userId: rep.id } }))!.teamId;
    const base = { materialId: released, versionId: releasedVersion, teamId };
    const old = new Date(NOW.getTime() - 200 * DAY);
    const oldDay = old.toISOString().slice(0, 10);
    const rows = [
      ...Array.from({ length: 7 }, (_, i) => ({ ...base, userId: i % 2 ? rep.id : rep2.id, kind: "opened" as const, createdAt: new Date(old.getTime() + i * 1000) })),
      ...Array.from({ length: 3 }, () => ({ ...base, userId: rep.id, kind: "page_seen" as const, page: 2, createdAt: old })),
      { ...base, userId: rep.id, kind: "used" as const, usedOn: "2026-05-01", account: "Acme", createdAt: old },
      // Recent: stays raw.
      { ...base, userId: rep.id, kind: "opened" as const, createdAt: new Date(NOW.getTime() - DAY) },
    ];
    await db.models.UsageEvent.bulkCreate(rows);
    // A total from an earlier rollup of the same day is added to, not replaced.
    await db.models.UsageDaily.create({ day: oldDay, materialId: released, teamId, kind: "opened", page: 0, count: 5 });

    const marketerView = async () => usageFigures(db, marketer, await loadVisibleMaterial(db, marketer, released));
    const before = await marketerView();

    expect(await rollUpUsage(db, NOW, 180)).toBe(11);
    expect(await events()).toBe(1);
    const daily = await db.models.UsageDaily.findAll({ order: [["kind", "ASC"], ["day", "ASC"]], raw: true });
    expect(daily.map((d) => [d.day, d.kind, d.page, d.count])).toEqual([
      [oldDay, "opened", 0, 12],
      [oldDay, "page_seen", 2, 3],
      ["2026-05-01", "used", 0, 1],
    ]);
    // Twice, and through the sweep: nothing more to fold, the counts unchanged.
    expect(await rollUpUsage(db, NOW, 180)).toBe(0);
    await runSweep(db, { now: NOW });
    expect((await db.models.UsageDaily.findAll({ raw: true })).reduce((t, d) => t + d.count, 0)).toBe(16);

    // The team totals are the same before and after (only the count of distinct reps is of raw events).
    const after = await marketerView();
    const totals = (f: Awaited<ReturnType<typeof marketerView>>) => (f.scope === "teams" ? f.teams.map(({ reps, ...rest }) => rest) : []);
    expect(totals(after)).toEqual(totals(before));
    expect(totals(after)[0]).toMatchObject({ opened: 13, used: 1, pages: [{ page: 2, seen: 3 }] });
  });

  it("privacy: marketing gets team totals with no person in them; a rep their own; a manager their reports'", async () => {
    // The visit the rep is on counts in their own figure at once, though its row is still in the buffer.
    const first = await usageOnMaterialPage(db, rep, released, releasedVersion, NOW, ON);
    expect(first.figures).toMatchObject({ scope: "own", own: { opened: 1 } });
    // Loaded again within the half hour: the same opening.
    await usageOnMaterialPage(db, rep, released, releasedVersion, new Date(NOW.getTime() + 10 * 60_000), ON);
    await usageOnMaterialPage(db, rep2, released, releasedVersion, NOW, ON);
    await recordPagesSeen(db, rep, released, { versionId: releasedVersion, pages: [1, 2, 3] }, NOW, ON);
    await recordPagesSeen(db, rep2, released, { versionId: releasedVersion, pages: [1] }, NOW, ON);
    await recordUse(db, rep, released, { account: "Acme Corp", usedOn: "2026-11-19", note: "Opened the pricing talk." }, NOW);
    await flush();

    const marketingView = await usageFigures(db, marketer, await loadVisibleMaterial(db, marketer, released));
    expect(marketingView).toEqual({
      scope: "teams",
      teams: [{ team: "Enterprise East", reps: 2, opened: 2, downloaded: 0, used: 1, pages: [{ page: 1, seen: 2 }, { page: 2, seen: 1 }, { page: 3, seen: 1 }] }],
      reports: [],
    });
    // No id, name, email or account of anyone anywhere in what marketing gets.
    const text = JSON.stringify(marketingView);
    for (const person of [rep, rep2]) for (const value of [String(person.id), person.name, person.email]) expect(text).not.toContain(`"${value}"`);
    expect(text).not.toContain("Acme");
    expect(JSON.stringify(await usageOnMaterialPage(db, marketer, released, releasedVersion, NOW, ON))).not.toContain(rep.name);

    const own = await usageOnMaterialPage(db, rep, released, releasedVersion, new Date(NOW.getTime() + 20 * 60_000), ON);
    expect(own.records).toBe(true);
    expect(own.figures).toEqual({ scope: "own", own: { opened: 1, downloaded: 0, used: 1, pagesSeen: 3, uses: [{ usedOn: "2026-11-19", account: "Acme Corp", note: "Opened the pricing talk." }] } });

    const managerView = await usageFigures(db, eastManager, await loadVisibleMaterial(db, eastManager, released));
    expect(managerView.scope === "teams" && managerView.reports).toEqual([
      { name: rep.name, opened: 1, downloaded: 0, used: 1, pagesSeen: 3 },
      { name: rep2.name, opened: 1, downloaded: 0, used: 0, pagesSeen: 1 },
    ].sort((a, b) => a.name.localeCompare(b.name)));
    // A manager of another team's people sees no names here.
    const westManager = (await db.models.User.findOne({ where: { email: "west.manager@demo.test" } }))!;
    const westView = await usageFigures(db, westManager, await loadVisibleMaterial(db, westManager, released));
    expect(westView.scope === "teams" && westView.reports).toEqual([]);
    void westRep;
  });

  it("utilization per team and month of release, worked out by hand", async () => {
    const m = db.models;
    const east = (await m.SalesTeam.findOne({ where: { name: "Enterprise East" } }))!.id;
    const west = (await m.SalesTeam.findOne({ where: { name: "Mid-Market West" } }))!.id;
    const at = (iso: string) => new Date(`${iso}T12:00:00Z`);
    const make = async (title: string, teamId: number, releasedOn: string) => {
      const material = await m.Material.create({ title, kind: "collateral", ownerId: marketer.id, status: "released", createdAt: at(releasedOn), updatedAt: at(releasedOn) });
      await m.MaterialTeam.create({ materialId: material.id, teamId });
      const version = await m.MaterialVersion.create({ materialId: material.id, number: 1, storageKey: `u/${material.id}`, fileName: "u.pdf", contentType: "application/pdf", size: 1, sha256: "b".repeat(64), pageCount: 1, changeNote: "", uploadedById: marketer.id, createdAt: at(releasedOn) });
      await material.update({ releasedVersionId: version.id, releasedAt: at(releasedOn) });
      return { materialId: material.id, versionId: version.id, teamId };
    };
    // East, released in May 2026 (NOW is 2026-11-20: both windows have passed for all four):
    const a = await make("U: A", east, "2026-05-04"); // opened on day 5, used on day 40
    const b = await make("U: B", east, "2026-05-10"); // opened on day 60 (rolled up already), never used
    const c = await make("U: C", east, "2026-05-20"); // used on day 20 (a rep may record use without opening here)
    await make("U: D", east, "2026-05-28"); // nobody
    // East, released 2026-11-01: 19 days ago, no window has passed; opened the next day.
    const e = await make("U: E", east, "2026-11-01");
    // West, released in August: opened by a West rep on day 91 (too late for both).
    const w = await make("U: W", west, "2026-08-01");
    await m.UsageEvent.bulkCreate([
      { ...a, userId: rep.id, kind: "opened", createdAt: at("2026-05-09") },
      { ...a, userId: rep2.id, kind: "opened", createdAt: at("2026-05-10") },
      { ...a, userId: rep.id, kind: "used", usedOn: "2026-06-13", createdAt: at("2026-06-13") },
      { ...c, userId: rep.id, kind: "used", usedOn: "2026-06-09", createdAt: at("2026-06-15") },
      { ...e, userId: rep.id, kind: "opened", createdAt: at("2026-11-02") },
      { ...w, userId: westRep.id, kind: "opened", createdAt: at("2026-10-31") },
    ]);
    await m.UsageDaily.create({ day: "2026-07-09", materialId: b.materialId, teamId: east, kind: "opened", page: 0, count: 3 });

    const rows = await utilizationByTeamMonth(db, [east, west], { teamId: null, from: "2026-01", to: null }, NOW);
    // (The brochures made for the other tests were released on 2026-11-02, one to each team.)
    expect(rows).toEqual([
      // 4 released in May: opened within 30 days: A (1 of 4); within 90: A, B; used within 30: C; within 90: A, C.
      { team: "Enterprise East", month: "2026-05", released: 4, opened30: 25, opened90: 50, used30: 25, used90: 50, neverOpened: 2 },
      // Released 18 and 19 days ago: no window has passed, so no share yet.
      { team: "Enterprise East", month: "2026-11", released: 2, opened30: null, opened90: null, used30: null, used90: null, neverOpened: 0 },
      // Released on 1 August, 111 days ago: the 90-day window has passed; opened on day 91.
      { team: "Mid-Market West", month: "2026-08", released: 1, opened30: 0, opened90: 0, used30: 0, used90: 0, neverOpened: 0 },
      { team: "Mid-Market West", month: "2026-11", released: 1, opened30: null, opened90: null, used30: null, used90: null, neverOpened: 0 },
    ]);
    // The team filter.
    // The filters: a team, and a range of release months.
    expect((await utilizationByTeamMonth(db, [east, west], { teamId: west, from: null, to: null }, NOW)).map((r) => r.month)).toEqual(["2026-08", "2026-11"]);
    expect((await utilizationByTeamMonth(db, [east, west], { teamId: null, from: "2026-06", to: "2026-10" }, NOW)).map((r) => `${r.team} ${r.month}`)).toEqual(["Mid-Market West 2026-08"]);
  });
});
