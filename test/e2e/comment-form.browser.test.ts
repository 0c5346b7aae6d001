import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoErrors, launchBrowser, newPage, signInHome } from "../helpers/browser";
import { post, serverDatabase, signInAs, upload, visibleText } from "../helpers/http";
import { makePdf } from "../helpers/pdf";
import { MAX_COMMENT_LENGTH } from "~/domain/materials";

const TITLE = "Enterprise East comment limits";
const TOO_LONG = "A comment has at most 5,000 characters.";

describe("the material page's comment form in Chromium", () => {
  let browser: Browser;
  let materialPath = "";
  let versionId = 0;

  beforeAll(async () => {
    browser = await launchBrowser();
    const database = serverDatabase();
    const east = (await database.models.SalesTeam.findOne({ where: { name: "Enterprise East" } }))!;
    const marketer = await signInAs("marketer2@demo.test");
    const response = await upload(
      "/materials/upload",
      { title: TITLE, kind: "collateral", description: "", teamIds: String(east.id) },
      { name: "limits.pdf", bytes: await makePdf({ pages: 1, title: TITLE }) },
      marketer,
    );
    expect(response.status).toBe(201);
    materialPath = new URL((await response.json()).url, "http://x").pathname;
    const materialId = Number(materialPath.split("/").pop());
    versionId = (await database.models.MaterialVersion.findOne({ where: { materialId } }))!.id;
    await database.close();
    const submitted = await post(materialPath, { intent: "submit" }, marketer);
    expect(submitted.status).toBe(200);
  });
  afterAll(() => browser?.close());

  it("stops a too-long comment in the browser with the server's own message, and sends it once it fits", async () => {
    const member = await newPage(browser);
    await signInHome(member.page, "east.committee2@demo.test");
    await member.page.goto(materialPath);
    await member.page.getByRole("button", { name: "Comment on the whole document" }).click();
    await member.page.getByLabel("Category").selectOption({ label: "Pricing" });
    const box = member.page.getByLabel("Comment", { exact: true });
    // The limit is the schema's: typing stops there.
    expect(await box.getAttribute("maxlength")).toBe(String(MAX_COMMENT_LENGTH));
    // Text can still arrive past it from a script (an extension, a restored draft): set it as one would.
    await box.evaluate((el, text) => {
      (el as HTMLTextAreaElement).value = text;
    }, "y".repeat(MAX_COMMENT_LENGTH + 1));

    const posts: string[] = [];
    member.page.on("request", (request) => {
      if (request.method() === "POST") posts.push(request.url());
    });
    await member.page.getByRole("button", { name: "Post comment" }).click();
    const described = await box.getAttribute("aria-describedby");
    expect(described).toBeTruthy();
    const message = member.page.locator(`[id="${described}"]`);
    await message.waitFor();
    expect(await message.textContent()).toBe(TOO_LONG);
    expect(posts).toEqual([]);
    expect(await box.evaluate((el) => el === document.activeElement)).toBe(true);

    // The server answers the same text with the same words (a form sent without the page's script).
    const cookie = await signInAs("east.committee2@demo.test");
    const direct = await post(materialPath, { intent: "comment", versionId: String(versionId), category: "pricing", body: "y".repeat(MAX_COMMENT_LENGTH + 1) }, cookie);
    expect(direct.status).toBe(400);
    expect(visibleText(await direct.text())).toContain(TOO_LONG);

    await box.fill("The list price on the cover is last year's.");
    await member.page.getByRole("button", { name: "Post comment" }).click();
    await member.page.getByTestId("comment-1").waitFor();
    expect(posts.length).toBe(1);
    expect(await member.page.getByText(TOO_LONG).count()).toBe(0);
    expectNoErrors(member.errors);
  });
});
