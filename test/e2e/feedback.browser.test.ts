import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoErrors, launchBrowser, newPage, signInHome } from "../helpers/browser";
import { seriousViolations } from "../helpers/axe";
import { baseUrl, post, signInAs, visibleText } from "../helpers/http";
import { inDatabase, releasedBrochure } from "../helpers/released";

describe("feedback from the field on a released brochure", () => {
  let browser: Browser;
  let brochure: number;
  const title = "Field: Mid-market brochure";
  beforeAll(async () => {
    browser = await launchBrowser();
    brochure = (await releasedBrochure(title, 3)).id;
  });
  afterAll(() => browser?.close());

  it("a rep posts it, the marketer answers from From the field, and the library card counts it", async () => {
    const rep = await newPage(browser);
    await signInHome(rep.page, "east.rep1@demo.test");
    await rep.page.goto(`/materials/${brochure}`);
    const section = rep.page.locator("#from-the-field");
    await section.getByText("Tell marketing how it went").click();
    const form = section.getByTestId("feedback-form");
    const feedbackRows = () => inDatabase((d) => d.models.FieldFeedback.count({ where: { materialId: brochure } }));

    // Nothing chosen: the browser's own check, with the server's message, beside the text.
    await form.getByRole("button", { name: "Post feedback" }).click();
    await expect.poll(() => form.locator(".field-error").allTextContents()).toEqual(["Write what happened with the customer."]);
    // The text, but no outcome or segment, and a page the brochure does not have: the server says so beside each field.
    await form.getByLabel("What happened").fill("Mid-market prospects want pricing up front.");
    await form.getByLabel("Page it concerns (optional)").fill("9");
    await form.getByRole("button", { name: "Post feedback" }).click();
    await expect.poll(() => form.locator(".field-error").allTextContents()).toEqual(["Say how it went: worked, mixed or didn't work.", "Choose the customer segment or industry."]);
    await form.getByLabel("Didn't work").check();
    await form.getByLabel("Customer segment or industry").selectOption({ label: "Mid-market" });
    await form.getByRole("button", { name: "Post feedback" }).click();
    await expect.poll(() => form.locator(".field-error").allTextContents()).toEqual(["Page 9 does not exist: the released version has 3 pages. Enter 1 to 3, or leave it empty."]);
    expect(await feedbackRows()).toBe(0);
    // The errors beside their fields, the outcomes under their legend: nothing for a screen reader to trip on.
    expect(await seriousViolations(rep.page)).toEqual([]);

    await form.getByLabel("Page it concerns (optional)").fill("2");
    await form.getByRole("button", { name: "Post feedback" }).click();
    const entry = section.getByTestId("feedback-list").locator("li.thread");
    await expect.poll(() => entry.first().textContent()).toMatch(/Didn't work · Mid-market · page 2 · Eli Brooks \(Enterprise East\)/);
    expect(await entry.first().textContent()).toContain("Mid-market prospects want pricing up front.");
    expect(await feedbackRows()).toBe(1);
    expectNoErrors(rep.errors);
    await rep.context.close();

    // The owner hears of it, and answers from their From the field page.
    const owner = await newPage(browser);
    await signInHome(owner.page, "marketer2@demo.test");
    await owner.page.getByRole("link", { name: "From the field" }).click();
    await owner.page.getByRole("heading", { level: 1, name: "From the field" }).waitFor();
    const item = owner.page.getByTestId("field-feedback").locator("li.thread").filter({ hasText: title });
    expect(await item.textContent()).toMatch(/Didn't work · Mid-market · page 2 · Eli Brooks/);
    await item.getByLabel("Reply").fill("Thanks: version 2 puts a price sheet on page 2.");
    await item.getByRole("button", { name: "Reply" }).click();
    await expect.poll(() => item.locator(".replies").textContent()).toBe("Theo Brandt: Thanks: version 2 puts a price sheet on page 2.");
    await expect.poll(() => item.getByLabel("Reply").inputValue()).toBe("");
    expect(await seriousViolations(owner.page)).toEqual([]);
    expectNoErrors(owner.errors);
    await owner.context.close();

    const mail = await inDatabase(async (d) => {
      const repId = (await d.models.User.findOne({ where: { email: "east.rep1@demo.test" } }))!.id;
      return {
        posted: (await d.models.OutboxMessage.findAll({ where: { kind: "feedback_posted" } })).map((m) => [m.toEmail, m.subject]),
        // Other stories may have answered this rep's feedback elsewhere: this brochure's thread only.
        replied: (await d.models.OutboxMessage.findAll({ where: { kind: "feedback_replied", userId: repId } })).map((m) => m.subject).filter((subject) => subject.includes(title)),
      };
    });
    expect(mail.posted).toEqual(
      expect.arrayContaining([
        ["marketer2@demo.test", `Feedback from the field on "${title}": Didn't work`],
        ["vp.marketing@demo.test", `Feedback from the field on "${title}": Didn't work`],
      ]),
    );
    expect(mail.replied).toEqual([`Theo Brandt replied to feedback on "${title}"`]);

    // The library card counts it.
    const reader = await newPage(browser);
    await signInHome(reader.page, "east.rep2@demo.test");
    await reader.page.goto(`/library?q=${encodeURIComponent(title)}`);
    const card = reader.page.getByTestId("library").locator("li.card").filter({ hasText: title });
    expect(await card.getByTestId("feedback-count").textContent()).toBe("1 from the field");
    expectNoErrors(reader.errors);
    await reader.context.close();
  });

  it("the routes refuse, with a message and the right status, and write nothing", async () => {
    const [rep, marketer, west, admin] = await Promise.all(["east.rep2@demo.test", "marketer1@demo.test", "west.rep1@demo.test", "admin@demo.test"].map((e) => signInAs(e)));
    const midMarket = String(await inDatabase(async (d) => (await d.models.CustomerSegment.findOne({ where: { name: "Mid-market" } }))!.id));
    const counts = () => inDatabase(async (d) => [await d.models.FieldFeedback.count(), await d.models.FeedbackReply.count(), await d.models.CustomerSegment.count()]);
    const before = await counts();
    const path = `/materials/${brochure}/feedback`;
    const good = { intent: "feedback", outcome: "mixed", segmentId: midMarket, body: "Liked the layout, asked for a shorter version." };

    const asMarketer = await post(path, good, marketer);
    expect(asMarketer.status).toBe(403);
    expect(visibleText(await asMarketer.text())).toContain("Only sales reps of the teams this material is for post feedback from the field.");
    expect((await post(path, good, west)).status).toBe(404);
    const empty = await post(path, { ...good, body: " ", outcome: "" }, rep);
    expect(empty.status).toBe(400);
    expect((await empty.json()).errors).toEqual({ outcome: "Say how it went: worked, mixed or didn't work.", body: "Write what happened with the customer." });
    const control = await post(path, { ...good, body: "Pricing\u0000up front" }, rep);
    expect(control.status).toBe(400);
    expect((await control.json()).errors.body).toMatch(/invisible control characters/);
    const feedbackId = String(await inDatabase(async (d) => (await d.models.FieldFeedback.findOne({ where: { materialId: brochure } }))!.id));
    const strangerReply = await post(path, { intent: "reply", feedbackId, body: "Same here." }, rep);
    expect(strangerReply.status).toBe(403);
    const taken = await post("/admin/segments", { intent: "save", name: "mid-MARKET" }, admin);
    expect(taken.status).toBe(409);
    expect(visibleText(await taken.text())).toContain("There is already a segment called “Mid-market”.");
    expect(await counts()).toEqual(before);

    // Without JavaScript the browser asks for a page: a post that succeeds goes back where it came from.
    const page = `${baseUrl()}/materials/${brochure}`;
    const plain = await fetch(baseUrl() + path, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: baseUrl(), Cookie: rep, Accept: "text/html", Referer: page },
      body: new URLSearchParams(good),
    });
    expect(plain.status).toBe(302);
    expect(plain.headers.get("location")).toBe(page);
    expect((await counts())[0]).toBe(before[0] + 1);
  });

  it("the admin keeps the segments: a name taken in another case is refused beside the field; an archived one is no longer offered", async () => {
    const admin = await newPage(browser);
    await signInHome(admin.page, "admin@demo.test");
    await admin.page.goto("/admin");
    await admin.page.getByRole("link", { name: "Customer segments" }).click();
    const add = admin.page.getByRole("region", { name: "Add a segment" });
    await add.getByLabel("Name").fill("Field retail");
    await add.getByRole("button", { name: "Add the segment" }).click();
    const row = admin.page.getByTestId("segments").locator("tr").filter({ hasText: "Field retail" });
    await row.waitFor();
    await add.getByLabel("Name").fill("FIELD RETAIL");
    await add.getByRole("button", { name: "Add the segment" }).click();
    await expect.poll(() => add.locator(".field-error").textContent()).toBe("There is already a segment called “Field retail”.");
    expect(await seriousViolations(admin.page)).toEqual([]);
    await row.getByRole("button", { name: "Archive Field retail" }).click();
    await expect.poll(() => row.locator("td").nth(2).textContent()).toBe("Archived");
    expectNoErrors(admin.errors);
    await admin.context.close();

    const rep = await newPage(browser);
    await signInHome(rep.page, "east.rep1@demo.test");
    await rep.page.goto(`/materials/${brochure}`);
    const options = await rep.page.getByLabel("Customer segment or industry").locator("option").allTextContents();
    expect(options).toContain("Mid-market");
    expect(options).not.toContain("Field retail");
    expectNoErrors(rep.errors);
    await rep.context.close();
  });
});
