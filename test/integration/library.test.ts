import type { CreationAttributes } from "sequelize";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Material, MaterialTeam, MaterialVersion, PreviewRound, RoundDecision } from "../../models/index";
import { countLine } from "~/domain/library";
import type { Database } from "~/lib/db.server";
import { parseLibraryFilters } from "~/schemas/filters";
import { libraryTeams, searchLibrary } from "~/queries/library.server";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { seedDemo } from "../helpers/organisation";

const DAY = 86_400_000;
const NOW = new Date("2026-11-20T12:00:00Z");
const EAST_RELEASED = 1_050;

/**
 * A library whose answers are known: Enterprise East has 1,050 released items, item i released
 * i days before NOW (so newest first is item 0, 1, 2, …); every third one (i % 3 === 0, 350 of
 * them) mentions "pricing"; items 0–4 have a second version, and only the decision on the
 * newest version is the committee's summary. East also has 5 items still in preview and 5
 * closed ones, which the library never shows; Mid-Market West has 10 released items an East
 * rep never sees.
 */
describe("the sales library: paging and counting in the database", () => {
  let tdb: TestDatabase;
  let db: Database;
  let search: (query: string) => ReturnType<typeof searchLibrary>;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = tdb.database;
    const demo = await seedDemo(db);
    const east = demo.team("Enterprise East").id;
    const west = demo.team("Mid-Market West").id;
    const marketer = demo.user("marketer1").id;
    const committee = demo.user("east.committee1").id;
    const m = db.models;
    const materials: CreationAttributes<Material>[] = [];
    const targets: CreationAttributes<MaterialTeam>[] = [];
    const versions: CreationAttributes<MaterialVersion>[] = [];
    const rounds: CreationAttributes<PreviewRound>[] = [];
    const decisions: CreationAttributes<RoundDecision>[] = [];
    const add = (id: number, teamId: number, status: "released" | "in_preview" | "closed", daysAgo: number, title: string, description: string, versionCount: number) => {
      const at = new Date(NOW.getTime() - daysAgo * DAY);
      materials.push({ id, title, description, kind: "collateral" as const, ownerId: marketer, status, createdAt: at, updatedAt: at });
      targets.push({ materialId: id, teamId });
      for (let n = 1; n <= versionCount; n++) {
        const versionId = id * 10 + n;
        versions.push({ id: versionId, materialId: id, number: n, storageKey: `versions/${versionId}.bin`, fileName: "m.pdf", contentType: "application/pdf", size: 1, sha256: "a".repeat(64), pageCount: 1, changeNote: n > 1 ? `Version ${n} of ${title}` : "", uploadedById: marketer, createdAt: at });
        rounds.push({ id: versionId, materialId: id, versionId, teamId, submittedById: marketer, state: "closed" as const, openedAt: at, dueAt: at, reminderAt: at, remindedAt: null, closedAt: at });
        decisions.push({ roundId: versionId, userId: committee, decision: "approved" as const, summary: `Summary of version ${n}`, decidedAt: at });
      }
    };
    for (let i = 0; i < EAST_RELEASED; i++) add(i + 1, east, "released", i, `Item ${i}`, i % 3 === 0 ? `Item ${i}: the pricing story` : `Item ${i}: another story`, i < 5 ? 2 : 1);
    for (let i = 0; i < 5; i++) add(5_000 + i, east, "in_preview", 0, `Pricing draft ${i}`, "pricing", 1);
    for (let i = 0; i < 5; i++) add(6_000 + i, east, "closed", 0, `Pricing withdrawn ${i}`, "pricing", 1);
    for (let i = 0; i < 10; i++) add(7_000 + i, west, "released", 0, `West item ${i}`, "pricing for the west", 1);
    const opts = { validate: false, hooks: false } as const;
    await m.Material.bulkCreate(materials, opts);
    await m.MaterialTeam.bulkCreate(targets, opts);
    await m.MaterialVersion.bulkCreate(versions, opts);
    await m.PreviewRound.bulkCreate(rounds, opts);
    await m.RoundDecision.bulkCreate(decisions, opts);

    const rep = (await db.models.User.findOne({ where: { email: "east.rep1@demo.test" } }))!;
    const teams = await libraryTeams(db, rep);
    search = (query) => searchLibrary(db, teams, parseLibraryFilters(new URLSearchParams(query), teams.map((t) => t.id)).filters);
  });
  afterAll(() => tdb?.cleanup());

  const titles = (result: Awaited<ReturnType<typeof searchLibrary>>) => result.items.map((i) => i.title);
  const range = (from: number, to: number, step = 1) => Array.from({ length: Math.ceil((to - from) / step) }, (_, k) => `Item ${from + k * step}`);

  it("page 1 counts 100 results ahead, newest first, with the newest version and its summary", async () => {
    const result = await search("");
    expect(titles(result)).toEqual(range(0, 20));
    expect(result).toMatchObject({ total: 100, exact: false, capped: false, page: 1 });
    expect(countLine(result)).toBe("More than 100 released items, page 1");
    const first = result.items[0];
    expect(first.version).toEqual({ id: 12, number: 2, changeNote: "Version 2 of Item 0" });
    expect(first.summary).toEqual([{ name: expect.any(String), label: "approved", summary: "Summary of version 2" }]);
    expect(first.teams).toEqual(["Enterprise East"]);
    expect(first.releasedAt).toBe("2026-11-20");
  });

  it("a later page counts from where it starts; the last pages say the cap", async () => {
    const page10 = await search("page=10");
    expect(titles(page10)).toEqual(range(180, 200));
    expect(countLine(page10)).toBe("More than 280 released items, page 10");

    const page46 = await search("page=46");
    expect(page46).toMatchObject({ total: 1000, exact: false, capped: true, page: 46, pages: 50 });
    expect(countLine(page46)).toBe("More than 1,000 released items, page 46 of 50 — narrow the search to see the rest");

    const page50 = await search("page=50");
    expect(titles(page50)).toEqual(range(980, 1000));
    expect(countLine(page50)).toBe("More than 1,000 released items, page 50 of 50 — narrow the search to see the rest");
    // Past the cap: the last page people can reach.
    expect((await search("page=51")).page).toBe(50);
  });

  it("a search counts exactly when everything fits in the lookahead, and only what the team sees", async () => {
    // 350 pricing items: page 17 starts at the 321st, so the last 30 are all counted.
    const page17 = await search("q=pricing&page=17");
    expect(titles(page17)).toEqual(range(960, 1020, 3));
    expect(page17).toMatchObject({ total: 350, exact: true, page: 17, pages: 18 });
    expect(countLine(page17)).toBe("350 released items, page 17 of 18");
    expect(titles(await search("q=pricing&page=18"))).toEqual(range(1020, 1050, 3));

    const page1 = await search("q=PRICING");
    expect(countLine(page1)).toBe("More than 100 released items, page 1");
    expect(titles(page1)).toEqual(range(0, 60, 3));

    const one = await search("q=Item 1049");
    expect(countLine(one)).toBe("1 released item");
    expect(countLine(await search("q=nothing like this"))).toBe("Nothing released matches.");
  });

  it("a page past the end shows the last page", async () => {
    const past = await search("q=pricing&page=40");
    expect(past).toMatchObject({ total: 350, exact: true, page: 18, pages: 18 });
    expect(titles(past)).toEqual(range(1020, 1050, 3));
    const far = await search("q=Item 104&page=999999");
    // "Item 104" matches Item 104 and Item 1040–1049: 11 results, one page.
    expect(far).toMatchObject({ total: 11, exact: true, page: 1, pages: 1 });
  });
});
