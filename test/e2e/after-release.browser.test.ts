import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoErrors, launchBrowser, newPage, signInHome } from "../helpers/browser";
import { get, serverDatabase, signInAs } from "../helpers/http";

const PAST = new Date().getUTCFullYear();
const PLAN_YEAR = PAST + 1;
const at = (monthDay: string) => new Date(`${PAST}-${monthDay}T12:00:00Z`);

/**
 * The figures after release in Chromium: the metrics page's new tables (and, for the owner,
 * the pages most and least seen), the pre-plan page's past year, and a rep's own history.
 * Rows go in through the models, as the pages that write them are tested elsewhere.
 */
describe("metrics after release and the past year in Chromium", () => {
  let browser: Browser;
  let eastId: number;
  let unusedId: number;
  beforeAll(async () => {
    browser = await launchBrowser();
    const database = serverDatabase();
    const m = database.models;
    const user = async (email: string) => (await m.User.findOne({ where: { email } }))!;
    const [marketer, rep] = await Promise.all([user("marketer1@demo.test"), user("east.rep1@demo.test")]);
    eastId = (await m.SalesTeam.findOne({ where: { name: "Enterprise East" } }))!.id;
    const make = async (title: string, day: string, pages: number) => {
      const material = await m.Material.create({ title, kind: "collateral", ownerId: marketer.id, status: "released", createdAt: at(day), updatedAt: at(day) });
      await m.MaterialTeam.create({ materialId: material.id, teamId: eastId });
      const version = await m.MaterialVersion.create({ materialId: material.id, number: 1, storageKey: `e2e/${material.id}`, fileName: "a.pdf", contentType: "application/pdf", size: 1, sha256: "d".repeat(64), pageCount: pages, changeNote: "", uploadedById: marketer.id, createdAt: at(day) });
      await material.update({ releasedVersionId: version.id, releasedAt: at(day) });
      return { materialId: material.id, versionId: version.id };
    };
    const used = await make("After release: mid-market brochure", "03-02", 3);
    unusedId = (await make("After release: nobody opened this", "03-05", 1)).materialId;
    const base = { ...used, teamId: eastId, userId: rep.id };
    await m.UsageEvent.bulkCreate([
      { ...base, kind: "opened", createdAt: at("03-06") },
      { ...base, kind: "page_seen", page: 1, createdAt: at("03-06") },
      { ...base, kind: "page_seen", page: 1, createdAt: at("03-07") },
      { ...base, kind: "page_seen", page: 2, createdAt: at("03-07") },
      { ...base, kind: "used", usedOn: `${PAST}-03-08`, account: "Initech", createdAt: at("03-08") },
    ]);
    const segment = await m.CustomerSegment.create({ name: "After release: mid-market" });
    await m.FieldFeedback.create({ ...used, authorId: rep.id, teamId: eastId, outcome: "did_not_work", segmentId: segment.id, body: "Mid-market prospects want pricing up front", createdAt: at("03-09"), updatedAt: at("03-09") } as never);
    await m.MaterialRequest.create({ requesterId: rep.id, teamId: eastId, need: "After release: a pricing one-pager", customers: "Mid-market prospects", neededBy: `${PLAN_YEAR}-02-01`, createdAt: at("03-10"), updatedAt: at("03-10") } as never);
    await database.close();
  });
  afterAll(() => browser?.close());

  it("/metrics shows the material nobody used, days to first use, the feedback mix and requests; the owner sees their pages", async () => {
    const { context, page, errors } = await newPage(browser);
    await signInHome(page, "vp.sales@demo.test");
    await page.goto(`/metrics?team=${eastId}&from=${PAST}-03&to=${PAST}-03`);
    const unused = page.getByTestId("unused-table");
    await unused.waitFor();
    expect(await unused.textContent()).toContain("After release: nobody opened this");
    expect(await unused.textContent()).not.toContain("mid-market brochure");
    // Released on 03-02, opened on 03-06: 4 days; the other is not used yet.
    const firstUse = await page.getByTestId("first-use-table").locator("tbody tr").first().locator("td").allTextContents();
    expect(firstUse[0]).toBe("Enterprise East");
    expect(await page.getByTestId("feedback-mix-table").textContent()).toContain("After release: mid-market");
    const requests = await page.getByTestId("request-stats-table").locator("tbody tr").first().locator("td").allTextContents();
    expect(requests[0]).toBe("Enterprise East");
    expect(Number(requests[1])).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId("privacy-note").textContent()).toContain("team total");
    // A manager owns no material: no pages table, and nobody's name in the figures.
    expect(await page.getByTestId("owner-pages").count()).toBe(0);
    expect(await page.locator("main").textContent()).not.toContain("Eli Brooks");
    const csv = await (await context.request.get(`/metrics.csv?team=${eastId}&from=${PAST}-03&to=${PAST}-03&report=unused`)).text();
    expect(csv).toContain(`${unusedId},After release: nobody opened this,Enterprise East`);
    expectNoErrors(errors);
    await context.close();

    const owner = await newPage(browser);
    await signInHome(owner.page, "marketer1@demo.test");
    await owner.page.getByRole("link", { name: "Metrics" }).click();
    await owner.page.waitForURL(/\/metrics$/);
    await owner.page.goto(`/metrics?from=${PAST}-03&to=${PAST}-03`);
    const row = owner.page.getByTestId("owner-pages-table").locator("tr", { hasText: "After release: mid-market brochure" });
    // Page 1 twice, page 2 once, page 3 never.
    expect(await row.locator("td").allTextContents()).toEqual(["After release: mid-market brochure", "3", "3", "page 1 (2)", "page 3 (0)"]);
    expect(await owner.page.locator("main").textContent()).not.toContain("Eli Brooks");
    // Every CSV of the page, as the marketer downloads it: team totals, nobody's name or account.
    for (const report of ["utilization", "unused", "first-use", "feedback", "requests", "pages"]) {
      const response = await owner.context.request.get(`/metrics.csv?from=${PAST}-03&to=${PAST}-03&report=${report}`);
      expect(response.status()).toBe(200);
      const text = await response.text();
      for (const secret of ["Eli Brooks", "east.rep1", "Initech"]) expect(text).not.toContain(secret);
      if (report === "pages") expect(text).toContain("After release: mid-market brochure,3,3,1,2,3,0");
    }
    expect((await owner.context.request.get("/metrics.csv?report=everyone")).status()).toBe(400);
    expectNoErrors(owner.errors);
    await owner.context.close();
  });

  it("next year's pre-plan page shows the team's past year", async () => {
    const { context, page, errors } = await newPage(browser);
    await signInHome(page, "east.manager@demo.test");
    await page.goto(`/plans/${eastId}/${PLAN_YEAR}`);
    const panel = page.getByTestId("past-year");
    await panel.waitFor();
    expect(await panel.getByRole("heading", { level: 2 }).textContent()).toBe(`Enterprise East in ${PAST}`);
    expect(await panel.getByTestId("past-year-utilization").textContent()).toContain(`${PAST}-03`);
    expect(await panel.getByTestId("past-year-feedback").textContent()).toMatch(/didn't work [1-9]/);
    expect(await panel.textContent()).toContain("After release: a pricing one-pager");
    expectNoErrors(errors);
    await context.close();
  });

  it("a rep's My use shows their own history; marketing may not open it", async () => {
    const { context, page, errors } = await newPage(browser);
    await signInHome(page, "east.rep1@demo.test");
    await page.getByRole("link", { name: "My use" }).click();
    const own = page.getByTestId("own-use");
    await own.waitFor();
    expect(await own.textContent()).toContain("After release: mid-market brochure");
    expect(await own.textContent()).toContain("Initech");
    expect(await page.getByTestId("my-use-privacy").textContent()).toContain("Marketing sees team totals, never who.");
    expectNoErrors(errors);
    await context.close();
    expect((await get("/my-use", await signInAs("marketer1@demo.test"))).status).toBe(403);
  });

  it("a range with nothing in it says so under each heading instead of an empty table", async () => {
    const { context, page, errors } = await newPage(browser);
    await signInHome(page, "east.manager@demo.test");
    await page.goto("/metrics?from=2001-01&to=2001-01");
    expect(await page.getByTestId("first-use").textContent()).toContain("Nothing was released in this range yet.");
    expect(await page.getByTestId("request-stats").textContent()).toContain("No request for material was opened in this range.");
    expect(await page.getByTestId("unused").textContent()).toContain("Every material released in this range has been opened.");
    expect(await page.getByTestId("first-use-table").count()).toBe(0);
    expect(await page.getByTestId("request-stats-table").count()).toBe(0);
    expectNoErrors(errors);
    await context.close();
  });
});
