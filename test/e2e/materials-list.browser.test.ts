import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoErrors, launchBrowser, newPage, signIn, signInHome } from "../helpers/browser";
import { baseUrl, get, post, serverDatabase, signInAs, upload, visibleText } from "../helpers/http";
import { makePdf } from "../helpers/pdf";

const PREFIX = "Listing check";
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe-core's WCAG 2 A and AA violations on the page as it is now: rule id and the elements. */
async function accessibilityViolations(page: Page) {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa"] } });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
}
const EAST_COUNT = 26;

/**
 * The materials list in Chromium, on the shared server: 26 East materials and one West one
 * whose titles start with PREFIX (so other test files' materials never match the search),
 * one of them in preview with one of its two committee members decided.
 */
describe("the materials list in the browser: search, filters and paging through the address", () => {
  let browser: Browser;
  let inPreview: number;
  let east: number;
  let west: number;

  beforeAll(async () => {
    browser = await launchBrowser();
    const database = serverDatabase();
    east = (await database.models.SalesTeam.findOne({ where: { name: "Enterprise East" } }))!.id;
    west = (await database.models.SalesTeam.findOne({ where: { name: "Mid-Market West" } }))!.id;
    const marketer = await signInAs("marketer1@demo.test");
    const pdf = await makePdf({ pages: 1, title: PREFIX });
    const create = async (title: string, teamId: number) => {
      const response = await upload("/materials/upload", { title, description: "", kind: "collateral", teamIds: String(teamId) }, { name: "m.pdf", bytes: pdf }, marketer);
      expect(response.status, title).toBe(201);
      return Number((await response.json()).url.split("/").pop());
    };
    for (let i = 1; i <= EAST_COUNT; i++) await create(`${PREFIX} east ${String(i).padStart(2, "0")}`, east);
    await create(`${PREFIX} west only`, west);
    inPreview = await create(`${PREFIX} east in preview`, east);
    expect((await post(`/materials/${inPreview}`, { intent: "submit" }, marketer)).status).toBe(200);
    const round = (await database.models.PreviewRound.findOne({ where: { materialId: inPreview } }))!;
    await database.close();
    const member = await signInAs("east.committee1@demo.test");
    const decided = await post(`/materials/${inPreview}`, { intent: "decide", roundId: String(round.id), decision: "changes_requested", summary: "The price table is last year's." }, member);
    expect(decided.status).toBe(200);
  });
  afterAll(() => browser?.close());

  const rowTitles = (page: Page) => page.getByTestId("material-row").locator("td:first-child a").allTextContents();

  it("searches and filters with the form, keeps it all in the address, and pages with links", async () => {
    const { context, page, errors } = await newPage(browser);
    await signInHome(page, "marketer2@demo.test");
    await page.goto("/materials");
    await page.getByLabel("Search titles").fill(PREFIX.toUpperCase());
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/q=LISTING/);
    const count = page.getByTestId("result-count");
    expect(await count.getAttribute("aria-live")).toBe("polite");
    await expect.poll(() => count.textContent()).toBe(`${EAST_COUNT + 2} materials match, page 1 of 2`);
    expect(await page.getByTestId("material-row").count()).toBe(25);

    // Paging keeps the search; the link opens the same view.
    await page.getByRole("link", { name: "Next →" }).click();
    await page.waitForURL((url) => url.searchParams.get("page") === "2" && url.searchParams.get("q") === PREFIX.toUpperCase());
    await expect.poll(() => count.textContent()).toBe(`${EAST_COUNT + 2} materials match, page 2 of 2`);
    expect(await page.getByRole("navigation", { name: "Pages" }).textContent()).toContain("Page 2 of 2");
    expect(await page.getByTestId("material-row").count()).toBe(3);
    expect(await page.getByRole("link", { name: "Next →" }).count()).toBe(0);
    await page.getByRole("link", { name: "← Previous" }).click();
    await page.waitForURL((url) => !url.searchParams.has("page"));
    await expect.poll(() => count.textContent()).toBe(`${EAST_COUNT + 2} materials match, page 1 of 2`);

    // Status filter: the one in preview, its deadline and the committee's progress.
    await page.getByLabel("Status").selectOption("in_preview");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/status=in_preview/);
    await expect.poll(() => rowTitles(page)).toEqual([`${PREFIX} east in preview`]);
    const row = page.getByTestId("material-row");
    expect(await row.getByTestId("status").textContent()).toBe("In preview");
    expect(await row.getByTestId("teams").textContent()).toBe("Enterprise East");
    expect(await row.getByTestId("time-left").textContent()).toMatch(/^due in \d+ (day|days|h)/);
    expect(await row.getByTestId("progress").textContent()).toBe("1 of 2 decided1 requested changes");

    // Team filter, straight from an address someone shared.
    await page.goto(`/materials?q=${encodeURIComponent(PREFIX)}&team=${west}`);
    await expect.poll(() => rowTitles(page)).toEqual([`${PREFIX} west only`]);
    expect(await page.getByLabel("Team").inputValue()).toBe(String(west));
    expect(await page.getByLabel("Search titles").inputValue()).toBe(PREFIX);
    await page.getByRole("link", { name: "Clear" }).click();
    await page.waitForURL(/\/materials$/);
    expectNoErrors(errors);
    await context.close();
  });

  it("works without JavaScript: the form is a plain GET", async () => {
    const context = await browser.newContext({ baseURL: baseUrl(), javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, "marketer1@demo.test");
    await page.waitForURL((url) => url.pathname === "/");
    await page.goto("/materials");
    await page.getByLabel("Search titles").fill(`${PREFIX} west`);
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/q=Listing/);
    expect(await rowTitles(page)).toEqual([`${PREFIX} west only`]);
    await page.goto(`/materials?q=${encodeURIComponent(PREFIX)}&page=2`);
    expect(await page.getByTestId("material-row").count()).toBe(3);
    await context.close();
  });

  it("answers hand-edited addresses with a sensible list and says what was ignored, never an error", async () => {
    const cookie = await signInAs("marketer1@demo.test");
    const response = await get(`/materials?q=${encodeURIComponent(PREFIX)}&status=waiting&team=x1&page=-4`, cookie);
    expect(response.status).toBe(200);
    const text = visibleText(await response.text());
    expect(text).toContain("“waiting” is not a status a material can have; showing every status.");
    expect(text).toContain("There is no such team; showing every team.");
    expect(text).toContain("Pages are numbered from 1; showing the first.");
    expect(text).toContain(`${EAST_COUNT + 2} materials match, page 1 of 2`);
    const past = visibleText(await (await get(`/materials?q=${encodeURIComponent(PREFIX)}&page=40`, cookie)).text());
    expect(past).toContain("There are only 2 pages; showing the last.");
    expect(past).toContain("Page 2 of 2");
  });

  it("shows a rep only their team's material, whatever team the address names", async () => {
    const rep = await signInAs("west.rep1@demo.test");
    const own = visibleText(await (await get(`/materials?q=${encodeURIComponent(PREFIX)}`, rep)).text());
    expect(own).toContain(`${PREFIX} west only`);
    expect(own).toContain("1 material match");
    expect(own).not.toContain(`${PREFIX} east`);
    const asked = visibleText(await (await get(`/materials?q=${encodeURIComponent(PREFIX)}&team=${east}`, rep)).text());
    expect(asked).toContain("That team is not one whose material you see; showing every team.");
    expect(asked).not.toContain(`${PREFIX} east`);
  });

  it("fits a phone as cards and a laptop as a table, with no sideways scrolling", async () => {
    const { context, page, errors } = await newPage(browser);
    await signInHome(page, "marketer1@demo.test");
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/materials?q=${encodeURIComponent(PREFIX)}`);
    expect(await overflow()).toBeLessThanOrEqual(0);
    const row = page.getByTestId("material-row").first();
    expect(await row.evaluate((el) => getComputedStyle(el).display)).toBe("block");
    // Each line of a card carries its column's name.
    expect(await row.locator('td[data-label="Status"]').evaluate((el) => getComputedStyle(el, "::before").content)).toBe('"Status"');
    // The headings are still there for screen readers.
    expect(await page.getByRole("columnheader").allTextContents()).toEqual(["Title", "Status", "For", "Next due", "Reviewers", "Updated"]);
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(`/materials?q=${encodeURIComponent(PREFIX)}&status=in_preview`);
    expect(await overflow()).toBeLessThanOrEqual(0);
    expect(await page.getByTestId("material-row").first().evaluate((el) => getComputedStyle(el).display)).toBe("table-row");
    expect(await accessibilityViolations(page)).toEqual([]);
    expectNoErrors(errors);
    await context.close();
  });
});
