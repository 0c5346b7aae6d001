import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoErrors, launchBrowser, newPage, signInHome } from "../helpers/browser";
import { baseUrl, serverDatabase, signInAs } from "../helpers/http";
import { releasedBrochure } from "../helpers/released";

async function usageRows(materialId: number) {
  const database = serverDatabase();
  try {
    return await database.models.UsageEvent.findAll({ where: { materialId }, order: [["id", "ASC"]], raw: true });
  } finally {
    await database.close();
  }
}

/** Brings page `n` of the continuous viewer to the top of the page area. */
async function scrollToPage(page: Page, n: number) {
  await page.getByTestId("page-area").evaluate((area, n) => {
    const slot = area.querySelector<HTMLElement>(`.pages > [data-page="${n}"]`)!;
    area.scrollTop = slot.offsetTop - 8;
  }, n);
}

function beacon(path: string, body: unknown, cookie: string) {
  return fetch(baseUrl() + path, { method: "POST", headers: { "Content-Type": "application/json", Origin: baseUrl(), Cookie: cookie }, body: typeof body === "string" ? body : JSON.stringify(body) });
}

describe("use of a released brochure, recorded and shown as team totals", () => {
  let browser: Browser;
  let brochure: { id: number; versionId: number };
  beforeAll(async () => {
    browser = await launchBrowser();
    brochure = await releasedBrochure("Usage: First-meeting brochure", 5);
  });
  afterAll(() => browser?.close());

  it("a rep reads pages 1–3 and marks it used with a customer; the owner sees the team totals, not who", async () => {
    const { context, page, errors } = await newPage(browser, undefined, { viewport: { width: 1280, height: 800 } });
    await signInHome(page, "east.rep1@demo.test");
    await page.goto(`/materials/${brochure.id}`);
    // Page 1 is drawn and on screen: 2 s later it counts.
    await page.getByTestId("page-area").locator('[data-page="1"] canvas').waitFor();
    await page.waitForTimeout(2_600);
    for (const n of [2, 3]) {
      await scrollToPage(page, n);
      await page.getByTestId("page-area").locator(`[data-page="${n}"] canvas`).waitFor();
      await page.waitForTimeout(2_600);
    }
    // A page passed on the way, for less than 2 s, is not seen.
    await scrollToPage(page, 5);
    await page.waitForTimeout(600);
    await scrollToPage(page, 3);

    const form = page.getByTestId("used-with-customer");
    await form.locator("summary").click();
    await form.getByLabel("Account (optional)").fill("Northwind Traders");
    // The day cannot be in the future: a clear message beside the field, nothing written.
    await form.getByLabel("Day").fill("2099-01-01");
    await form.getByRole("button", { name: "Record the use" }).click();
    await expect.poll(() => form.locator(".field-error").textContent()).toMatch(/in the future/);
    const today = await form.getByLabel("Day").getAttribute("max");
    await form.getByLabel("Day").fill(today!);
    await form.getByLabel("Note (optional)").fill("Used it to open the first meeting.");
    await form.getByRole("button", { name: "Record the use" }).click();
    await page.getByTestId("used-saved").waitFor();

    // Leaving the page sends what waits (pagehide), at the latest.
    await page.goto("/library");
    await expect.poll(async () => (await usageRows(brochure.id)).filter((r) => r.kind === "page_seen").map((r) => r.page).sort(), { timeout: 15_000 }).toEqual([1, 2, 3]);
    const rows = await usageRows(brochure.id);
    // Batched: page 1 at once, pages 2 and 3 in one report (the rows of one report share its time), never one request per scroll.
    const reportTimes = (pages: number[]) => new Set(rows.filter((r) => r.kind === "page_seen" && pages.includes(r.page!)).map((r) => String(r.createdAt)));
    expect(reportTimes([2, 3]).size).toBe(1);
    expect(reportTimes([1, 2, 3]).size).toBe(2);
    expect(rows.filter((r) => r.kind === "opened")).toHaveLength(1);
    expect(rows.filter((r) => r.kind === "used").map((r) => [r.account, r.usedOn, r.note])).toEqual([["Northwind Traders", today, "Used it to open the first meeting."]]);

    // The rep's own history.
    await page.goto(`/materials/${brochure.id}`);
    await expect.poll(() => page.getByTestId("usage-own").textContent()).toMatch(/You opened this 1 time, downloaded it 0 times, used it with customers 1 time, and read 3 of its pages/);
    expect(await page.getByTestId("usage").textContent()).toContain("Northwind Traders");
    expectNoErrors(errors);
    await context.close();

    // The owner: team totals, said to be so, with nobody's name.
    const owner = await newPage(browser);
    await signInHome(owner.page, "marketer2@demo.test");
    await owner.page.goto(`/materials/${brochure.id}`);
    const usage = owner.page.getByTestId("usage");
    await expect.poll(() => usage.getByTestId("usage-teams").textContent()).toMatch(/Enterprise East: opened by 1 rep \(1 time\), downloaded 0 times, used with customers 1 time\.Pages seen: p\. 1 × 1, p\. 2 × 1, p\. 3 × 1/);
    expect(await usage.getByTestId("usage-privacy").textContent()).toContain("Team totals: marketing never sees who.");
    const text = (await usage.textContent()) ?? "";
    expect(text).not.toContain("Eli Brooks");
    expect(text).not.toContain("Northwind");
    expect(await owner.page.getByTestId("used-with-customer").count()).toBe(0);
    // Marketing opening its own material is not use.
    expect((await usageRows(brochure.id)).filter((r) => r.kind === "opened")).toHaveLength(1);
    expectNoErrors(owner.errors);
    await owner.context.close();
  });

  it("the page-view route refuses what is not a rep's report on released material, and floods, with a message", async () => {
    const rep = await signInAs("east.rep2@demo.test");
    const marketer = await signInAs("marketer1@demo.test");
    const west = await signInAs("west.rep1@demo.test");
    const path = `/materials/${brochure.id}/usage`;
    const before = (await usageRows(brochure.id)).length;
    const cases: [unknown, string, number, RegExp][] = [
      [{ versionId: brochure.versionId, pages: [1] }, marketer, 403, /Only sales reps/],
      [{ versionId: brochure.versionId, pages: [1] }, west, 404, /couldn't find that material/],
      [{ versionId: brochure.versionId, pages: [6] }, rep, 400, /Page 6 does not exist: this version has 5 pages/],
      [{ versionId: brochure.versionId + 1, pages: [1] }, rep, 409, /not the released version/],
      ["pages=1", rep, 400, /is JSON/],
    ];
    for (const [body, cookie, status, message] of cases) {
      const response = await beacon(path, body, cookie);
      expect(response.status, JSON.stringify(body)).toBe(status);
      expect(await response.text()).toMatch(message);
    }
    // A rep's report about the released version counts toward the limit, whatever it holds
    // (the two with page 6 and with no JSON above); past 30 in a minute, 429.
    for (let i = 2; i < 30; i++) expect((await beacon(path, { versionId: brochure.versionId, pages: [4] }, rep)).status).toBe(204);
    const flood = await beacon(path, { versionId: brochure.versionId, pages: [5] }, rep);
    expect(flood.status).toBe(429);
    expect(await flood.text()).toMatch(/at most 30 a minute/);
    await new Promise((r) => setTimeout(r, 1_500));
    const rows = await usageRows(brochure.id);
    expect(rows.length - before).toBe(28);
    expect(rows.some((r) => r.page === 5 || r.page === 6)).toBe(false);
  });

  it("utilization on the metrics page and in its CSV: the brochure released today has no share yet", async () => {
    const manager = await signInAs("vp.sales@demo.test");
    const month = new Date().toISOString().slice(0, 7);
    const csv = await (await fetch(`${baseUrl()}/metrics.csv?report=utilization`, { headers: { Cookie: manager } })).text();
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toBe("team,month,released,opened_30d_pct,opened_90d_pct,used_30d_pct,used_90d_pct,never_opened_90d");
    const east = lines.find((l) => l.startsWith(`Enterprise East,${month},`))!;
    // Released within the last 30 days: the shares wait for their windows.
    expect(east).toMatch(new RegExp(`^Enterprise East,${month},\\d+,,,,,0$`));

    const { context, page, errors } = await newPage(browser);
    await signInHome(page, "vp.sales@demo.test");
    await page.goto("/metrics");
    const table = page.getByTestId("utilization-table");
    const shown = await table.locator("tbody tr").evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll("td")].map((td) => td.textContent ?? "")));
    expect(shown.map((row) => row.map((cell) => (cell === "—" ? "" : cell.replace(/%$/, ""))).join(","))).toEqual(lines.slice(1));
    expectNoErrors(errors);
    await context.close();
  });
});
