/**
 * Marketing's controls and decisions carried across versions, in Chromium: a draft edited,
 * a running preview withdrawn (the committee is told), and a "to check" item ticked off on
 * version 2.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoErrors, hydrated, launchBrowser, newPage, signInHome } from "../helpers/browser";
import { post, serverDatabase, signInAs, upload } from "../helpers/http";
import { makePdf } from "../helpers/pdf";

describe("marketing controls its material, and decisions carry to the next version", () => {
  let browser: Browser;
  let marketer: string;
  let members: string[];
  let east = 0;
  beforeAll(async () => {
    browser = await launchBrowser();
    const database = serverDatabase();
    east = (await database.models.SalesTeam.findOne({ where: { name: "Enterprise East" } }))!.id;
    await database.close();
    marketer = await signInAs("marketer2@demo.test");
    members = await Promise.all(["east.committee1@demo.test", "east.committee2@demo.test"].map((e) => signInAs(e)));
  });
  afterAll(() => browser?.close());

  const newMaterial = async (title: string) => {
    const response = await upload("/materials/upload", { title, kind: "collateral", teamIds: String(east) }, { name: "c.pdf", bytes: await makePdf({ pages: 2, title }) }, marketer);
    expect(response.status).toBe(201);
    return `/materials/${Number((await response.json()).url.split("/").pop())}`;
  };
  const openRound = async (url: string) => {
    const database = serverDatabase();
    const round = await database.models.PreviewRound.findOne({ where: { materialId: Number(url.split("/").pop()), state: "open" } });
    await database.close();
    return round;
  };
  /** Both committee members approve, so no preview is left in their queues for other files. */
  const approveAll = async (url: string) => {
    const round = await openRound(url);
    for (const member of members) expect((await post(url, { intent: "decide", roundId: String(round!.id), decision: "approved", summary: "Fine." }, member)).status).toBe(200);
  };

  it("a marketer edits a draft, submits it, then withdraws the preview; the committee is told", async () => {
    const url = await newMaterial("Controls: first title");
    const { context, page, errors } = await newPage(browser);
    await signInHome(page, "marketer2@demo.test");
    await page.goto(url);
    await hydrated(page);
    await page.getByText("Edit this draft").click();
    await page.getByLabel("Title").fill("Controls: the better title");
    await page.getByRole("button", { name: "Save the draft" }).click();
    await page.getByRole("heading", { level: 1, name: "Controls: the better title" }).waitFor();

    await page.getByRole("button", { name: "Submit for preview" }).click();
    await page.getByTestId("round-Enterprise East").getByTestId("time-left").waitFor();
    // Submitted, it is no longer a draft to edit.
    expect(await page.getByTestId("edit-draft").count()).toBe(0);
    await page.getByText("Withdraw this preview…").click();
    await page.getByRole("button", { name: "Withdraw the preview" }).click();
    await page.getByTestId("round-Enterprise East").getByText("Withdrawn").waitFor();
    await page.getByRole("button", { name: "Submit for preview" }).waitFor();
    // The marketer's home keeps it in view until it is submitted again.
    await page.goto("/");
    expect(await page.getByTestId("withdrawn-queue").textContent()).toContain("Controls: the better title");

    const database = serverDatabase();
    const told = await database.models.OutboxMessage.findAll({ where: { kind: "preview_withdrawn", subject: "Preview withdrawn: Controls: the better title" } });
    await database.close();
    expect(told.map((m) => m.toEmail).sort()).toEqual(["east.committee1@demo.test", "east.committee2@demo.test"]);
    expect(await openRound(url)).toBeNull();
    expectNoErrors(errors);
    await context.close();
  });

  it("an accepted comment is 'to check' on version 2, and the commenter ticks it off", async () => {
    const url = await newMaterial("Controls: to check");
    expect((await post(url, { intent: "submit" }, marketer)).status).toBe(200);
    const database = serverDatabase();
    const materialId = Number(url.split("/").pop());
    const v1 = (await database.models.MaterialVersion.findOne({ where: { materialId } }))!;
    expect((await post(url, { intent: "comment", versionId: String(v1.id), body: "The phone number on page 2 is wrong.", category: "product_accuracy", page: "2", x: "0.5", y: "0.8" }, members[0])).status).toBe(200);
    const comment = (await database.models.Comment.findOne({ where: { materialId } }))!;
    expect((await post(url, { intent: "answer", commentId: String(comment.id), answer: "accept" }, marketer)).status).toBe(200);
    await approveAll(url);
    const v2 = await upload(`${url}/upload`, { changeNote: "Phone number fixed." }, { name: "c2.pdf", bytes: await makePdf({ pages: 2, title: "v2" }) }, marketer);
    expect(v2.status).toBe(201);
    expect((await post(url, { intent: "submit" }, marketer)).status).toBe(200);

    const { context, page, errors } = await newPage(browser);
    await signInHome(page, "east.committee1@demo.test");
    await page.goto(url);
    await hydrated(page);
    const item = page.getByTestId("comment-1");
    expect(await item.getByTestId("to-check").textContent()).toContain("Accepted on version 1: marketing said it would change.");
    await item.getByRole("button", { name: "Done: it is changed" }).click();
    await item.getByTestId("settled").getByText("Checked: done.").waitFor();
    expect(await item.getByTestId("to-check").count()).toBe(0);
    const checked = await database.models.Comment.findByPk(comment.id);
    expect(checked).toMatchObject({ checkState: "done" });
    await database.close();
    await approveAll(url);
    expectNoErrors(errors);
    await context.close();
  });
});
