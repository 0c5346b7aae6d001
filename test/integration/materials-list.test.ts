import type { CreationAttributes } from "sequelize";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Material, MaterialTeam, MaterialVersion, PreviewRound, RoundDecision, User } from "../../models/index";
import type { Database } from "~/lib/db.server";
import { listCountLine } from "~/domain/material-list";
import { parseMaterialsListQuery } from "~/schemas/materials-list";
import { listMaterials, listTeams } from "~/queries/materials-list.server";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { seedDemo } from "../helpers/organisation";

const NOW = new Date("2026-11-20T12:00:00Z");
const HOUR = 3_600_000;
const BULK = 60;

/**
 * A list whose answers are known. Seven named materials, newest first:
 *   Alpha draft (East) · Beta in preview (East; one open round due in 2 h, 1 of 2 decided) ·
 *   Gamma in preview on version 2 (East + West; East's round overdue by 1 h, West's due in a
 *   day; version 1's closed round with two approvals does not count; 1 of 4 decided, one
 *   "request changes") · Delta closed (West) · Epsilon released (East) · Zeta released and
 *   archived (East) · "100% Pricing_sheet" draft (West) · Eta in preview (East; version 1's
 *   round open, due in 5 h, and a version 2 not yet submitted);
 * then 60 older West drafts "Bulk item N", so a marketer pages through 68 in three pages.
 */
describe("the materials list: status, deadlines, progress, search, filters, paging and scope", () => {
  let tdb: TestDatabase;
  let db: Database;
  let demo: Awaited<ReturnType<typeof seedDemo>>;
  let ids: Record<string, number>;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = tdb.database;
    demo = await seedDemo(db);
    const east = demo.team("Enterprise East").id;
    const west = demo.team("Mid-Market West").id;
    const marketer = demo.user("marketer1").id;
    const [e1, e2, w1, w2] = ["east.committee1", "east.committee2", "west.committee1", "west.committee2"].map((p) => demo.user(p).id);
    const materials: CreationAttributes<Material>[] = [];
    const targets: CreationAttributes<MaterialTeam>[] = [];
    const versions: CreationAttributes<MaterialVersion>[] = [];
    const rounds: CreationAttributes<PreviewRound>[] = [];
    const decisions: CreationAttributes<RoundDecision>[] = [];
    ids = {};
    let nextId = 1;
    const add = (title: string, status: "draft" | "in_preview" | "closed" | "released", teamIds: number[], minutesAgo: number, extra: Partial<CreationAttributes<Material>> = {}) => {
      const id = nextId++;
      const at = new Date(NOW.getTime() - minutesAgo * 60_000);
      ids[title] = id;
      materials.push({ id, title, description: "", kind: "collateral", ownerId: marketer, status, createdAt: at, updatedAt: at, ...extra });
      for (const teamId of teamIds) targets.push({ materialId: id, teamId });
      return id;
    };
    const version = (materialId: number, number: number) => {
      const id = materialId * 10 + number;
      versions.push({ id, materialId, number, storageKey: `versions/${id}.bin`, fileName: "m.pdf", contentType: "application/pdf", size: 1, sha256: "a".repeat(64), pageCount: 1, uploadedById: marketer, createdAt: NOW });
      return id;
    };
    let roundId = 1;
    const round = (materialId: number, versionId: number, teamId: number, state: "open" | "closed", dueInHours: number, votes: [number, RoundDecision["decision"]][]) => {
      const id = roundId++;
      const dueAt = new Date(NOW.getTime() + dueInHours * HOUR);
      rounds.push({ id, materialId, versionId, teamId, submittedById: marketer, state, openedAt: new Date(dueAt.getTime() - 48 * HOUR), dueAt, reminderAt: dueAt, closedAt: state === "closed" ? NOW : null });
      for (const [userId, decision] of votes) decisions.push({ roundId: id, userId, decision, decidedAt: decision === "pending" ? null : NOW });
    };

    const alpha = add("Alpha draft", "draft", [east], 1);
    version(alpha, 1);
    const beta = add("Beta preview", "in_preview", [east], 2);
    round(beta, version(beta, 1), east, "open", 2, [[e1, "approved"], [e2, "pending"]]);
    const gamma = add("Gamma overdue", "in_preview", [east, west], 3);
    const g1 = version(gamma, 1);
    const g2 = version(gamma, 2);
    round(gamma, g1, east, "closed", -72, [[e1, "approved"], [e2, "approved"]]);
    round(gamma, g2, east, "open", -1, [[e1, "changes_requested"], [e2, "pending"]]);
    round(gamma, g2, west, "open", 24, [[w1, "pending"], [w2, "pending"]]);
    const delta = add("Delta closed", "closed", [west], 4);
    round(delta, version(delta, 1), west, "closed", -5, [[w1, "approved"], [w2, "no_objection"]]);
    const epsilon = add("Epsilon released", "released", [east], 5);
    const ev = version(epsilon, 1);
    round(epsilon, ev, east, "closed", -10, [[e1, "approved"], [e2, "approved"]]);
    const zeta = add("Zeta archived", "released", [east], 6, { archivedAt: NOW });
    version(zeta, 1);
    version(add("100% Pricing_sheet", "draft", [west], 7), 1);
    // Version 2 uploaded while version 1's round runs: that round still sets the deadline, but
    // nobody has been asked about version 2 yet.
    const eta = add("Eta new version", "in_preview", [east], 8);
    round(eta, version(eta, 1), east, "open", 5, [[e1, "approved"], [e2, "pending"]]);
    version(eta, 2);
    for (let i = 0; i < BULK; i++) version(add(`Bulk item ${i}`, "draft", [west], 100 + i), 1);
    const opts = { validate: false, hooks: false } as const;
    await db.models.Material.bulkCreate(materials, opts);
    await db.models.MaterialTeam.bulkCreate(targets, opts);
    await db.models.MaterialVersion.bulkCreate(versions, opts);
    await db.models.PreviewRound.bulkCreate(rounds, opts);
    await db.models.RoundDecision.bulkCreate(decisions, opts);
  });
  afterAll(() => tdb?.cleanup());

  async function list(who: string, query = "") {
    const viewer: User = demo.user(who);
    const teams = await listTeams(db, viewer);
    const { filters, notes } = parseMaterialsListQuery(new URLSearchParams(query), teams.map((t) => t.id));
    const result = await listMaterials(db, viewer, teams, filters, NOW);
    return { ...result, notes, titles: result.rows.map((r) => r.title), row: (title: string) => result.rows.find((r) => r.title === title)! };
  }

  it("shows each material's status, teams, next deadline and the reviewers' progress", async () => {
    const page = await list("marketer1");
    expect(page.titles.slice(0, 8)).toEqual(["Alpha draft", "Beta preview", "Gamma overdue", "Delta closed", "Epsilon released", "Zeta archived", "100% Pricing_sheet", "Eta new version"]);
    expect(page.rows.slice(0, 8).map((r) => r.status)).toEqual(["draft", "in_preview", "in_preview", "closed", "released", "archived", "draft", "in_preview"]);
    expect(page.row("Gamma overdue").teams).toEqual(["Enterprise East", "Mid-Market West"]);

    expect(page.row("Beta preview").nextDue).toMatchObject({ text: "due in 2 h", overdue: false });
    expect(page.row("Beta preview").nextDue!.deadline).toBe("Fri 20 Nov, 09:00 (America/New_York)");
    expect(page.row("Beta preview").progress).toEqual({ decided: 1, seats: 2, changesRequested: 0 });
    // The earliest open round wins, overdue; version 1's closed round counts for neither.
    expect(page.row("Gamma overdue").nextDue).toMatchObject({ text: "overdue by 1 h", overdue: true });
    expect(page.row("Gamma overdue").progress).toEqual({ decided: 1, seats: 4, changesRequested: 1 });
    expect(page.row("Eta new version").nextDue).toMatchObject({ text: "due in 5 h", overdue: false });
    expect(page.row("Eta new version").progress).toBeNull();
    for (const title of ["Alpha draft", "Delta closed", "Epsilon released", "Zeta archived"]) {
      expect(page.row(title).nextDue, title).toBeNull();
      expect(page.row(title).progress, title).toBeNull();
    }
  });

  it("pages 25 at a time, counted in the database; a page past the end shows the last", async () => {
    const first = await list("marketer1");
    expect(first).toMatchObject({ total: 68, page: 1, pages: 3 });
    expect(first.rows).toHaveLength(25);
    expect(listCountLine({ total: 68, page: 1, pages: 3, filtered: false })).toBe("68 materials, page 1 of 3");
    const second = await list("marketer1", "page=2");
    expect(second.titles[0]).toBe("Bulk item 17");
    const third = await list("marketer1", "page=3");
    expect(third.rows).toHaveLength(18);
    expect(third.titles.at(-1)).toBe(`Bulk item ${BULK - 1}`);
    const past = await list("marketer1", "page=99");
    expect(past).toMatchObject({ page: 3, pages: 3 });
    expect(past.titles).toEqual(third.titles);
  });

  it("searches titles literally and without regard to case", async () => {
    expect((await list("marketer1", "q=BETA")).titles).toEqual(["Beta preview"]);
    expect((await list("marketer1", "q=  gamma OVER  ")).titles).toEqual(["Gamma overdue"]);
    expect((await list("marketer1", "q=100%25")).titles).toEqual(["100% Pricing_sheet"]);
    // % and _ match only themselves.
    expect((await list("marketer1", "q=%25")).titles).toEqual(["100% Pricing_sheet"]);
    expect((await list("marketer1", "q=_")).titles).toEqual(["100% Pricing_sheet"]);
    const none = await list("marketer1", "q=nothing like this");
    expect(none).toMatchObject({ total: 0, page: 1, pages: 1, rows: [] });
    expect(listCountLine({ ...none, filtered: true })).toBe("No materials match.");
    const bulk = await list("marketer1", "q=bulk item&page=2");
    expect(bulk).toMatchObject({ total: 60, page: 2, pages: 3 });
  });

  it("filters by status (archived apart from released) and by team, together with the search", async () => {
    expect((await list("marketer1", "status=archived")).titles).toEqual(["Zeta archived"]);
    expect((await list("marketer1", "status=released")).titles).toEqual(["Epsilon released"]);
    expect((await list("marketer1", "status=in_preview")).titles).toEqual(["Beta preview", "Gamma overdue", "Eta new version"]);
    expect((await list("marketer1", "status=draft")).total).toBe(2 + BULK);
    const west = demo.team("Mid-Market West").id;
    const westOnly = await list("marketer1", `team=${west}`);
    expect(westOnly.total).toBe(3 + BULK);
    expect(westOnly.titles.slice(0, 3)).toEqual(["Gamma overdue", "Delta closed", "100% Pricing_sheet"]);
    expect((await list("marketer1", `team=${west}&status=in_preview&q=gam`)).titles).toEqual(["Gamma overdue"]);
    expect((await list("marketer1", `team=${demo.team("Enterprise East").id}&status=closed`)).total).toBe(0);
  });

  it("shows sales people only their teams' material, as before; marketing, managers and admins see all", async () => {
    const eastOnly = ["Alpha draft", "Beta preview", "Gamma overdue", "Epsilon released", "Zeta archived", "Eta new version"];
    expect((await list("east.rep1")).titles).toEqual(eastOnly);
    expect((await list("east.committee2")).titles).toEqual(eastOnly);
    const west = await list("west.rep1");
    expect(west.total).toBe(3 + BULK);
    expect(west.titles).not.toContain("Beta preview");
    for (const who of ["marketer2", "vp.sales", "east.manager", "admin"]) expect((await list(who)).total, who).toBe(68);

    // Another team's id in the address widens nothing: it is dropped, with a note.
    const asked = await list("east.rep1", `team=${demo.team("Mid-Market West").id}`);
    expect(asked.titles).toEqual(eastOnly);
    expect(asked.notes).toEqual(["That team is not one whose material you see; showing every team."]);
    expect((await listTeams(db, demo.user("east.rep1"))).map((t) => t.name)).toEqual(["Enterprise East"]);
  });

  it("reads bad addresses as the nearest sensible list, saying what was ignored", async () => {
    const bad = await list("marketer1", `status=pending&page=-2&team=abc&q=${"x".repeat(300)}`);
    expect(bad.notes).toEqual([
      "Your search was shortened to its first 200 characters.",
      "“pending” is not a status a material can have; showing every status.",
      "There is no such team; showing every team.",
      "Pages are numbered from 1; showing the first.",
    ]);
    expect(bad).toMatchObject({ total: 0, page: 1 });
    for (const page of ["0", "1.5", "abc", "9999999"]) {
      expect((await list("marketer1", `page=${page}`)).notes, page).toEqual(["Pages are numbered from 1; showing the first."]);
    }
    // Empty values are the form's "every …" choices, not mistakes.
    const empty = await list("marketer1", "q=&status=&team=&page=");
    expect(empty).toMatchObject({ total: 68, page: 1, notes: [] });
  });
});
