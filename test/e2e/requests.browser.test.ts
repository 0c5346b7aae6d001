import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expectNoErrors, launchBrowser, newPage, signInHome } from "../helpers/browser";
import { seriousViolations } from "../helpers/axe";
import { post, serverDatabase, signInAs, upload } from "../helpers/http";
import { sweepUntilSent } from "../helpers/jobs";
import { makePdf } from "../helpers/pdf";
import { startSmtp } from "../helpers/smtp";

const NEED = "Requests: a pricing one-pager for mid-market";
const TITLE = "Requests: Mid-market pricing one-pager";

describe("a rep asks for material that does not exist, and hears when it is released", () => {
  let browser: Browser;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;

  beforeAll(async () => {
    [browser, smtp] = await Promise.all([launchBrowser(), startSmtp()]);
  });
  afterAll(async () => {
    await browser?.close();
    await smtp?.stop();
  });

  it("a rep files a request with their own version; marketing answers it with a new material; at its release the rep is told in the app and by email", async () => {
    const example = await makePdf({ pages: 2, title: "My own pricing sheet" });
    const nextYear = new Date().getUTCFullYear() + 1;

    // The rep asks, with their own version attached.
    const rep = await newPage(browser);
    await signInHome(rep.page, "east.rep2@demo.test");
    await rep.page.getByRole("link", { name: "Requests", exact: true }).click();
    expect(await seriousViolations(rep.page)).toEqual([]);
    await rep.page.getByRole("link", { name: "Ask for material" }).click();
    await rep.page.getByLabel("What you need").waitFor();
    expect(await seriousViolations(rep.page)).toEqual([]);
    await rep.page.getByLabel("What you need").fill(NEED);
    await rep.page.getByLabel("For which customers").fill("Mid-market manufacturers, 200–500 staff");
    await rep.page.getByLabel("Needed by").fill("2020-01-01");
    await rep.page.getByLabel("Your own version, as an example (optional)").setInputFiles({ name: "my-pricing.pdf", mimeType: "application/pdf", buffer: Buffer.from(example) });
    await rep.page.getByRole("button", { name: "Send the request" }).click();
    // A day in the past: said beside the field, and nothing is filed.
    await expect.poll(() => rep.page.locator(".field-error").first().textContent()).toMatch(/That day is in the past: enter \d{4}-\d{2}-\d{2} or later\./);
    const database = serverDatabase();
    try {
      expect(await database.models.MaterialRequest.count({ where: { need: NEED } })).toBe(0);
    } finally {
      await database.close();
    }
    await rep.page.getByLabel("Needed by").fill(`${nextYear}-03-31`);
    await rep.page.getByRole("button", { name: "Send the request" }).click();
    await rep.page.waitForURL(/\/requests\/\d+$/);
    const requestPath = new URL(rep.page.url()).pathname;
    await rep.page.getByRole("heading", { name: NEED }).waitFor();
    expect(await rep.page.getByTestId("request-state").textContent()).toBe("Open");
    // The example comes back through the checked route, byte for byte, as an attachment.
    const link = rep.page.getByTestId("example-link");
    expect(await link.textContent()).toBe("my-pricing.pdf");
    const download = await rep.page.request.get((await link.getAttribute("href"))!);
    expect(download.status()).toBe(200);
    expect(download.headers()["content-disposition"]).toMatch(/^attachment/);
    expect(Buffer.from(await download.body())).toEqual(Buffer.from(example));

    // Marketing makes a new material for it, and answers the request with it.
    const marketerCookie = await signInAs("marketer1@demo.test");
    const db = serverDatabase();
    const east = (await db.models.SalesTeam.findOne({ where: { name: "Enterprise East" } }))!.id;
    await db.close();
    const uploaded = await upload("/materials/upload", { title: TITLE, kind: "collateral", description: "Made for the field's request.", teamIds: String(east) }, { name: "one-pager.pdf", bytes: await makePdf({ pages: 1, title: TITLE }) }, marketerCookie);
    expect(uploaded.status).toBe(201);
    const materialId = Number((await uploaded.json()).url.split("/").pop());

    const marketer = await newPage(browser);
    await signInHome(marketer.page, "marketer1@demo.test");
    await marketer.page.goto(requestPath);
    expect(await seriousViolations(marketer.page)).toEqual([]);
    await marketer.page.getByLabel("Material for the requester's team").selectOption(String(materialId));
    await marketer.page.getByRole("button", { name: "Answer with this material" }).click();
    await marketer.page.getByTestId("answer").getByText("(made for this request, not released yet)").waitFor();
    expect(await marketer.page.getByTestId("request-state").textContent()).toBe("Answered");

    // The committee approves it and marketing releases it.
    const members = await Promise.all(["east.committee1@demo.test", "east.committee2@demo.test"].map((e) => signInAs(e)));
    expect((await post(`/materials/${materialId}`, { intent: "submit" }, marketerCookie)).status).toBe(200);
    const db2 = serverDatabase();
    const round = (await db2.models.PreviewRound.findOne({ where: { materialId } }))!;
    await db2.close();
    for (const member of members) {
      expect((await post(`/materials/${materialId}`, { intent: "decide", roundId: String(round.id), decision: "approved", summary: "Fine." }, member)).status).toBe(200);
    }
    expect((await post(`/materials/${materialId}`, { intent: "release", confirm: "yes" }, marketerCookie)).status).toBe(200);

    // The rep is told: in the app …
    const subject = `Released: "${TITLE}", the material you asked for`;
    await rep.page.goto("/notifications");
    await rep.page.getByText(subject).waitFor();
    await rep.page.goto(requestPath);
    await rep.page.getByTestId("answer").getByText("(made for this request, released)").waitFor();
    // … and by email, once.
    await sweepUntilSent({ DATABASE_URL: inject("databaseUrl"), SMTP_URL: smtp.url });
    const mails = smtp.received.filter((m) => m.to.includes("east.rep2@demo.test") && m.subject === subject);
    expect(mails).toHaveLength(1);
    expect(mails[0].raw).toContain(`/materials/${materialId}`);
    // Their manager heard of the answer too.
    expect(smtp.received.some((m) => m.to.includes("east.manager@demo.test") && m.subject === `Marketing answered the request "${NEED}"`)).toBe(true);

    expectNoErrors(rep.errors);
    expectNoErrors(marketer.errors);
  });

  it("a request past its date shows on the homes of the marketing head and the team's sales manager, and nobody else's", async () => {
    const NEED_LATE = "Requests: a battlecard that is late";
    const database = serverDatabase();
    try {
      const rep = (await database.models.User.findOne({ where: { email: "east.rep2@demo.test" } }))!;
      const east = (await database.models.SalesTeam.findOne({ where: { name: "Enterprise East" } }))!;
      // Filed weeks ago for a day now gone: the row as time leaves it (a new one cannot be filed for the past).
      const filed = new Date(Date.now() - 30 * 86_400_000);
      await database.models.MaterialRequest.create({ requesterId: rep.id, teamId: east.id, need: NEED_LATE, customers: "Everyone", neededBy: "2020-01-02", state: "accepted", createdAt: filed, updatedAt: filed });
    } finally {
      await database.close();
    }
    for (const [email, sees] of [
      ["vp.marketing@demo.test", true],
      ["east.manager@demo.test", true],
      ["west.manager@demo.test", false],
      ["marketer1@demo.test", false],
    ] as const) {
      const { page, errors, context } = await newPage(browser);
      await signInHome(page, email);
      const queue = page.getByTestId("overdue-requests");
      if (sees) {
        await queue.getByRole("link", { name: NEED_LATE }).waitFor();
        expect(await queue.textContent()).toContain("needed by 2020-01-02");
      } else {
        expect(await queue.getByText(NEED_LATE).count()).toBe(0);
      }
      expectNoErrors(errors);
      await context.close();
    }
  });
});
