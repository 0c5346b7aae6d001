import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoErrors, launchBrowser, newPage, signInHome } from "../helpers/browser";
import { signInAs } from "../helpers/http";
import { inDatabase, previewAndRelease, releasedBrochure, uploadForEast } from "../helpers/released";

const BROCHURE = "Story: first-meeting brochure";
const SEGMENT = "Story: mid-market manufacturing";
const NEED = "Story: a pricing sheet for mid-market prospects";
const SHEET = "Story: mid-market pricing sheet";

async function readPage(page: Page, n: number) {
  await page.getByTestId("page-area").evaluate((area, n) => {
    const slot = area.querySelector<HTMLElement>(`.pages > [data-page="${n}"]`)!;
    area.scrollTop = slot.offsetTop - 8;
  }, n);
  await page.getByTestId("page-area").locator(`[data-page="${n}"] canvas`).waitFor();
  await page.waitForTimeout(2_600);
}

const cells = (page: Page, testId: string, rowText: string) => page.getByTestId(testId).locator("tbody tr", { hasText: rowText }).first().locator("td").allTextContents();

/**
 * The loop after release, as its people live it, in one story: a rep uses a released brochure
 * and tells marketing it did not work; marketing answers; a rep asks for what is missing and
 * hears when marketing releases it; the metrics show the use and the feedback; and next
 * year's pre-plan opens on this year's numbers.
 */
describe("the loop after release, from the library to next year's pre-plan", () => {
  let browser: Browser;
  let brochure: number;
  let east: number;
  const month = new Date().toISOString().slice(0, 7);
  const nextYear = new Date().getUTCFullYear() + 1;

  beforeAll(async () => {
    browser = await launchBrowser();
    ({ id: brochure, east } = await releasedBrochure(BROCHURE, 4));
  });
  afterAll(() => browser?.close());

  it("use, feedback, a request answered by a new release, the metrics, and the past year on next year's pre-plan", async () => {
    // The admin keeps the segments: the one this story's customers belong to.
    const admin = await newPage(browser);
    await signInHome(admin.page, "admin@demo.test");
    await admin.page.goto("/admin/segments");
    const add = admin.page.getByRole("region", { name: "Add a segment" });
    await add.getByLabel("Name").fill(SEGMENT);
    await add.getByRole("button", { name: "Add the segment" }).click();
    await admin.page.getByTestId("segments").locator("tr", { hasText: SEGMENT }).waitFor();
    expectNoErrors(admin.errors);
    await admin.context.close();

    // A rep finds the brochure in the library, reads pages 1–3, and records a use with a customer.
    const rep = await newPage(browser, undefined, { viewport: { width: 1280, height: 800 } });
    await signInHome(rep.page, "east.rep1@demo.test");
    await rep.page.getByRole("link", { name: "Library" }).click();
    await rep.page.getByTestId("library").locator("li.card", { hasText: BROCHURE }).getByRole("link", { name: BROCHURE }).click();
    await rep.page.waitForURL(new RegExp(`/materials/${brochure}$`));
    await rep.page.getByTestId("page-area").locator('[data-page="1"] canvas').waitFor();
    await rep.page.waitForTimeout(2_600);
    await readPage(rep.page, 2);
    await readPage(rep.page, 3);
    const used = rep.page.getByTestId("used-with-customer");
    await used.locator("summary").click();
    await used.getByLabel("Account (optional)").fill("Contoso Manufacturing");
    await used.getByLabel("Day").fill((await used.getByLabel("Day").getAttribute("max"))!);
    await used.getByRole("button", { name: "Record the use" }).click();
    await rep.page.getByTestId("used-saved").waitFor();

    // … and tells marketing how it went.
    const field = rep.page.locator("#from-the-field");
    await field.getByText("Tell marketing how it went").click();
    const form = field.getByTestId("feedback-form");
    await form.getByLabel("Didn't work").check();
    await form.getByLabel("Customer segment or industry").selectOption({ label: SEGMENT });
    await form.getByLabel("What happened").fill("Mid-market prospects want pricing up front.");
    await form.getByLabel("Page it concerns (optional)").fill("2");
    await form.getByRole("button", { name: "Post feedback" }).click();
    await expect.poll(() => field.getByTestId("feedback-list").locator("li.thread").first().textContent()).toMatch(new RegExp(`Didn't work · ${SEGMENT} · page 2 · Eli Brooks`));
    // Leaving the page sends the pages seen that still wait.
    await rep.page.goto("/");
    const pagesSeen = () => inDatabase(async (d) => (await d.models.UsageEvent.findAll({ where: { materialId: brochure, kind: "page_seen" } })).map((e) => e.page).sort());
    await expect.poll(pagesSeen, { timeout: 15_000 }).toEqual([1, 2, 3]);
    expectNoErrors(rep.errors);

    // The owner hears of it and answers from From the field.
    const owner = await newPage(browser);
    await signInHome(owner.page, "marketer2@demo.test");
    await owner.page.goto("/notifications");
    await owner.page.getByTestId("notifications").getByText(BROCHURE).first().waitFor();
    await owner.page.getByRole("link", { name: "From the field" }).click();
    const item = owner.page.getByTestId("field-feedback").locator("li.thread", { hasText: BROCHURE });
    await item.getByLabel("Reply").fill("Agreed: a pricing sheet is coming.");
    await item.getByRole("button", { name: "Reply" }).click();
    await expect.poll(() => item.locator(".replies").textContent()).toContain("Agreed: a pricing sheet is coming.");

    // The owner's pages on the metrics page: pages 1–3 seen once each, page 4 never.
    await owner.page.goto(`/metrics?from=${month}&to=${month}`);
    expect(await cells(owner.page, "owner-pages-table", BROCHURE)).toEqual([BROCHURE, "4", "3", "page 1 (1)", "page 4 (0)"]);
    expect(await owner.page.locator("main").textContent()).not.toContain("Eli Brooks");
    expectNoErrors(owner.errors);
    await owner.context.close();

    // The rep reads the answer, and asks for the pricing sheet they keep making themselves.
    await rep.page.goto(`/materials/${brochure}`);
    await expect.poll(() => rep.page.locator("#from-the-field .replies").first().textContent()).toContain("Agreed: a pricing sheet is coming.");
    await rep.page.getByRole("link", { name: "Requests", exact: true }).click();
    await rep.page.getByRole("link", { name: "Ask for material" }).click();
    await rep.page.getByLabel("What you need").fill(NEED);
    await rep.page.getByLabel("For which customers").fill("Mid-market manufacturers");
    await rep.page.getByLabel("Needed by").fill(`${nextYear}-01-31`);
    await rep.page.getByRole("button", { name: "Send the request" }).click();
    await rep.page.waitForURL(/\/requests\/\d+$/);
    const requestPath = new URL(rep.page.url()).pathname;

    // Marketing makes the sheet, answers the request with it, and releases it after its preview.
    const maker = await signInAs("marketer1@demo.test");
    const sheet = (await uploadForEast(SHEET, 1, maker)).id;
    const marketer = await newPage(browser);
    await signInHome(marketer.page, "marketer1@demo.test");
    await marketer.page.goto(requestPath);
    await marketer.page.getByLabel("Material for the requester's team").selectOption(String(sheet));
    await marketer.page.getByRole("button", { name: "Answer with this material" }).click();
    await marketer.page.getByTestId("answer").getByText("(made for this request, not released yet)").waitFor();
    expectNoErrors(marketer.errors);
    await marketer.context.close();
    await previewAndRelease(sheet, maker);

    // The rep is told of the release, and the request says so.
    await rep.page.goto("/notifications");
    await rep.page.getByText(`Released: "${SHEET}", the material you asked for`).waitFor();
    await rep.page.goto(requestPath);
    await rep.page.getByTestId("answer").getByText("(made for this request, released)").waitFor();
    expectNoErrors(rep.errors);
    await rep.context.close();

    // The team's manager reads the metrics: utilization of this month's releases, the feedback mix, the request answered.
    const manager = await newPage(browser);
    await signInHome(manager.page, "east.manager@demo.test");
    await manager.page.goto(`/metrics?team=${east}&from=${month}&to=${month}`);
    const utilization = await cells(manager.page, "utilization-table", month);
    expect(utilization[0]).toBe("Enterprise East");
    expect(Number(utilization[2])).toBeGreaterThanOrEqual(2);
    expect(await cells(manager.page, "feedback-mix-table", SEGMENT)).toEqual([SEGMENT, "1", "0 (0%)", "0 (0%)", "1 (100%)"]);
    const firstUse = await manager.page.getByTestId("first-use-table").textContent();
    expect(firstUse).toContain("Enterprise East");
    expect(await manager.page.getByTestId("request-stats-table").textContent()).toContain("Enterprise East");

    // Next year's pre-plan opens on this year: the feedback under this story's segment is in its past year.
    await manager.page.goto(`/plans/${east}/${nextYear}`);
    const past = manager.page.getByTestId("past-year");
    await past.waitFor();
    expect(await past.getByRole("heading", { level: 2 }).textContent()).toBe(`Enterprise East in ${nextYear - 1}`);
    expect(await past.getByTestId("past-year-utilization").textContent()).toContain(month);
    expect(await past.textContent()).toContain(`${SEGMENT}: worked 0, mixed 0, didn't work 1`);
    expectNoErrors(manager.errors);
    await manager.context.close();
  });
});
