import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { PDFDocument, StandardFonts, rgb } from "pdf-lib";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoErrors, hydrated, launchBrowser, newPage, signIn, signInHome } from "../helpers/browser";
import { baseUrl, get, post, serverDatabase, signInAs, upload, visibleText } from "../helpers/http";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core"), "utf8");

/** Drawing two pages on a shared two-core machine can take a few seconds. */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 100 });

const PAGE = { width: 612, height: 792 };
const PRICE = { x: 72, y: 560, size: 24 };

/**
 * A price sheet, as marketing would export it: a heading, the price, a framed body, and a
 * second page of terms. Only the price differs between `$49` and `$59`; `cover` adds a
 * cover page in front, as a later version might.
 */
async function priceSheet(price: string, options: { cover?: boolean } = {}) {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  if (options.cover) {
    const cover = doc.addPage([PAGE.width, PAGE.height]);
    cover.drawRectangle({ x: 0, y: 0, width: PAGE.width, height: PAGE.height, color: rgb(0.12, 0.2, 0.45) });
    cover.drawText("Spring offer", { x: 72, y: 400, size: 48, font: bold, color: rgb(1, 1, 1) });
  }
  const sheet = doc.addPage([PAGE.width, PAGE.height]);
  sheet.drawText("Analytics Suite: price sheet", { x: 72, y: 700, size: 28, font: bold, color: rgb(0.1, 0.2, 0.5) });
  sheet.drawText(`Price: ${price}`, { x: PRICE.x, y: PRICE.y, size: PRICE.size, font, color: rgb(0, 0, 0) });
  sheet.drawText("per seat and month, billed yearly", { x: 72, y: 530, size: 14, font, color: rgb(0.3, 0.3, 0.3) });
  sheet.drawRectangle({ x: 72, y: 150, width: 468, height: 330, borderColor: rgb(0.5, 0.5, 0.5), borderWidth: 2 });
  const terms = doc.addPage([PAGE.width, PAGE.height]);
  terms.drawText("Terms", { x: 72, y: 700, size: 28, font: bold });
  terms.drawText("Prices exclude VAT. The offer ends on 30 June.", { x: 72, y: 650, size: 14, font });
  return Buffer.from(await doc.save());
}

/** Where "$49" / "$59" sits on the page, as fractions of its width and height (top-left origin). */
async function priceDigitsBox() {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const before = font.widthOfTextAtSize("Price: $", PRICE.size);
  const whole = font.widthOfTextAtSize("Price: $49", PRICE.size);
  const ascent = font.heightAtSize(PRICE.size, { descender: false });
  return {
    left: (PRICE.x + before) / PAGE.width,
    right: (PRICE.x + whole) / PAGE.width,
    top: (PAGE.height - (PRICE.y + ascent)) / PAGE.height,
    bottom: (PAGE.height - PRICE.y) / PAGE.height,
  };
}

async function teamId(name: string) {
  const database = serverDatabase();
  const team = await database.models.SalesTeam.findOne({ where: { name } });
  await database.close();
  return team!.id;
}

async function newMaterial(title: string, file: Buffer, cookie: string) {
  const created = await upload("/materials/upload", { title, kind: "collateral", teamIds: String(await teamId("Enterprise East")) }, { name: "price-sheet.pdf", bytes: file }, cookie);
  expect(created.status).toBe(201);
  return Number((await created.json()).url.split("/").pop());
}

async function newVersion(materialId: number, note: string, file: Buffer, cookie: string) {
  const response = await upload(`/materials/${materialId}/upload`, { changeNote: note }, { name: "price-sheet.pdf", bytes: file }, cookie);
  expect(response.status).toBe(201);
}

async function act(materialId: number, fields: Record<string, string>, cookie: string) {
  const response = await post(`/materials/${materialId}`, fields, cookie);
  expect(response.status, `${fields.intent}: ${await response.clone().text()}`).toBe(200);
}

/** `n` page surfaces on the page have finished painting (pdf.js reports each canvas drawn). */
async function sidesDrawn(page: Page, n: number) {
  await poll(() => page.locator('[data-testid^="page-"][aria-busy="false"] canvas').count()).toBe(n);
}

async function noHorizontalScroll(page: Page) {
  return page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
}

async function seriousAxeViolations(page: Page) {
  await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return axe.run();
  });
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

describe("comparing versions in Chromium", () => {
  let browser: Browser;
  let materialId = 0;
  let otherMaterialId = 0;
  const compare = (query: string) => `/materials/${materialId}/compare${query}`;

  beforeAll(async () => {
    browser = await launchBrowser();
    const marketer = await signInAs("marketer1@demo.test");
    const committee = await signInAs("east.committee1@demo.test");
    materialId = await newMaterial("Analytics Suite price sheet", await priceSheet("$49"), marketer);
    await act(materialId, { intent: "submit" }, marketer);
    const database = serverDatabase();
    const v1 = await database.models.MaterialVersion.findOne({ where: { materialId, number: 1 } });
    await database.close();
    await act(materialId, { intent: "comment", versionId: String(v1!.id), category: "pricing", body: "Is $49 still the list price?", page: "1", x: "0.5", y: "0.3" }, committee);
    await newVersion(materialId, "New price: $59.", await priceSheet("$59"), marketer);
    await newVersion(materialId, "A cover page in front.", await priceSheet("$59", { cover: true }), marketer);
    otherMaterialId = await newMaterial("One-version sheet", await priceSheet("$10"), marketer);
  });
  afterAll(() => browser?.close());

  it("outlines the changed price in the overlay, and Next change announces it", async () => {
    const { context, page, errors } = await newPage(browser);
    await page.setViewportSize({ width: 1366, height: 768 });
    await signInHome(page, "marketer1@demo.test");
    await page.goto(compare("?a=1&b=2"));
    await hydrated(page);
    await sidesDrawn(page, 2);
    await page.getByRole("link", { name: "Overlay: highlight changes" }).click();
    await page.waitForURL(/view=overlay/);
    const status = page.getByTestId("overlay-status");
    await poll(() => status.textContent()).toBe("1 change on this page.");
    expect(await status.getAttribute("aria-live")).toBe("polite");

    const canvas = await page.getByTestId("overlay-canvas").boundingBox();
    const region = await page.getByTestId("change-region").boundingBox();
    expect(canvas && region).toBeTruthy();
    const box = {
      left: (region!.x - canvas!.x) / canvas!.width,
      right: (region!.x + region!.width - canvas!.x) / canvas!.width,
      top: (region!.y - canvas!.y) / canvas!.height,
      bottom: (region!.y + region!.height - canvas!.y) / canvas!.height,
    };
    // The outline hugs the digits that changed ("4" → "5"), within a few pixels of where
    // pdf-lib drew them; the "Price: $" before them, the same on both, is left out.
    const drawn = await priceDigitsBox();
    const slack = 0.01;
    expect(box.left).toBeGreaterThanOrEqual(drawn.left - slack);
    expect(box.right).toBeLessThanOrEqual(drawn.right + slack);
    expect(box.top).toBeGreaterThanOrEqual(drawn.top - slack);
    expect(box.bottom).toBeLessThanOrEqual(drawn.bottom + slack);
    expect(box.right - box.left).toBeGreaterThan(0.005);
    expect(box.bottom - box.top).toBeGreaterThan(0.005);

    await page.getByRole("button", { name: "Next change" }).click();
    await poll(() => status.textContent()).toBe("Change 1 of 1");
    expect(await page.getByTestId("change-region").getAttribute("class")).toContain("current");
    expect(await page.getByRole("button", { name: "Next change" }).isDisabled()).toBe(true);

    // The terms page (→ turns the page in the overlay too) is the same in both versions.
    await page.keyboard.press("ArrowRight");
    await poll(() => page.getByTestId("page-indicator").textContent()).toBe("Page 2 of 2");
    await poll(() => status.textContent()).toBe("No differences on this page.");
    expect(await page.getByTestId("no-differences").isVisible()).toBe(true);
    expect(await page.getByTestId("change-region").count()).toBe(0);
    const { scrollWidth, clientWidth } = await noHorizontalScroll(page);
    expect(scrollWidth).toBe(clientWidth);
    expectNoErrors(errors);
    await context.close();
  });

  it("draws the carried-over comment on both sides, drives both with one page control, and lists a pin's comment", async () => {
    const { context, page, errors } = await newPage(browser);
    await page.setViewportSize({ width: 1366, height: 768 });
    await signInHome(page, "marketer1@demo.test");
    await page.goto(compare("?a=1&b=2"));
    await hydrated(page);
    const left = page.getByRole("region", { name: "Version 1" });
    const right = page.getByRole("region", { name: "Version 2" });
    await sidesDrawn(page, 2);
    expect(await left.getByTestId("pin-1").count()).toBe(1);
    expect(await right.getByTestId("pin-1").count()).toBe(1);
    expect(await page.getByTestId("compare-comment-1").textContent()).toContain("On versions 1 and 2");

    await left.getByTestId("pin-1").click();
    const listed = page.getByTestId("compare-comment-1");
    await poll(() => listed.getAttribute("class")).toContain("selected");
    expect(await listed.textContent()).toContain("Is $49 still the list price?");
    expect(await right.getByTestId("pin-1").getAttribute("class")).toContain("selected");

    await page.getByRole("button", { name: "Next page" }).click();
    await poll(() => page.getByTestId("page-indicator").textContent()).toBe("Page 2 of 2");
    await left.locator('[data-testid=page-2][aria-busy="false"] canvas').waitFor();
    await right.locator('[data-testid=page-2][aria-busy="false"] canvas').waitFor();
    await page.getByRole("button", { name: "Previous page" }).click();
    await sidesDrawn(page, 2);

    // One zoom for both; zoomed in, each side scrolls and scrolling one scrolls the other.
    await page.getByRole("button", { name: "Zoom in" }).click();
    await page.getByRole("button", { name: "Zoom in" }).click();
    expect(await page.getByTestId("zoom").textContent()).toBe("150%");
    await poll(() => page.evaluate(() => [...document.querySelectorAll<HTMLElement>(".compare-scroll")].map((e) => e.scrollHeight > e.clientHeight && e.scrollWidth > e.clientWidth)))
      .toEqual([true, true]);
    const widths = await page.evaluate(() => [...document.querySelectorAll("canvas")].map((c) => Math.round(c.getBoundingClientRect().width)));
    expect(widths[0]).toBe(widths[1]);
    await page.evaluate(() => {
      const first = document.querySelector<HTMLElement>("[data-compare-side=a] .compare-scroll")!;
      first.scrollTop = 200;
      first.scrollLeft = 60;
    });
    await poll(() => page.evaluate(() => {
        const second = document.querySelector<HTMLElement>("[data-compare-side=b] .compare-scroll")!;
        return [second.scrollTop, second.scrollLeft];
      }))
      .toEqual([200, 60]);
    await page.evaluate(() => {
      document.querySelector<HTMLElement>("[data-compare-side=b] .compare-scroll")!.scrollTop = 20;
    });
    await poll(() => page.evaluate(() => document.querySelector<HTMLElement>("[data-compare-side=a] .compare-scroll")!.scrollTop)).toBe(20);
    const { scrollWidth, clientWidth } = await noHorizontalScroll(page);
    expect(scrollWidth).toBe(clientWidth);
    expectNoErrors(errors);
    await context.close();
  });

  it("picks versions through the selects, lines pages up with an offset, and refuses the same version twice", async () => {
    const { context, page, errors } = await newPage(browser);
    await signInHome(page, "marketer1@demo.test");
    await page.goto(compare(""));
    await hydrated(page);
    // Each step waits for pdf.js to finish drawing: its worker reports an error when a
    // document is closed while it still loads (the reader moving on), which would fail the test.
    await sidesDrawn(page, 2);
    expect(await page.getByLabel("Earlier version").inputValue()).toBe("2");
    expect(await page.getByLabel("Later version").inputValue()).toBe("3");
    await page.getByLabel("Earlier version").selectOption("1");
    await page.getByRole("button", { name: "Compare" }).click();
    await page.waitForURL(/\?a=1&b=3$/);
    await page.getByRole("heading", { name: "Version 3" }).waitFor();
    expect(await page.getByText("Version 1 has 2 pages, version 3 has 3").count()).toBe(1);
    await sidesDrawn(page, 2);

    await page.getByRole("link", { name: "Overlay: highlight changes" }).click();
    await page.waitForURL(/view=overlay/);
    const status = page.getByTestId("overlay-status");
    // Page 1: the new cover against the old price page; with the offset, the price pages face each other.
    await poll(async () => Number((await status.textContent())?.match(/^(\d+) change/)?.[1] ?? 0)).toBeGreaterThan(0);
    await page.getByRole("button", { name: "Version 1 page offset −1" }).click();
    expect(await page.getByTestId("page-offset").textContent()).toBe("−1");
    await poll(() => status.textContent()).toBe("Version 1 has no page here.");
    await page.getByRole("button", { name: "Next page" }).click();
    await poll(() => status.textContent()).toBe("1 change on this page.");
    await page.getByRole("button", { name: "Next page" }).click();
    await poll(() => status.textContent()).toBe("No differences on this page.");

    // Picked the other way round: the address is put in order, earlier version first.
    await page.getByLabel("Earlier version").selectOption("3");
    await page.getByLabel("Later version").selectOption("2");
    await page.getByRole("button", { name: "Compare" }).click();
    await page.waitForURL(/\?a=2&b=3&view=overlay$/);
    await poll(() => status.textContent()).toBe("1 change on this page.");

    await page.getByLabel("Earlier version").selectOption("2");
    await page.getByLabel("Later version").selectOption("2");
    await page.getByRole("button", { name: "Compare" }).click();
    await page.getByText("Pick two different versions: both choices are version 2.").waitFor();
    expect(await page.getByLabel("Later version").getAttribute("aria-invalid")).toBe("true");
    const twice = await get(compare("?a=2&b=2"), await context.cookies().then((c) => c.map((k) => `${k.name}=${k.value}`).join("; ")));
    expect(twice.status).toBe(400);
    expectNoErrors(errors);
    await context.close();
  });

  it("picks versions without JavaScript: the form is a plain GET", async () => {
    const context = await browser.newContext({ baseURL: baseUrl(), javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, "marketer1@demo.test");
    await page.goto(compare("?a=2&b=3"));
    await page.getByLabel("Earlier version").selectOption("1");
    await page.getByLabel("Later version").selectOption("2");
    await page.getByRole("button", { name: "Compare" }).click();
    await page.waitForURL(/\?a=1&b=2$/);
    expect(await page.getByRole("heading", { name: "Version 1" }).count()).toBe(1);
    expect(await page.getByRole("heading", { name: "Version 2" }).count()).toBe(1);
    await context.close();
  });

  it("answers a version of another material, or a material out of sight, with the 404 page", async () => {
    const marketer = await signInAs("marketer1@demo.test");
    for (const query of ["?a=3&b=1", "?a=1&b=2", "?b=3", "?a=x", "?a=0&b=1"]) {
      const response = await get(`/materials/${otherMaterialId}/compare${query}`, marketer);
      expect(response.status, query).toBe(404);
      expect(visibleText(await response.text())).toContain("We couldn't find that version.");
    }
    const alone = await get(`/materials/${otherMaterialId}/compare`, marketer);
    expect(alone.status).toBe(200);
    expect(visibleText(await alone.text())).toContain("only one version so far");
    const west = await signInAs("west.committee1@demo.test");
    for (const query of ["?a=1&b=2", "?a=x&b=99"]) {
      const hidden = await get(compare(query), west);
      expect(hidden.status, query).toBe(404);
      expect(visibleText(await hidden.text())).toContain("We couldn't find that material.");
    }
  });

  it("fits a 1366 px window and stacks at 390 px, in both views", async () => {
    const { context, page, errors } = await newPage(browser);
    await signInHome(page, "marketer1@demo.test");
    for (const width of [1366, 390]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 768 });
      for (const view of ["", "&view=overlay"]) {
        await page.goto(compare(`?a=1&b=2${view}`));
        await hydrated(page);
        if (view) await poll(() => page.getByTestId("overlay-status").textContent()).toBe("1 change on this page.");
        else await sidesDrawn(page, 2);
        const { scrollWidth, clientWidth } = await noHorizontalScroll(page);
        expect(scrollWidth, `${width} px${view}`).toBe(clientWidth);
        if (!view) {
          const [a, b] = await Promise.all(["Version 1", "Version 2"].map((name) => page.getByRole("region", { name }).boundingBox()));
          if (width === 390) expect(b!.y).toBeGreaterThan(a!.y + a!.height - 1);
          else expect(b!.x).toBeGreaterThan(a!.x + a!.width - 1);
        }
      }
    }
    expectNoErrors(errors);
    await context.close();
  });

  it("has no serious or critical accessibility violations (axe-core), side by side and in the overlay", async () => {
    const { context, page, errors } = await newPage(browser);
    await page.setViewportSize({ width: 1366, height: 768 });
    await signInHome(page, "marketer1@demo.test");
    await page.goto(compare("?a=1&b=2"));
    await hydrated(page);
    await sidesDrawn(page, 2);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.goto(compare("?a=1&b=2&view=overlay"));
    await hydrated(page);
    await poll(() => page.getByTestId("overlay-status").textContent()).toBe("1 change on this page.");
    await page.getByRole("button", { name: "Next change" }).click();
    expect(await seriousAxeViolations(page)).toEqual([]);
    expectNoErrors(errors);
    await context.close();
  });
});
