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

  let escalationUrl = "";
  let materialId = 0;
  type Person = Awaited<ReturnType<typeof newPage>>;
  const people: Person[] = [];
  const person = async (email: string) => {
    const p = await newPage(browser);
    await signInHome(p.page, email);
    people.push(p);
    return p;
  };
  afterAll(async () => {
    for (const p of people) expectNoErrors(p.errors);
  });

  it("submit → pin → decline → hold → request changes → the deadline passes and the dispute escalates", async () => {
    // Marketing submits for preview: the West committee has two business days.
    const marketer = await person("marketer1@demo.test");
    await marketer.page.goto(materialUrl);
    await marketer.page.getByRole("button", { name: "Submit for preview" }).click();
    const round = marketer.page.getByTestId("round-Mid-Market West");
    await round.getByTestId("time-left").waitFor();
    expect(await round.getByTestId("time-left").textContent()).toMatch(/^due in \d+ days?/);
    expect(await round.textContent()).toContain("not decided yet");
    await marketer.page.goto("/");
    expect(await marketer.page.getByTestId("round-queue").textContent()).toContain(TITLE);

    // A committee member finds it in their queue, pins a comment, and later holds it.
    const member = await person("west.committee1@demo.test");
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

    // The commenter's home asks them to withdraw or hold it.
    await member.page.goto("/");
    expect(await member.page.getByTestId("settle-queue").textContent()).toContain("The campaign targets CIOs on purpose");
    await member.page.goto(materialUrl);
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
    materialId = Number(materialUrl.split("/").pop());
    await database.models.PreviewRound.update({ dueAt: new Date(Date.now() - 60_000) }, { where: { materialId, state: "open" } });
    const swept = await runJobsOnce({ DATABASE_URL: inject("databaseUrl"), SMTP_URL: smtp.url });
    expect(swept.roundsClosed).toBeGreaterThanOrEqual(1);
    expect(swept.emailsFailed).toBe(0);
    const escalation = (await database.models.Escalation.findOne({ where: { materialId } }))!;
    expect(escalation.state).toBe("open");
    escalationUrl = `/escalations/${escalation.id}`;
    await database.close();

    await member.page.reload();
    expect(await member.page.getByTestId("round-Mid-Market West").textContent()).toContain("no objection by deadline");
    expect(Number(await member.page.getByTestId("unread-count").textContent())).toBeGreaterThan(0);
  });

  it("two managers decide the dispute: propose → counter → agree, with a discussion a rep of the team never sees", async () => {
    // The sales manager reads the brief: both positions, the pin on its page; proposes.
    const sales = await person("west.manager@demo.test");
    const escalations = sales.page.getByTestId("escalation-queue");
    expect(await escalations.getByTestId("time-left").first().textContent()).toMatch(/^due in/);
    await escalations.getByRole("link", { name: TITLE }).click();
    const brief = sales.page.getByTestId("escalation-brief");
    expect(await brief.getByTestId("sales-position").textContent()).toContain("speak to operations leads");
    expect(await brief.getByTestId("marketing-position").textContent()).toContain("targets CIOs on purpose");
    await renderedPage(sales.page, 1);
    await sales.page.getByTestId("pin-1").waitFor();
    await hydrated(sales.page);
    await sales.page.getByLabel("Your message").fill("Operations leads sign off on mid-market deals.");
    await sales.page.getByRole("button", { name: "Post to the discussion" }).click();
    await sales.page.getByTestId("discussion").getByText("Operations leads sign off on mid-market deals.").waitFor();
    await sales.page.getByLabel("Uphold the comment: marketing changes it").check();
    await sales.page.getByRole("button", { name: "Propose" }).click();
    await sales.page.getByTestId("open-proposal").getByText("You proposed").waitFor();
    expect(await sales.page.getByTestId("escalation-decision").count()).toBe(0);

    // Marketing's manager counter-proposes a compromise (its text is required).
    const marketing = await person("marketing.manager@demo.test");
    await marketing.page.goto(escalationUrl);
    await hydrated(marketing.page);
    expect(await marketing.page.getByTestId("open-proposal").textContent()).toContain("Wes Carter proposes: Upheld: marketing changes it");
    expect(await marketing.page.getByTestId("discussion").textContent()).toContain("Operations leads sign off");
    await marketing.page.getByLabel("A compromise (write it below)").check();
    await marketing.page.getByRole("button", { name: "Counter-propose" }).click();
    await marketing.page.getByText("Write the compromise: what marketing will change, and what stays.").waitFor();
    await marketing.page.getByLabel("Note to both sides").fill("Keep CIOs in the headline; add an operations paragraph.");
    await marketing.page.getByRole("button", { name: "Counter-propose" }).click();
    await marketing.page.getByTestId("open-proposal").getByText("You proposed").waitFor();

    // A rep of the team sees that a decision is pending, never the brief or the discussion.
    const rep = await person("west.rep1@demo.test");
    await rep.page.goto(escalationUrl);
    await rep.page.getByTestId("outcome-only").waitFor();
    const repText = (await rep.page.locator("main").textContent()) ?? "";
    expect(repText).not.toContain("Operations leads sign off");
    expect(repText).not.toContain("targets CIOs on purpose");
    expect(repText).not.toContain("Keep CIOs in the headline");

    // The sales manager agrees to the counter-proposal: that is the decision.
    await sales.page.reload();
    await hydrated(sales.page);
    expect(await sales.page.getByTestId("open-proposal").textContent()).toContain("Maya Lin proposes: Compromise");
    await sales.page.getByRole("button", { name: "Agree: make it the decision" }).click();
    await sales.page.getByTestId("escalation-decision").waitFor();
    expect(await sales.page.getByTestId("escalation-decision").textContent()).toBe("Compromise");
    expect(await sales.page.getByTestId("proposals").textContent()).toContain("replaced by a counter-proposal");
    await sales.page.goto("/");
    expect(await sales.page.getByTestId("escalation-queue").count()).toBe(0);

    // The rep now sees the outcome, still not the discussion.
    await rep.page.reload();
    await rep.page.getByTestId("escalation-decision").waitFor();
    expect(await rep.page.getByTestId("escalation-decision").textContent()).toBe("Compromise");
    expect(await rep.page.locator("main").textContent()).not.toContain("Operations leads sign off");
  });

  it("the release is blocked by the request for changes; released over the objection once the managers overrule it; everyone hears", async () => {
    const marketer = people[0];
    await marketer.page.goto(materialUrl);
    await hydrated(marketer.page);
    expect(await marketer.page.getByTestId("comment-1").getByTestId("escalation-link").textContent()).toContain("Compromise");
    expect(await marketer.page.getByTestId("release-blocker").textContent()).toContain("Will Turner requested changes");
    expect(await marketer.page.getByRole("button", { name: /Release version/ }).count()).toBe(0);
    await marketer.page.getByText("Release over the committee's objection…").click();
    await marketer.page.getByRole("button", { name: "Send to the managers" }).click();
    await marketer.page.getByText("Say why the material should go out despite the committee's objection: the managers decide on it.").waitFor();
    await marketer.page.getByLabel("Why it should go out as it is").fill("The compromise paragraph answers the audience concern.");
    await marketer.page.getByRole("button", { name: "Send to the managers" }).click();
    await marketer.page.getByTestId("release-blocker").getByText("before the managers (level 1)").waitFor();

    // Both managers decide on the objection: overruled, the material is released.
    const database = serverDatabase();
    const objection = (await database.models.Escalation.findOne({ where: { materialId, state: "open" } }))!;
    await database.close();
    const westManager = await person("west.manager@demo.test");
    await westManager.page.goto(`/escalations/${objection.id}`);
    await hydrated(westManager.page);
    expect(await westManager.page.getByTestId("escalation-brief").textContent()).toContain("Will Turner requested changes: Right offer, wrong audience.");
    await westManager.page.getByLabel("Overrule the objection: release it").check();
    await westManager.page.getByRole("button", { name: "Propose" }).click();
    await westManager.page.getByTestId("open-proposal").getByText("You proposed").waitFor();
    const marketingManager = await person("marketing.manager@demo.test");
    await marketingManager.page.goto(`/escalations/${objection.id}`);
    await hydrated(marketingManager.page);
    await marketingManager.page.getByRole("button", { name: "Agree: make it the decision" }).click();
    await marketingManager.page.getByTestId("escalation-decision").waitFor();
    expect(await marketingManager.page.getByTestId("escalation-decision").textContent()).toBe("Objection overruled: released");

    await marketer.page.reload();
    await marketer.page.getByTestId("released-badge").waitFor();

    const delivered = await sweepUntilSent({ DATABASE_URL: inject("databaseUrl"), SMTP_URL: smtp.url });
    expect(delivered.emailsFailed).toBe(0);
    const has = (address: string, subject: string) => subjectsTo(smtp, address).some((s) => s.startsWith(subject));
    expect(has("west.committee1@demo.test", `Preview requested: ${TITLE}`)).toBe(true);
    expect(has("west.committee2@demo.test", `Preview requested: ${TITLE}`)).toBe(true);
    expect(has("west.committee1@demo.test", `Marketing declined your comment`)).toBe(true);
    expect(has("marketer1@demo.test", `Preview closed: ${TITLE}`)).toBe(true);
    expect(has("west.manager@demo.test", `Escalation for your decision: ${TITLE}`)).toBe(true);
    expect(has("marketing.manager@demo.test", `Escalation for your decision: ${TITLE}`)).toBe(true);
    expect(has("marketing.manager@demo.test", `A decision is proposed on "${TITLE}"`)).toBe(true);
    expect(has("west.committee1@demo.test", `Decision on "${TITLE}": Compromise`)).toBe(true);
    expect(has("marketer1@demo.test", `Decision on "${TITLE}": Compromise`)).toBe(true);
    expect(has("west.committee1@demo.test", `Marketing asks to release "${TITLE}" over your objection`)).toBe(true);
    for (const who of ["west.rep1", "west.rep2", "west.committee1", "west.committee2"]) {
      expect(has(`${who}@demo.test`, `Coming to customers: ${TITLE}`)).toBe(true);
    }
    // What the release email says (read from the outbox: the SMTP copy is quoted-printable).
    const outbox = serverDatabase();
    const release = await outbox.models.OutboxMessage.findOne({ where: { kind: "material_released", toEmail: "west.rep1@demo.test", subject: `Coming to customers: ${TITLE}` } });
    await outbox.close();
    expect(release!.text).toContain("Will Turner: requested changes — Right offer, wrong audience.");
    expect(release!.text).toContain("The managers decided: Objection overruled: released");
    // Nothing went out twice: each message has its own Message-ID.
    const ids = smtp.received.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of people) await p.context.close();
  });
});
