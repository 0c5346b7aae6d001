import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expectNoErrors, hydrated, launchBrowser, newPage, renderedPage, signInHome } from "../helpers/browser";
import { serverDatabase, signInAs, upload } from "../helpers/http";
import { runJobsOnce, sweepUntilSent } from "../helpers/jobs";
import { makePdf } from "../helpers/pdf";
import { startSmtp } from "../helpers/smtp";

type Smtp = Awaited<ReturnType<typeof startSmtp>>;

/** The subjects of the messages one address received. */
function subjectsTo(smtp: Smtp, address: string) {
  return smtp.received.filter((m) => m.to.includes(address)).map((m) => m.subject ?? "");
}


const TITLE = "Mid-Market West one-pager";

describe("the whole preview story in Chromium, with email through a real SMTP server", () => {
  let browser: Browser;
  let smtp: Smtp;
  let materialUrl = "";

  beforeAll(async () => {
    [browser, smtp] = await Promise.all([launchBrowser(), startSmtp()]);
    const database = serverDatabase();
    const west = (await database.models.SalesTeam.findOne({ where: { name: "Mid-Market West" } }))!;
    await database.close();
    const marketer = await signInAs("marketer1@demo.test");
    const response = await upload(
      "/materials/upload",
      { title: TITLE, kind: "collateral", description: "One page for the spring campaign.", teamIds: String(west.id) },
      { name: "one-pager.pdf", bytes: await makePdf({ pages: 2, title: TITLE }) },
      marketer,
    );
    expect(response.status).toBe(201);
    materialUrl = new URL((await response.json()).url, "http://x").pathname;
  });
  afterAll(async () => {
    await browser?.close();
    await smtp?.stop();
  });

  it("submit → pin → decline → hold → deadline passes → manager decides → release; everyone hears", async () => {
    // Marketing submits for preview: the West committee has two business days.
    const marketer = await newPage(browser);
    await signInHome(marketer.page, "marketer1@demo.test");
    await marketer.page.goto(materialUrl);
    await marketer.page.getByRole("button", { name: "Submit for preview" }).click();
    const round = marketer.page.getByTestId("round-Mid-Market West");
    await round.getByTestId("time-left").waitFor();
    expect(await round.getByTestId("time-left").textContent()).toMatch(/^due in \d+ days?/);
    expect(await round.textContent()).toContain("not decided yet");
    await marketer.page.goto("/");
    expect(await marketer.page.getByTestId("round-queue").textContent()).toContain(TITLE);

    // A committee member finds it in their queue, pins a comment, and later holds it.
    const member = await newPage(browser);
    await signInHome(member.page, "west.committee1@demo.test");
    const queue = member.page.getByTestId("decision-queue");
    expect(await queue.getByTestId("time-left").first().textContent()).toMatch(/^due in/);
    await queue.getByRole("link", { name: TITLE }).click();
    const surface = await renderedPage(member.page, 1);
    await member.page.getByRole("button", { name: "Pin a comment" }).click();
    const box = (await surface.boundingBox())!;
    await member.page.mouse.click(box.x + box.width * 0.6, box.y + box.height * 0.2);
    await member.page.getByLabel("Category").selectOption("audience");
    await member.page.getByLabel("Comment", { exact: true }).fill("Mid-market buyers are not CIOs; speak to operations leads.");
    await member.page.getByRole("button", { name: "Post comment" }).click();
    await member.page.getByTestId("pin-1").waitFor();

    await marketer.page.goto(materialUrl);
    await hydrated(marketer.page);
    const thread = marketer.page.getByTestId("comment-1");
    await thread.getByRole("button", { name: "Decline…" }).click();
    await thread.getByLabel("Why marketing declines").fill("The campaign targets CIOs on purpose this quarter.");
    await thread.getByRole("button", { name: "Decline with this reason" }).click();
    await thread.getByText("Declined by marketing").waitFor();

    await member.page.reload();
    await hydrated(member.page);
    await member.page.getByTestId("comment-1").getByRole("button", { name: "Hold: I still disagree" }).click();
    await member.page.getByTestId("comment-1").getByText("Held: disputed").waitFor();
    await member.page.getByRole("button", { name: "Decide…" }).click();
    await member.page.getByLabel("Request changes").check();
    await member.page.getByLabel("Summary for marketing and your team").fill("Right offer, wrong audience.");
    await member.page.getByRole("button", { name: "Record my decision" }).click();
    await member.page.getByText("requested changes").waitFor();
    expect(await member.page.getByRole("button", { name: "Decide…" }).count()).toBe(0);

    // The other member never decides. The deadline passes; one sweep of the worker closes
    // the round and escalates the held comment to both managers.
    const database = serverDatabase();
    const materialId = Number(materialUrl.split("/").pop());
    await database.models.PreviewRound.update({ dueAt: new Date(Date.now() - 60_000) }, { where: { materialId, state: "open" } });
    const swept = await runJobsOnce({ DATABASE_URL: inject("databaseUrl"), SMTP_URL: smtp.url });
    expect(swept.roundsClosed).toBeGreaterThanOrEqual(1);
    expect(swept.emailsFailed).toBe(0);
    const escalation = (await database.models.Escalation.findOne({ where: { materialId } }))!;
    expect(escalation.state).toBe("open");
    await database.close();

    await member.page.reload();
    expect(await member.page.getByTestId("round-Mid-Market West").textContent()).toContain("no objection by deadline");
    expect(Number(await member.page.getByTestId("unread-count").textContent())).toBeGreaterThan(0);

    // The sales manager reads the brief: both positions, the pin on its page; decides.
    const manager = await newPage(browser);
    await signInHome(manager.page, "west.manager@demo.test");
    const escalations = manager.page.getByTestId("escalation-queue");
    expect(await escalations.getByTestId("time-left").first().textContent()).toMatch(/^due in/);
    await escalations.getByRole("link", { name: TITLE }).click();
    const brief = manager.page.getByTestId("escalation-brief");
    expect(await brief.getByTestId("sales-position").textContent()).toContain("speak to operations leads");
    expect(await brief.getByTestId("marketing-position").textContent()).toContain("targets CIOs on purpose");
    await renderedPage(manager.page, 1);
    await manager.page.getByTestId("pin-1").waitFor();
    await manager.page.getByLabel("A compromise (write it below)").check();
    await manager.page.getByRole("button", { name: "Decide" }).click();
    await manager.page.getByText("Write the compromise: what marketing will change, and what stays.").waitFor();
    await manager.page.getByLabel("Note to both sides").fill("Keep CIOs in the headline; add an operations paragraph.");
    await manager.page.getByRole("button", { name: "Decide" }).click();
    await manager.page.getByTestId("escalation-decision").waitFor();
    expect(await manager.page.getByTestId("escalation-decision").textContent()).toBe("Compromise");
    expect(await manager.page.getByTestId("escalation-queue").count()).toBe(0);

    // Both sides see the decision; marketing releases; the team hears what is coming.
    await member.page.reload();
    await member.page.getByTestId("comment-1").getByTestId("escalation-link").click();
    await member.page.getByText("Keep CIOs in the headline; add an operations paragraph.").waitFor();
    await marketer.page.goto(materialUrl);
    expect(await marketer.page.getByTestId("comment-1").getByTestId("escalation-link").textContent()).toContain("Compromise");
    await marketer.page.getByRole("button", { name: "Release to the sales teams" }).click();
    await marketer.page.getByText("Released", { exact: true }).waitFor();

    const delivered = await sweepUntilSent({ DATABASE_URL: inject("databaseUrl"), SMTP_URL: smtp.url });
    expect(delivered.emailsFailed).toBe(0);
    const has = (address: string, subject: string) => subjectsTo(smtp, address).some((s) => s.startsWith(subject));
    expect(has("west.committee1@demo.test", `Preview requested: ${TITLE}`)).toBe(true);
    expect(has("west.committee2@demo.test", `Preview requested: ${TITLE}`)).toBe(true);
    expect(has("west.committee1@demo.test", `Marketing declined your comment`)).toBe(true);
    expect(has("marketer1@demo.test", `Preview closed: ${TITLE}`)).toBe(true);
    expect(has("west.manager@demo.test", `Escalation for your decision: ${TITLE}`)).toBe(true);
    expect(has("marketing.manager@demo.test", `Escalation for your decision: ${TITLE}`)).toBe(true);
    expect(has("west.committee1@demo.test", `Decision on "${TITLE}": Compromise`)).toBe(true);
    expect(has("marketer1@demo.test", `Decision on "${TITLE}": Compromise`)).toBe(true);
    for (const person of ["west.rep1", "west.rep2", "west.committee1", "west.committee2"]) {
      expect(has(`${person}@demo.test`, `Coming to customers: ${TITLE}`)).toBe(true);
    }
    // Nothing went out twice: each message has its own Message-ID.
    const ids = smtp.received.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);

    for (const p of [marketer, member, manager]) {
      expectNoErrors(p.errors);
      await p.context.close();
    }
  });
});
