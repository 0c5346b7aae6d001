import ICAL from "ical.js";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "~/lib/db.server";
import { expectNoErrors, hydrated, launchBrowser, newPage } from "../helpers/browser";
import { DEMO_PASSWORD } from "../helpers/http";
import { makePdf } from "../helpers/pdf";
import { startServer, type RunningServer } from "../helpers/server";

/** The events of an iCalendar feed, read by a real parser (ical.js). */
function parseFeed(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents("vevent").map((v) => {
    const event = new ICAL.Event(v);
    return { uid: event.uid, summary: event.summary, start: event.startDate.toString(), allDay: event.startDate.isDate };
  });
}

const YEAR = String(new Date().getUTCFullYear() + 1);

/**
 * The yearly loop in Chromium, on a server of its own (confirming a pre-plan changes a
 * team's committee, which the other end-to-end files rely on).
 */
describe("the yearly plan loop in Chromium", () => {
  let server: RunningServer;
  let browser: Browser;
  let database: Database;
  const pages: { page: Page; errors: string[]; close(): Promise<void> }[] = [];

  async function as(email: string) {
    const { context, page, errors } = await newPage(browser, server.url);
    await page.goto("/login");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { level: 1, name: /^Welcome, / }).waitFor();
    const entry = { page, errors, close: () => context.close() };
    pages.push(entry);
    return page;
  }
  async function openPlanPage(page: Page) {
    await page.getByRole("link", { name: "Plans" }).first().click();
    await page.getByTestId("plans").locator("tr", { hasText: "Mid-Market West" }).getByRole("link").nth(1).click();
    await page.getByRole("heading", { name: `Mid-Market West · ${YEAR}` }).waitFor();
  }
  async function feedOf(page: Page) {
    await page.goto("/account/calendar");
    await page.getByRole("button", { name: /Make a (new link|calendar link)/ }).click();
    const url = await page.getByLabel(/Your calendar link/).inputValue();
    expect(url).toMatch(/\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    return url.replace(/^https?:\/\/[^/]+/, server.url);
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ JOBS: "off" }), launchBrowser()]);
    database = openDatabase({ url: server.databaseUrl });
  });
  afterAll(async () => {
    for (const p of pages) await p.close().catch(() => undefined);
    await database?.close();
    await browser?.close();
    const code = await server?.stop("SIGTERM");
    expect(code).toBe(0);
  });

  it("pre-plan → both heads confirm → plan with an explained deviation → the whole team previews → an escalation decided", async () => {
    // Marketing drafts the pre-plan; the form refuses a strategy without a metric first.
    const marketer = await as("marketer1@demo.test");
    await openPlanPage(marketer);
    const form = marketer.getByRole("form", { name: "Pre-plan" });
    await form.getByLabel("Sales goals for the year").fill("Win 40 new mid-market logos.");
    await form.getByLabel("Marketing goals for the year").fill("300 qualified leads from manufacturing.");
    await form.getByLabel("Strategy 1: what").fill("Webinar series for plant managers");
    await form.getByLabel("Strategy 1: target").fill("120 sign-ups");
    await form.getByLabel("Strategy 1: owner").selectOption({ index: 1 });
    await form.getByLabel("Strategy 1: date").fill(`${YEAR}-06-30`);
    // Reviewers: one of today's committee, and west.rep1 (west.rep2 stays an ordinary rep).
    for (const email of ["west.committee1@demo.test", "west.rep1@demo.test"]) {
      const person = (await database.models.User.findOne({ where: { email } }))!;
      await form.locator("fieldset", { hasText: "review creative" }).getByLabel(person.name).check();
    }
    await form.getByLabel("Marketing's plan presentation to the team").fill(`${YEAR}-01-20`);
    await form.getByLabel("Strategies that will not involve sales").fill("Podcast sponsorships.");
    await form.getByLabel("Next year's prospect profile").fill("Manufacturers with 200–2,000 staff.");
    await form.getByLabel("Why it differs from today's customers and pipeline").fill("Retail margins fell; manufacturing budgets grew.");
    await form.getByLabel("Recommended changes to materials and tactics sales uses, and why").fill("A shorter first-call deck.");
    await form.getByRole("button", { name: "Create the pre-plan" }).click();
    await marketer.getByText("Lead strategy 1: say how it is measured (the metric).", { exact: false }).waitFor();
    await form.getByLabel("Strategy 1: metric").fill("Registrations");
    await form.getByRole("button", { name: "Create the pre-plan" }).click();
    await marketer.getByTestId("agreement").getByText("Being agreed").waitFor();
    expect(await marketer.getByTestId("strategies").textContent()).toContain("Registrations");

    // Both heads confirm; the reviewers become West's committee.
    for (const head of ["west.manager@demo.test", "vp.marketing@demo.test"]) {
      const page = await as(head);
      await openPlanPage(page);
      await page.getByRole("button", { name: "Confirm the pre-plan" }).click();
      // The first head's "confirmed by" is already on the page; the button going away is this head's.
      await page.getByRole("button", { name: "Confirm the pre-plan" }).waitFor({ state: "detached" });
    }
    await marketer.reload();
    await marketer.getByTestId("agreement").getByText("Agreed", { exact: true }).waitFor();
    const west = (await database.models.SalesTeam.findOne({ where: { name: "Mid-Market West" } }))!;
    const seats = await database.models.TeamMembership.findAll({ where: { teamId: west.id, isCommittee: true }, include: [{ association: "user" }] });
    const reviewerNames = seats.map((s) => s.user!.name).sort();
    expect(seats).toHaveLength(2);

    // Marketing uploads the plan, lists a deviation; unexplained, it blocks submission by name.
    const planPage = new URL(marketer.url()).pathname;
    await marketer.getByRole("link", { name: "Upload the plan" }).click();
    await marketer.setInputFiles("input[name=file]", { name: "plan.pdf", mimeType: "application/pdf", buffer: await makePdf({ pages: 3, title: "West plan" }) });
    await marketer.getByRole("button", { name: "Upload the plan" }).click();
    await marketer.waitForURL(/\/materials\/\d+$/);
    const planUrl = new URL(marketer.url()).pathname;
    await marketer.goto(planPage);
    const add = marketer.getByRole("form", { name: "Add a deviation" });
    await add.getByLabel("Deviation").selectOption("strategy_dropped");
    await add.getByLabel("What differs").fill("No trade fair in Q2");
    await add.getByRole("button", { name: "Add the deviation" }).click();
    await marketer.getByTestId("plan-blocker").getByText("Explain the deviation “No trade fair in Q2” before submitting the plan.").waitFor();
    await marketer.goto(planUrl);
    expect(await marketer.getByTestId("submit-blocker").textContent()).toContain("No trade fair in Q2");
    await marketer.goto(planPage);
    await marketer.getByLabel("Explanation for No trade fair in Q2").fill("The organiser cancelled the fair.");
    await marketer.getByRole("button", { name: "Save explanation" }).click();
    await marketer.getByText("Ready: submit it for preview").waitFor();
    await marketer.goto(planUrl);
    await marketer.getByRole("button", { name: "Submit for preview" }).click();
    await marketer.getByTestId("round-Mid-Market West").getByTestId("time-left").waitFor();

    // A rep who is not on the committee reads the plan and comments; marketing declines; the rep holds.
    const rep = await as("west.rep2@demo.test");
    const repFeed = parseFeed(await (await fetch(await feedOf(rep))).text());
    expect(repFeed.map((e) => e.summary).sort()).toEqual([`Plan presentation: Mid-Market West ${YEAR}`, `Preview closes: Mid-Market West marketing plan ${YEAR} (Mid-Market West)`].sort());
    expect(repFeed.find((e) => e.summary.startsWith("Plan presentation"))).toMatchObject({ start: `${YEAR}-01-20`, allDay: true });
    await rep.goto(planUrl);
    await hydrated(rep);
    await rep.getByRole("button", { name: "Comment on the whole document" }).click();
    await rep.getByLabel("Category").selectOption("audience");
    await rep.getByLabel("Comment", { exact: true }).fill("Plant managers do not buy; target operations directors.");
    await rep.getByRole("button", { name: "Post comment" }).click();
    await rep.getByTestId("comment-1").waitFor();

    await marketer.reload();
    await hydrated(marketer);
    await marketer.getByTestId("comment-1").getByRole("button", { name: "Decline…" }).click();
    await marketer.getByLabel("Why marketing declines").fill("Plant managers shortlist vendors; directors sign later.");
    await marketer.getByRole("button", { name: "Decline with this reason" }).click();
    await marketer.getByTestId("comment-1").getByText("Declined by marketing").waitFor();
    await rep.reload();
    await rep.getByRole("button", { name: "Hold: I still disagree" }).click();
    await rep.getByText("Held: disputed").waitFor();

    // The committee decides; the round closes and the held comment escalates.
    for (const seat of seats) {
      const member = await as(seat.user!.email);
      await member.goto(planUrl);
      await hydrated(member);
      await member.getByRole("button", { name: "Decide…" }).click();
      await member.getByLabel("Approve").check();
      await member.getByLabel("Summary for marketing and your team").fill("Fine apart from the audience question.");
      await member.getByRole("button", { name: "Record my decision" }).click();
      // Wait for this member's own decision, not the first member's already on the page.
      await member.locator("li.decision-approved", { hasText: seat.user!.name }).waitFor();
    }

    // The sales manager's feed holds the presentation and the escalation's deadline; then decides it.
    const manager = await as("west.manager@demo.test");
    const managerFeed = parseFeed(await (await fetch(await feedOf(manager))).text());
    expect(managerFeed.map((e) => e.summary).sort()).toEqual([`Decide escalation: Mid-Market West marketing plan ${YEAR}`, `Plan presentation: Mid-Market West ${YEAR}`]);
    await manager.goto("/");
    await manager.getByTestId("escalation-queue").getByRole("link").first().click();
    expect(await manager.getByTestId("sales-position").textContent()).toContain("target operations directors");
    // Two managers are addressed: the sales manager proposes, marketing's manager agrees.
    await manager.getByLabel("Overrule it: proceed as is").check();
    await manager.getByRole("button", { name: "Propose" }).click();
    await manager.getByTestId("open-proposal").getByText("You proposed").waitFor();
    const escalationUrl = manager.url();
    const marketingManager = await as("marketing.manager@demo.test");
    await marketingManager.goto(escalationUrl);
    await hydrated(marketingManager);
    await marketingManager.getByRole("button", { name: "Agree: make it the decision" }).click();
    await marketingManager.getByTestId("escalation-decision").waitFor();

    // One page per team and year: pre-plan and plan, the deviation, the comment and the decision.
    await openPlanPage(rep);
    const plan = rep.getByTestId("plan");
    expect(await plan.getByTestId("deviations").textContent()).toContain("The organiser cancelled the fair.");
    expect(await plan.getByTestId("plan-comments").textContent()).toContain("Escalated · Overruled: proceed as is");
    const prePlanText = await rep.getByTestId("pre-plan").textContent();
    for (const name of reviewerNames) expect(prePlanText).toContain(name);

    // A revoked feed link answers 410 with a message.
    const link = await feedOf(manager);
    await manager.getByRole("button", { name: "Revoke my link" }).click();
    await manager.getByText("Your calendar link was revoked").waitFor();
    const revoked = await fetch(link);
    expect(revoked.status).toBe(410);
    expect(await revoked.text()).toContain("This calendar link was revoked.");

    for (const p of pages) expectNoErrors(p.errors);
  });
});
