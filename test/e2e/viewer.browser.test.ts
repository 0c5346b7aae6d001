import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { seriousViolations } from "../helpers/axe";
import { expectNoErrors, horizontalOverflow, hydrated, launchBrowser, newPage, PHONE, renderedPage, signInHome } from "../helpers/browser";
import { post, serverDatabase, signInAs, upload } from "../helpers/http";
import { runJobsOnce } from "../helpers/jobs";
import { makePdf } from "../helpers/pdf";

/** The drawn canvas of a page, and the page area around it, in CSS pixels. */
async function pageFit(page: Page, n = 1) {
  return page.evaluate((n) => {
    const area = document.querySelector("[data-testid=page-area]") as HTMLElement;
    const canvas = document.querySelector(`[data-testid="page-${n}"] canvas`) as HTMLCanvasElement;
    const a = area.getBoundingClientRect();
    const c = canvas.getBoundingClientRect();
    return { areaLeft: a.left, areaRight: a.left + area.clientWidth, areaWidth: area.clientWidth, areaHeight: area.clientHeight, left: c.left, right: c.right, width: c.width, height: c.height, areaScrolls: area.scrollWidth > area.clientWidth };
  }, n);
}

async function announced(page: Page) {
  return (await page.getByTestId("announcer").textContent()) ?? "";
}

describe("the viewer fits every screen and works without a mouse", () => {
  let browser: Browser;
  let materialUrl = "";
  let materialId = 0;

  beforeAll(async () => {
    browser = await launchBrowser();
    const database = serverDatabase();
    const east = (await database.models.SalesTeam.findOne({ where: { name: "Enterprise East" } }))!;
    await database.close();
    const marketer = await signInAs("marketer1@demo.test");
    const created = await upload(
      "/materials/upload",
      { title: "Fitting brochure", kind: "collateral", teamIds: String(east.id) },
      { name: "fitting.pdf", bytes: await makePdf({ pages: 3, title: "Fitting" }) },
      marketer,
    );
    expect(created.status).toBe(201);
    materialUrl = new URL((await created.json()).url, "http://x").pathname;
    materialId = Number(materialUrl.split("/").pop());
    expect((await post(materialUrl, { intent: "submit" }, marketer)).status).toBe(200);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("fits the page to the width at 1280, 1920 and 2560 px, follows a resize, and keeps page and zoom in the address", async () => {
    const { context, page, errors } = await newPage(browser);
    await signInHome(page, "east.committee2@demo.test");
    for (const width of [1280, 1920, 2560]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(materialUrl);
      await renderedPage(page, 1);
      expect(await horizontalOverflow(page)).toBe(0);
      const fit = await pageFit(page);
      expect(fit.areaScrolls).toBe(false);
      expect(fit.left).toBeGreaterThanOrEqual(fit.areaLeft);
      expect(fit.right).toBeLessThanOrEqual(fit.areaRight + 0.5);
      expect(fit.width).toBeGreaterThan(fit.areaWidth - 20);
    }
    // Narrower: the page is drawn again at the new width.
    const wide = (await pageFit(page)).width;
    await page.setViewportSize({ width: 1000, height: 900 });
    await expect.poll(async () => (await pageFit(page)).width).toBeLessThan(wide - 100);
    await expect.poll(async () => {
      const f = await pageFit(page);
      return f.right <= f.areaRight + 0.5 && f.width > f.areaWidth - 20;
    }).toBe(true);

    // Fit page: the whole page is on screen. The choice and the page go into the address.
    await page.getByLabel("Zoom", { exact: true }).selectOption("fit-page");
    await expect.poll(async () => {
      const f = await pageFit(page);
      return f.height <= f.areaHeight;
    }).toBe(true);
    await page.getByRole("button", { name: "Next page" }).click();
    await renderedPage(page, 2);
    await expect.poll(() => new URL(page.url()).search).toContain("page=2");
    expect(new URL(page.url()).searchParams.get("zoom")).toBe("fit-page");
    await page.reload();
    await renderedPage(page, 2);
    expect(await page.getByTestId("page-indicator").textContent()).toBe("Page 2 of 3");
    expect(await page.getByLabel("Zoom", { exact: true }).inputValue()).toBe("fit-page");

    // Continuous: scrolling to the end shows the last page, and the indicator follows.
    await page.getByTestId("page-area").evaluate((area) => (area.scrollTop = area.scrollHeight));
    await expect.poll(() => page.getByTestId("page-indicator").textContent()).toBe("Page 3 of 3");
    await renderedPage(page, 3);
    // Zooming past the fit scrolls inside the page area, never cutting the page off.
    await page.getByLabel("Zoom", { exact: true }).selectOption("200");
    const fitted = await pageFit(page, 3);
    await expect.poll(async () => (await pageFit(page, 3)).width).toBeGreaterThan(fitted.areaWidth * 1.5);
    expect(await page.getByTestId("page-area").evaluate((a) => a.scrollWidth > a.clientWidth)).toBe(true);
    expect(await horizontalOverflow(page)).toBe(0);

    // Thumbnails are named buttons, with no link nested in them.
    const thumbs = page.getByRole("navigation", { name: "Pages" });
    expect(await thumbs.getByRole("button", { name: "Page 1", exact: true }).count()).toBe(1);
    expect(await thumbs.locator("a").count()).toBe(0);
    await thumbs.getByRole("button", { name: "Page 1", exact: true }).click();
    await expect.poll(() => page.getByTestId("page-indicator").textContent()).toBe("Page 1 of 3");
    expectNoErrors(errors);
    await context.close();
  });

  it("pins a point and marks an area with the keyboard alone, with the focus and the announcements following", async () => {
    const { context, page, errors } = await newPage(browser);
    await page.setViewportSize({ width: 1366, height: 900 });
    await signInHome(page, "east.committee1@demo.test");
    await page.goto(materialUrl);
    await renderedPage(page, 1);
    await hydrated(page);

    // Pin mode from its button; Escape cancels and gives the focus back.
    const pinButton = page.getByRole("button", { name: "Pin a comment" });
    await pinButton.focus();
    await page.keyboard.press("Enter");
    await page.getByTestId("crosshair").waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("page-1");
    expect(await announced(page)).toContain("arrow keys");
    await page.keyboard.press("Escape");
    await page.getByTestId("crosshair").waitFor({ state: "detached" });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Pin a comment");
    expect(await announced(page)).toBe("Pin mode cancelled.");

    // A point: the crosshair starts in the middle; five steps right and five down.
    await page.keyboard.press("Enter");
    for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowRight");
    for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "New comment on page 1" }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("category");
    await page.getByLabel("Category").selectOption("pricing");
    await page.keyboard.press("Tab");
    await page.keyboard.type("Typed without a mouse.");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Post comment");
    await page.keyboard.press("Enter");
    const pin = page.getByTestId("pin-1");
    await pin.waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("comment-1");
    expect(await announced(page)).toBe("Your comment is posted.");
    expect(Number(await pin.getAttribute("data-x"))).toBeCloseTo(0.6, 3);
    expect(Number(await pin.getAttribute("data-y"))).toBeCloseTo(0.6, 3);

    // An area: Space anchors a corner, the arrows move the other, Enter places it.
    await pinButton.focus();
    await page.keyboard.press("Enter");
    await page.keyboard.press("Space");
    for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowRight");
    for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "New comment on an area of page 1" }).waitFor();
    await page.getByLabel("Category").selectOption("messaging");
    await page.getByLabel("Comment", { exact: true }).fill("This block is too dense.");
    await page.getByRole("button", { name: "Post comment" }).click();
    const area = page.getByTestId("area-2");
    await area.waitFor();
    expect(Number(await page.getByTestId("pin-2").getAttribute("data-w"))).toBeCloseTo(0.1, 3);
    expect(Number(await page.getByTestId("pin-2").getAttribute("data-h"))).toBeCloseTo(0.06, 3);
    expect(await page.getByTestId("comment-2").textContent()).toContain("area on page 1");
    expect(await seriousViolations(page)).toEqual([]);
    expectNoErrors(errors);
    await context.close();
  });

  it("refuses an area of no size or outside the page, and keeps nothing", async () => {
    const cookie = await signInAs("east.committee2@demo.test");
    const database = serverDatabase();
    const version = (await database.models.MaterialVersion.findOne({ where: { materialId } }))!;
    const before = await database.models.Comment.count({ where: { materialId } });
    const base = { intent: "comment", versionId: String(version.id), category: "messaging", body: "A region", page: "1", x: "0.5", y: "0.5" };
    const flat = await post(materialUrl, { ...base, w: "0", h: "0.2" }, cookie);
    expect(flat.status).toBe(400);
    expect(await flat.text()).toContain("The area has no size.");
    const outside = await post(materialUrl, { ...base, w: "0.7", h: "0.2" }, cookie);
    expect(outside.status).toBe(400);
    expect(await outside.text()).toContain("The area goes outside the page.");
    const half = await post(materialUrl, { ...base, w: "0.2" }, cookie);
    expect(half.status).toBe(400);
    expect(await half.text()).toContain("An area needs a page, a corner, a width and a height.");
    expect(await database.models.Comment.count({ where: { materialId } })).toBe(before);
    await database.close();
  });

  it("an area dragged with the mouse is drawn on the escalation brief, where it was marked", async () => {
    const member = await newPage(browser);
    await signInHome(member.page, "east.committee2@demo.test");
    await member.page.goto(materialUrl);
    const surface = await renderedPage(member.page, 1);
    await member.page.getByRole("button", { name: "Pin a comment" }).click();
    const box = (await surface.boundingBox())!;
    await member.page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.3);
    await member.page.mouse.down();
    await member.page.mouse.move(box.x + box.width * 0.35, box.y + box.height * 0.35, { steps: 4 });
    await member.page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.4, { steps: 4 });
    await member.page.mouse.up();
    await member.page.getByRole("heading", { name: "New comment on an area of page 1" }).waitFor();
    await member.page.getByLabel("Category").selectOption("product_accuracy");
    await member.page.getByLabel("Comment", { exact: true }).fill("These figures are from last year.");
    await member.page.getByRole("button", { name: "Post comment" }).click();
    await member.page.getByTestId("area-3").waitFor();

    // Marketing declines, the member holds, the round's deadline passes: it escalates.
    const database = serverDatabase();
    const comment = (await database.models.Comment.findOne({ where: { materialId, body: "These figures are from last year." } }))!;
    expect(comment.x).toBeCloseTo(0.2, 2);
    expect(comment.w).toBeCloseTo(0.3, 2);
    expect(comment.h).toBeCloseTo(0.1, 2);
    const marketer = await signInAs("marketer1@demo.test");
    expect((await post(materialUrl, { intent: "answer", commentId: String(comment.id), answer: "decline", reason: "The figures were checked this month." }, marketer)).status).toBe(200);
    expect((await post(materialUrl, { intent: "settle", commentId: String(comment.id), settle: "hold" }, await signInAs("east.committee2@demo.test"))).status).toBe(200);
    await database.models.PreviewRound.update({ dueAt: new Date(Date.now() - 60_000) }, { where: { materialId, state: "open" } });
    await runJobsOnce({ DATABASE_URL: inject("databaseUrl") });
    const escalation = (await database.models.Escalation.findOne({ where: { materialId, commentId: comment.id } }))!;
    await database.close();
    expect(escalation).not.toBeNull();

    const manager = await newPage(browser);
    await signInHome(manager.page, "east.manager@demo.test");
    await manager.page.goto(`/escalations/${escalation.id}`);
    const brief = await renderedPage(manager.page, 1);
    const area = manager.page.getByTestId("area-1");
    await area.waitFor();
    const [page, region] = [(await brief.boundingBox())!, (await area.boundingBox())!];
    expect((region.x - page.x) / page.width).toBeCloseTo(0.2, 1);
    expect(region.width / page.width).toBeCloseTo(0.3, 1);
    expect(region.height / page.height).toBeCloseTo(0.1, 1);
    expect(await seriousViolations(manager.page)).toEqual([]);

    // A new version carries the held area over: compare draws it on both sides.
    const v2 = await upload(`${materialUrl}/upload`, { changeNote: "Figures updated." }, { name: "fitting-v2.pdf", bytes: await makePdf({ pages: 3, title: "Fitting v2" }) }, marketer);
    expect(v2.status).toBe(201);
    await member.page.goto(`${materialUrl}/compare?a=1&b=2`);
    for (const side of ["Version 1", "Version 2"]) {
      const region = member.page.getByRole("region", { name: side });
      await region.locator('[data-testid="page-1"] canvas').waitFor();
      expect(await region.locator('[data-testid^="area-"]').count(), side).toBeGreaterThan(0);
    }
    for (const p of [member, manager]) {
      expectNoErrors(p.errors);
      await p.context.close();
    }
  });

  it("on a 390 px phone: the menu, an upload, a pin placed by touch, and a decision", async () => {
    const marketer = await newPage(browser, undefined, PHONE);
    await signInHome(marketer.page, "marketer2@demo.test");
    expect(await horizontalOverflow(marketer.page)).toBe(0);
    // The links fold behind the menu button once the page's script runs.
    const menu = marketer.page.getByRole("button", { name: /^Menu/ });
    await menu.waitFor();
    const nav = marketer.page.getByRole("navigation", { name: "Main" });
    await nav.waitFor({ state: "hidden" });
    expect(await menu.getAttribute("aria-expanded")).toBe("false");
    await menu.tap();
    await expect.poll(() => menu.getAttribute("aria-expanded")).toBe("true");
    await nav.getByRole("link", { name: "Materials" }).tap();
    await marketer.page.waitForURL(/\/materials$/);
    await nav.waitFor({ state: "hidden" });
    await marketer.page.goto("/materials/new");
    expect(await horizontalOverflow(marketer.page)).toBe(0);
    await marketer.page.getByLabel("Title").fill("Pocket one-pager");
    await marketer.page.getByLabel("Enterprise East").check();
    await marketer.page.setInputFiles("input[name=file]", { name: "pocket.pdf", mimeType: "application/pdf", buffer: await makePdf({ pages: 2, title: "Pocket" }) });
    await marketer.page.getByRole("button", { name: "Upload material" }).tap();
    await marketer.page.waitForURL(/\/materials\/\d+$/);
    await renderedPage(marketer.page, 1);
    expect(await horizontalOverflow(marketer.page)).toBe(0);
    // Full width: the page uses the phone's width, the comments come below it.
    const fit = await pageFit(marketer.page);
    expect(fit.width).toBeGreaterThan(330);
    await marketer.page.getByRole("button", { name: "Submit for preview" }).tap();
    await marketer.page.getByTestId("round-Enterprise East").getByTestId("time-left").waitFor();
    const pocketUrl = new URL(marketer.page.url()).pathname;

    const member = await newPage(browser, undefined, PHONE);
    await signInHome(member.page, "east.committee1@demo.test");
    await member.page.goto(pocketUrl);
    const surface = await renderedPage(member.page, 1);
    await hydrated(member.page);
    await member.page.getByRole("button", { name: "Pin a comment" }).tap();
    const box = (await surface.boundingBox())!;
    await member.page.touchscreen.tap(box.x + box.width * 0.5, box.y + box.height * 0.25);
    await member.page.getByRole("heading", { name: "New comment on page 1" }).waitFor();
    await member.page.getByLabel("Category").selectOption("messaging");
    await member.page.getByLabel("Comment", { exact: true }).fill("Reads well on a phone.");
    await member.page.getByRole("button", { name: "Post comment" }).tap();
    await member.page.getByTestId("pin-1").waitFor();
    expect(Number(await member.page.getByTestId("pin-1").getAttribute("data-x"))).toBeCloseTo(0.5, 1);
    await member.page.getByRole("button", { name: "Decide…" }).tap();
    await member.page.getByLabel("Approve").check();
    await member.page.getByLabel("Summary for marketing and your team").fill("Fine to send.");
    await member.page.getByRole("button", { name: "Record my decision" }).tap();
    await member.page.getByTestId("round-Enterprise East").getByText("approved").waitFor();
    expect(await member.page.getByTestId("decision-announcer").textContent()).toBe("Your decision is recorded.");
    expect(await member.page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("round-Enterprise East");
    expect(await horizontalOverflow(member.page)).toBe(0);

    // Every page the member and the marketer reach from the menu fits the phone.
    for (const p of [member.page, marketer.page]) {
      for (const path of ["/", "/library", "/materials", "/escalations", "/notifications", "/plans", "/account/calendar", `${pocketUrl}/compare`]) {
        const response = await p.goto(path);
        if (response?.status() !== 200) continue; // not this role's page
        expect({ path, overflow: await horizontalOverflow(p) }).toEqual({ path, overflow: 0 });
      }
    }
    for (const p of [marketer, member]) {
      expectNoErrors(p.errors);
      await p.context.close();
    }
  });

  it("fits a 390 px phone on every page a manager and an admin open", async () => {
    const database = serverDatabase();
    const [escalation, user, team] = await Promise.all([
      database.models.Escalation.findOne({ order: [["id", "DESC"]] }),
      database.models.User.findOne({ where: { email: "east.rep1@demo.test" } }),
      database.models.SalesTeam.findOne({ where: { name: "Enterprise East" } }),
    ]);
    await database.close();
    const pages: Record<string, string[]> = {
      "east.manager@demo.test": ["/", "/escalations", `/escalations/${escalation!.id}`, "/metrics", "/plans", "/library", "/materials", materialUrl, "/notifications", "/account/notifications", "/about", `/plans/${team!.id}/${new Date().getFullYear() + 1}`],
      "admin@demo.test": ["/", "/admin", "/admin/users", `/admin/users/${user!.id}`, "/admin/users/new", "/admin/teams", `/admin/teams/${team!.id}`, "/admin/teams/new", "/admin/outbox", "/admin/audit", "/admin/calendar", "/metrics"],
    };
    const visitor = await newPage(browser, undefined, PHONE);
    await visitor.page.goto("/login");
    expect(await horizontalOverflow(visitor.page)).toBe(0);
    await visitor.context.close();
    for (const [email, paths] of Object.entries(pages)) {
      const { context, page, errors } = await newPage(browser, undefined, PHONE);
      await signInHome(page, email);
      for (const path of paths) {
        const response = await page.goto(path);
        expect({ email, path, status: response?.status() }).toEqual({ email, path, status: 200 });
        expect({ email, path, overflow: await horizontalOverflow(page) }).toEqual({ email, path, overflow: 0 });
      }
      expectNoErrors(errors);
      await context.close();
    }
  });

  it("has no serious or critical accessibility violations on the home, library and material pages", async () => {
    const { context, page, errors } = await newPage(browser);
    await signInHome(page, "east.committee1@demo.test");
    for (const path of ["/", "/library", "/materials", materialUrl]) {
      await page.goto(path);
      await hydrated(page);
      if (path === materialUrl) await renderedPage(page, 1);
      expect({ path, violations: await seriousViolations(page) }).toEqual({ path, violations: [] });
    }
    expectNoErrors(errors);
    await context.close();
  });
});
