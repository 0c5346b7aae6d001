import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expectNoErrors, launchBrowser, newPage, signInHome } from "../helpers/browser";
import { seriousViolations } from "../helpers/axe";
import { serverDatabase, signInAs, upload } from "../helpers/http";
import { sweepUntilSent } from "../helpers/jobs";
import { makePdf } from "../helpers/pdf";
import { headerValue, startSmtp } from "../helpers/smtp";

const TITLE = "Enterprise East renewal offer";

describe("an @mention typed with the keyboard reaches the person by email", () => {
  let browser: Browser;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let materialUrl = "";

  beforeAll(async () => {
    [browser, smtp] = await Promise.all([launchBrowser(), startSmtp()]);
    const database = serverDatabase();
    const east = (await database.models.SalesTeam.findOne({ where: { name: "Enterprise East" } }))!;
    await database.close();
    const marketer = await signInAs("marketer2@demo.test");
    const response = await upload(
      "/materials/upload",
      { title: TITLE, kind: "collateral", description: "", teamIds: String(east.id) },
      { name: "offer.pdf", bytes: await makePdf({ pages: 1, title: TITLE }) },
      marketer,
    );
    expect(response.status).toBe(201);
    materialUrl = new URL((await response.json()).url, "http://x").pathname;
  });
  afterAll(async () => {
    await browser?.close();
    await smtp?.stop();
  });

  it("@ opens the list of people who may see it; arrows and Enter mention; the manager gets the email", async () => {
    const marketer = await newPage(browser);
    await signInHome(marketer.page, "marketer2@demo.test");
    await marketer.page.goto(materialUrl);
    await marketer.page.getByRole("button", { name: "Submit for preview" }).click();
    await marketer.page.getByTestId("round-Enterprise East").getByTestId("time-left").waitFor();

    const member = await newPage(browser);
    await signInHome(member.page, "east.committee2@demo.test");
    await member.page.goto(materialUrl);
    await member.page.getByRole("button", { name: "Comment on the whole document" }).click();
    const box = member.page.getByLabel("Comment", { exact: true });
    await box.focus();
    await member.page.keyboard.type("Please check the renewal terms with @Er");
    const list = member.page.getByRole("listbox", { name: "People to mention" });
    await list.waitFor();
    // Only people who may see the material: Erin Walsh (East's manager) — never West's people.
    expect(await list.getByRole("option").allTextContents()).toEqual(["Erin Walsh"]);
    expect(await box.getAttribute("aria-activedescendant")).toBe(await list.getByRole("option").first().getAttribute("id"));
    expect(await member.page.locator(".mention-box [aria-live]").textContent()).toBe("1 person matches. Up and down arrows to choose, Enter to mention.");
    expect(await seriousViolations(member.page)).toEqual([]);
    await member.page.keyboard.press("Enter");
    await list.waitFor({ state: "detached" });
    expect(await box.inputValue()).toBe("Please check the renewal terms with @Erin Walsh ");

    // A second mention: the list narrows as one types, the arrows move, Escape closes without choosing.
    await member.page.keyboard.type("and @M");
    expect((await list.getByRole("option").allTextContents()).length).toBeGreaterThan(1);
    await member.page.keyboard.press("Escape");
    await list.waitFor({ state: "detached" });
    await member.page.keyboard.press("Backspace");
    await member.page.keyboard.press("Backspace");
    await member.page.keyboard.type("@Theo");
    await member.page.keyboard.press("ArrowDown");
    await member.page.keyboard.press("ArrowUp");
    await member.page.keyboard.press("Tab");
    expect(await box.inputValue()).toBe("Please check the renewal terms with @Erin Walsh and @Theo Brandt ");
    await member.page.getByLabel("Category").selectOption("pricing");
    await member.page.getByRole("button", { name: "Post comment" }).click();
    await member.page.getByText("Please check the renewal terms with @Erin Walsh and @Theo Brandt").waitFor();

    // Someone who cannot see the material cannot be mentioned: said beside the field, nothing posted.
    await member.page.getByRole("button", { name: "Comment on the whole document" }).click();
    await member.page.getByLabel("Comment", { exact: true }).fill("@Will Turner what does West think?");
    await member.page.getByLabel("Category").selectOption("other");
    await member.page.getByRole("button", { name: "Post comment" }).click();
    await member.page.getByText("Will Turner cannot see this material, so a mention would not reach them.", { exact: false }).waitFor();

    await sweepUntilSent({ DATABASE_URL: inject("databaseUrl"), SMTP_URL: smtp.url });
    const toManager = smtp.received.filter((m) => m.to.includes("east.manager@demo.test") && m.subject?.includes(TITLE));
    expect(toManager.map((m) => m.subject)).toEqual([`Emma Reyes mentioned you on "${TITLE}"`]);
    expect(toManager[0].raw).toContain("/materials/");
    expect(headerValue(toManager[0].raw, "List-Unsubscribe")).toMatch(/^<http:\/\/[^>]+\/unsubscribe\/\d+\.mentions\.[0-9a-f]{24}>$/);
    // The owner is mentioned too: told once, as a mention, not also as a new comment.
    const toOwner = smtp.received.filter((m) => m.to.includes("marketer2@demo.test") && m.subject?.includes(TITLE));
    expect(toOwner.map((m) => m.subject)).toEqual([`Emma Reyes mentioned you on "${TITLE}"`]);
    expect(smtp.received.some((m) => m.to.includes("west.manager@demo.test") && m.subject?.includes(TITLE))).toBe(false);

    // The one-click link: opening it changes nothing; the mail program's POST (RFC 8058) does.
    const oneClick = new URL(/^<([^>]+)>$/.exec(headerValue(toManager[0].raw, "List-Unsubscribe")!)![1]);
    const page = await fetch(new URL(oneClick.pathname, inject("baseUrl")));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Stop emails about “Mentions of me”?");
    const database = serverDatabase();
    try {
      const manager = (await database.models.User.findOne({ where: { email: "east.manager@demo.test" } }))!;
      expect(await database.models.NotificationPreference.count({ where: { userId: manager.id } })).toBe(0);
      const posted = await fetch(new URL(oneClick.pathname, inject("baseUrl")), {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "List-Unsubscribe=One-Click",
      });
      expect(posted.status).toBe(200);
      const stored = await database.models.NotificationPreference.findAll({ where: { userId: manager.id } });
      expect(stored.map((p) => [p.kind, p.delivery])).toEqual([["mentions", "in_app"]]);
    } finally {
      await database.close();
    }
    expectNoErrors(marketer.errors);
    expectNoErrors(member.errors);
  });
});
