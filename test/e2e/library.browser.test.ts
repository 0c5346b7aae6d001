import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoErrors, launchBrowser, newPage, signInHome } from "../helpers/browser";
import { get, post, serverDatabase, signInAs, upload, visibleText } from "../helpers/http";
import { makePdf } from "../helpers/pdf";

/** Uploads, previews (both committee members approve) and releases a material; returns its id. */
async function released(title: string, description: string, teamId: number, cookies: { marketer: string; members: string[] }) {
  const response = await upload("/materials/upload", { title, description, kind: "collateral", teamIds: String(teamId) }, { name: "m.pdf", bytes: await makePdf({ pages: 1, title }) }, cookies.marketer);
  const id = Number((await response.json()).url.split("/").pop());
  expect((await post(`/materials/${id}`, { intent: "submit" }, cookies.marketer)).status).toBe(200);
  const database = serverDatabase();
  const round = (await database.models.PreviewRound.findOne({ where: { materialId: id } }))!;
  await database.close();
  for (const member of cookies.members) {
    const decided = await post(`/materials/${id}`, { intent: "decide", roundId: String(round.id), decision: "approved", summary: `Approved: ${title} is accurate.` }, member);
    expect(decided.status).toBe(200);
  }
  expect((await post(`/materials/${id}`, { intent: "release", confirm: "yes" }, cookies.marketer)).status).toBe(200);
  return id;
}

describe("the sales library, homes and metrics in Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
    const database = serverDatabase();
    const east = (await database.models.SalesTeam.findOne({ where: { name: "Enterprise East" } }))!.id;
    const west = (await database.models.SalesTeam.findOne({ where: { name: "Mid-Market West" } }))!.id;
    await database.close();
    const marketer = await signInAs("marketer2@demo.test");
    const eastMembers = await Promise.all(["east.committee1@demo.test", "east.committee2@demo.test"].map((e) => signInAs(e)));
    const westMembers = await Promise.all(["west.committee1@demo.test", "west.committee2@demo.test"].map((e) => signInAs(e)));
    await released("Library: Spring pricing sheet", "Prices for the spring campaign, 100% current.", east, { marketer, members: eastMembers });
    await released("Library: Security one-pager", "What our SOC 2 report says, in plain words.", east, { marketer, members: eastMembers });
    await released("Library: West spring offer", "Only for Mid-Market West.", west, { marketer, members: westMembers });
  });
  afterAll(() => browser?.close());

  it("a rep finds the right brochure by searching, sees only their team's, with the committee's summary", async () => {
    const { context, page, errors } = await newPage(browser);
    await signInHome(page, "east.rep2@demo.test");
    await page.getByRole("link", { name: "Library" }).click();
    // The top bar marks where the rep is.
    // The address changes before React has drawn the new page, so each read waits for it.
    await page.waitForURL(/\/library$/);
    await expect.poll(() => page.getByRole("navigation", { name: "Main" }).locator('[aria-current="page"]').allTextContents()).toEqual(["Library"]);
    await page.getByLabel("Search titles and descriptions").fill("spring");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/q=spring/);
    const results = page.getByTestId("library");
    await expect.poll(() => results.locator("h2").allTextContents()).toEqual(["Library: Spring pricing sheet"]);
    await results.getByText("The committee's summary").click();
    expect(await results.textContent()).toContain("Approved: Library: Spring pricing sheet is accurate.");

    // The search is literal: "100%" matches the one description with it, "%" alone matches nothing special.
    await page.goto("/library?q=100%25");
    expect(await page.getByTestId("library").locator("h2").allTextContents()).toEqual(["Library: Spring pricing sheet"]);
    await page.goto("/library?q=_");
    expect(await page.getByTestId("result-count").textContent()).toBe("Nothing released matches.");

    // Hand-edited addresses give a sensible page and say what was ignored.
    await page.goto(`/library?q=${"a".repeat(10_000)}&kind=poster&page=-3&from=2030-01-01&to=2020-01-01`);
    const notes = (await page.getByRole("status").allTextContents()).join(" ");
    expect(notes).toContain("shortened to its first 200 characters");
    expect(notes).toContain("“poster” is not a kind of material");
    expect(notes).toContain("Pages are numbered from 1");
    expect(notes).toContain("swapped");
    const past = await get("/library?page=999999", await signInAs("east.rep2@demo.test"));
    expect(past.status).toBe(200);
    expect(visibleText(await past.text())).toContain("Library: Security one-pager");
    expectNoErrors(errors);
    await context.close();
  });

  it("gives each role the home it opens every morning", async () => {
    const homes: [string, string, string][] = [
      ["marketer2@demo.test", "my-materials", "Library: Spring pricing sheet"],
      ["east.committee1@demo.test", "identity", "Enterprise East (committee)"],
      ["vp.sales@demo.test", "identity", "Manager"],
      ["admin@demo.test", "system-health", "Last scheduler sweep"],
    ];
    for (const [email, testId, text] of homes) {
      const { context, page, errors } = await newPage(browser);
      await signInHome(page, email);
      expect(await page.getByTestId(testId).textContent()).toContain(text);
      if (email.startsWith("marketer")) expect(await page.getByTestId("my-materials").textContent()).toMatch(/Released \(\d+\)/);
      if (email.startsWith("vp.sales")) await page.getByRole("heading", { name: "Your reports' items running late" }).waitFor();
      if (email.startsWith("east.committee1")) await page.getByRole("heading", { name: "Previews waiting for your decision" }).waitFor();
      expectNoErrors(errors);
      await context.close();
    }
  });

  it("metrics: the CSV holds exactly the numbers the table and charts show", async () => {
    const { context, page, errors } = await newPage(browser);
    await signInHome(page, "vp.sales@demo.test");
    await page.getByRole("link", { name: "Metrics" }).click();
    const table = page.getByTestId("metrics-table");
    await table.waitFor();
    const shown = await table.locator("tbody tr").evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll("td")].map((td) => td.textContent ?? "")));
    expect(shown.length).toBeGreaterThan(0);
    // The charts draw one group of bars per row.
    await page.getByTestId("chart-hours").locator(".recharts-bar").first().waitFor({ state: "attached" });
    expect(await page.getByTestId("chart-hours").locator(".recharts-bar").count()).toBe(3);
    const ticks = await page.getByTestId("chart-hours").locator(".recharts-xAxis .recharts-cartesian-axis-tick").count();
    expect(ticks).toBe(shown.length);

    const csv = await (await context.request.get("/metrics.csv")).text();
    const lines = csv.trim().split("\r\n").slice(1).map((l) => l.split(","));
    expect(lines).toHaveLength(shown.length);
    const asCsv = (cell: string) => (cell === "—" ? "" : cell.replace(/%$/, ""));
    expect(lines).toEqual(shown.map((row) => row.map(asCsv)));
    expectNoErrors(errors);
    await context.close();
  });

  it("metrics are for marketing, managers and admins: a rep gets the 403 page, bad filters a message", async () => {
    const rep = await signInAs("east.rep1@demo.test");
    expect((await get("/metrics", rep)).status).toBe(403);
    expect((await get("/metrics.csv", rep)).status).toBe(403);
    const manager = await signInAs("east.manager@demo.test");
    const odd = await get("/metrics?team=abc&from=2027-13&to=x", manager);
    expect(odd.status).toBe(200);
    const text = visibleText(await odd.text());
    expect(text).toContain("There is no such team; showing every team.");
    expect(text).toContain("“2027-13” is not a month (YYYY-MM)");
  });
});
