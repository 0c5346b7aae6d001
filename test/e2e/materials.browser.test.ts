import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoErrors, hydrated, launchBrowser, newPage, renderedPage, signInHome } from "../helpers/browser";
import { post, serverDatabase, signInAs, upload } from "../helpers/http";
import { makePdf } from "../helpers/pdf";

async function teamId(name: string) {
  const database = serverDatabase();
  const team = await database.models.SalesTeam.findOne({ where: { name } });
  await database.close();
  return team!.id;
}


describe("materials in Chromium", () => {
  let browser: Browser;
  let materialUrl = "";
  let fileUrl = "";
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it("a marketer uploads a multi-page PDF, watches the progress bar, then sees the preview", async () => {
    const { context, page, errors } = await newPage(browser);
    await signInHome(page, "marketer1@demo.test");
    await page.getByRole("link", { name: "Materials" }).first().click();
    await page.getByRole("link", { name: "New material" }).click();
    // The list's "Search titles" box answers to "Title" too: wait for the form itself.
    await page.getByRole("heading", { name: "New material" }).waitFor();

    await page.getByLabel("Title").fill("Enterprise East spring brochure");
    await page.getByLabel("Description").fill("Four pages for the spring campaign.");
    await page.getByLabel("Enterprise East").check();
    const pdf = await makePdf({ pages: 4, padBytes: 1_500_000, title: "Spring brochure" });
    await page.setInputFiles("input[name=file]", { name: "spring-brochure.pdf", mimeType: "application/pdf", buffer: pdf });

    // Record every state of the progress bar as it changes; slow the upload so there is one to see.
    await page.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { progressSeen: number[] }).progressSeen = seen;
      new MutationObserver(() => {
        const bar = document.querySelector("[data-testid=upload-progress] progress") as HTMLProgressElement | null;
        if (bar && seen[seen.length - 1] !== bar.value) seen.push(bar.value);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 1_000_000 });

    await page.getByRole("button", { name: "Upload material" }).click();
    await page.getByTestId("upload-progress").waitFor();
    await page.waitForURL(/\/materials\/\d+$/, { timeout: 30_000 });
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    const progress = await page.evaluate(() => (window as unknown as { progressSeen: number[] }).progressSeen);
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.some((v) => v > 0 && v < 100)).toBe(true);
    expect(Math.max(...progress)).toBe(100);

    materialUrl = new URL(page.url()).pathname;
    await page.getByRole("heading", { name: "Enterprise East spring brochure" }).waitFor();
    await renderedPage(page, 1);
    expect(await page.getByTestId("page-indicator").textContent()).toBe("Page 1 of 4");
    await page.keyboard.press("ArrowRight");
    await renderedPage(page, 2);
    expect(await page.getByTestId("page-indicator").textContent()).toBe("Page 2 of 4");
    fileUrl = (await page.getByRole("link", { name: /^Download / }).getAttribute("href"))!.replace("?download", "");
    expectNoErrors(errors);
    await context.close();
  });

  it("shows page 1 of a large PDF through Range requests, without fetching the whole file", async () => {
    // 30 pages; 1.5 MB of image data on the last one, far from page 1 and its thumbnails.
    const big = await makePdf({ pages: 30, padBytes: 1_500_000, title: "Catalogue" });
    const marketer = await signInAs("marketer1@demo.test");
    const eastTeam = await teamId("Enterprise East");
    const created = await upload("/materials/upload", { title: "Product catalogue", kind: "collateral", teamIds: String(eastTeam) }, { name: "catalogue.pdf", bytes: big }, marketer);
    const bigUrl: string = (await created.json()).url;
    const database = serverDatabase();
    const version = await database.models.MaterialVersion.findOne({ where: { materialId: Number(bigUrl.split("/").pop()) } });
    await database.close();
    const bigFile = `/files/${version!.id}`;

    const { context, page, errors } = await newPage(browser);
    await signInHome(page, "east.committee2@demo.test");
    // Count the bytes that really arrive for the file (aborted requests included), on a
    // link slow enough (2 MB/s) that fetching the whole file first would show.
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 5, downloadThroughput: 2_000_000, uploadThroughput: -1 });
    const fileRequests = new Set<string>();
    const statuses: number[] = [];
    let bytes = 0;
    cdp.on("Network.requestWillBeSent", (e) => {
      if (e.request.url.endsWith(bigFile)) fileRequests.add(e.requestId);
    });
    cdp.on("Network.responseReceived", (e) => {
      if (fileRequests.has(e.requestId)) statuses.push(e.response.status);
    });
    cdp.on("Network.dataReceived", (e) => {
      if (fileRequests.has(e.requestId)) bytes += e.dataLength;
    });
    await page.goto(bigUrl);
    await renderedPage(page, 1);
    await expect.poll(() => statuses).toContain(206);
    await expect.poll(() => bytes).toBeGreaterThan(0);
    // Give any request that would fetch the whole file time to show up before counting.
    await page.waitForTimeout(500);
    expect(bytes).toBeLessThan(big.length / 2);
    expectNoErrors(errors);
    await context.close();
  });

  it("a committee member pins a comment on page 2; marketing declines it; the member holds it", async () => {
    // Comments are taken in an open round: marketing submits the brochure first.
    expect((await post(materialUrl, { intent: "submit" }, await signInAs("marketer1@demo.test"))).status).toBe(200);
    const member = await newPage(browser);
    await signInHome(member.page, "east.committee1@demo.test");
    await member.page.goto(materialUrl);
    await renderedPage(member.page, 1);
    await member.page.getByRole("button", { name: "Next page" }).click();
    const surface = await renderedPage(member.page, 2);
    await member.page.getByRole("button", { name: "Pin a comment" }).click();
    const box = (await surface.boundingBox())!;
    await member.page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.4);
    await member.page.getByRole("heading", { name: "New comment on page 2" }).waitFor();
    await member.page.getByLabel("Category").selectOption("pricing");
    await member.page.getByLabel("Comment", { exact: true }).fill("The discount shown here ended in March.");
    await member.page.getByRole("button", { name: "Post comment" }).click();
    await member.page.getByTestId("pin-1").waitFor();
    expect(await member.page.getByTestId("comment-1").textContent()).toContain("The discount shown here ended in March.");

    // Marketing sees the pin exactly where it was placed, and declines with a reason.
    const marketer = await newPage(browser);
    await marketer.page.setViewportSize({ width: 1400, height: 900 }); // another screen size, another zoom
    await signInHome(marketer.page, "marketer1@demo.test");
    await marketer.page.goto(materialUrl);
    await hydrated(marketer.page);
    await marketer.page.getByTestId("comment-1").getByRole("button").first().click();
    const markerSurface = await renderedPage(marketer.page, 2);
    const pin = marketer.page.getByTestId("pin-1");
    expect(Number(await pin.getAttribute("data-x"))).toBeCloseTo(0.3, 2);
    expect(Number(await pin.getAttribute("data-y"))).toBeCloseTo(0.4, 2);
    const surfaceBox = (await markerSurface.boundingBox())!;
    const pinBox = (await pin.boundingBox())!;
    // The pin's tip (bottom-left corner) sits on the point.
    expect((pinBox.x - surfaceBox.x) / surfaceBox.width).toBeCloseTo(0.3, 1);
    expect((pinBox.y + pinBox.height - surfaceBox.y) / surfaceBox.height).toBeCloseTo(0.4, 1);

    const thread = marketer.page.getByTestId("comment-1");
    await thread.getByRole("button", { name: "Decline…" }).click();
    await thread.getByRole("button", { name: "Decline with this reason" }).click();
    await thread.getByText("Say why you are declining").waitFor();
    await thread.getByLabel("Why marketing declines").fill("The spring discount was extended to June.");
    await thread.getByRole("button", { name: "Decline with this reason" }).click();
    await thread.getByText("Declined by marketing").waitFor();

    // The member holds it: a dispute.
    await member.page.reload();
    const memberThread = member.page.getByTestId("comment-1");
    await memberThread.getByText("The spring discount was extended to June.").waitFor();
    await memberThread.getByRole("button", { name: "Hold: I still disagree" }).click();
    await memberThread.getByText("Held: disputed").waitFor();
    expect(await memberThread.getByRole("button", { name: "Hold: I still disagree" }).count()).toBe(0);

    for (const p of [member, marketer]) {
      expectNoErrors(p.errors);
      await p.context.close();
    }
  });

  it("a new version carries the held comment over, and compare shows both versions side by side", async () => {
    const { context, page, errors } = await newPage(browser);
    await signInHome(page, "marketer2@demo.test");
    await page.goto(materialUrl);
    await page.getByText("Upload a new version", { exact: true }).click();
    await page.getByLabel("What changed").fill("New discount table on page 2.");
    const v2 = await makePdf({ pages: 5, title: "Spring brochure v2" });
    await page.setInputFiles("details input[name=file]", { name: "spring-brochure-v2.pdf", mimeType: "application/pdf", buffer: v2 });
    await page.getByRole("button", { name: "Upload new version" }).click();
    await page.waitForURL(/\?v=2$/);
    await page.getByTestId("version-2").waitFor();
    expect(await page.getByTestId("version-2").textContent()).toContain("New discount table on page 2.");
    const carried = page.getByTestId("comment-1");
    expect(await carried.textContent()).toContain("Carried over from version 1");
    expect(await carried.getByTestId("comment-state").textContent()).toBe("Held: disputed");
    await renderedPage(page, 1);
    expect(await page.getByTestId("page-indicator").textContent()).toBe("Page 1 of 5");

    await page.getByRole("link", { name: "Compare version 1 with 2" }).click();
    await page.getByRole("heading", { name: "Version 1" }).waitFor();
    const left = page.getByRole("region", { name: "Version 1" });
    const right = page.getByRole("region", { name: "Version 2" });
    await left.locator("[data-testid=page-1] canvas").waitFor();
    await right.locator("[data-testid=page-1] canvas").waitFor();
    await page.getByRole("button", { name: "Next page" }).click();
    await expect.poll(() => page.getByTestId("page-indicator").textContent()).toBe("Page 2 of 5");
    await left.locator("[data-testid=page-2] canvas").waitFor();
    await right.locator("[data-testid=page-2] canvas").waitFor();
    expect(await right.getByTestId("pin-1").count()).toBe(1); // the carried-over pin, on the new version
    for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "Next page" }).click();
    await left.getByText("Version 1 has no page 5.").waitFor();
    expectNoErrors(errors);
    await context.close();
  });

  it("an image fits the width of the viewer", async () => {
    const { context, page, errors } = await newPage(browser);
    await signInHome(page, "marketer1@demo.test");
    const png = await page.screenshot(); // a real PNG, made by the browser itself
    await page.goto("/materials/new");
    await page.getByLabel("Title").fill("Banner");
    await page.getByLabel("Mid-Market West").check();
    await page.setInputFiles("input[name=file]", { name: "banner.png", mimeType: "image/png", buffer: png });
    await page.getByRole("button", { name: "Upload material" }).click();
    await page.waitForURL(/\/materials\/\d+$/);
    const image = page.locator("img.image-page");
    await image.waitFor();
    await page.waitForFunction(() => (document.querySelector("img.image-page") as HTMLImageElement | null)?.complete === true);
    const [imageBox, areaBox] = [await image.boundingBox(), await page.locator(".viewer .page-area").boundingBox()];
    expect(Math.abs(imageBox!.width - areaBox!.width)).toBeLessThan(2);
    expect(await page.getByTestId("page-indicator").textContent()).toBe("Page 1 of 1");
    expectNoErrors(errors);
    await context.close();
  });

  it("a rep of the other team gets 404 for the material and its file", async () => {
    const { context, page } = await newPage(browser);
    await signInHome(page, "west.rep1@demo.test");
    const material = await page.goto(materialUrl);
    expect(material?.status()).toBe(404);
    expect(await page.textContent("body")).toContain("We couldn't find that material.");
    const file = await page.goto(fileUrl);
    expect(file?.status()).toBe(404);
    await context.close();
  });
});
