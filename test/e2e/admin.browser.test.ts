import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoErrors, launchBrowser, newPage, signInHome } from "../helpers/browser";
import { baseUrl } from "../helpers/http";

describe("the admin area in Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it("checks the user form in the browser with the server's own messages and limits, sending nothing until it holds", async () => {
    const admin = await newPage(browser);
    await signInHome(admin.page, "admin@demo.test");
    await admin.page.goto("/admin/users/new");
    const name = admin.page.getByLabel("Name");
    // The limit comes from UserFormSchema: the browser stops typing past it.
    expect(await name.getAttribute("maxlength")).toBe("120");
    expect(await admin.page.getByLabel("Email").getAttribute("maxlength")).toBe("254");
    const posts: string[] = [];
    admin.page.on("request", (request) => {
      if (request.method() === "POST") posts.push(request.url());
    });
    await admin.page.getByRole("button", { name: "Create user" }).click();
    await admin.page.getByText("Enter a name.").waitFor();
    expect(await admin.page.getByText("Enter an email address.").count()).toBe(1);
    expect(posts).toEqual([]);
    // The first refused field takes the focus, and names its message.
    expect(await name.evaluate((el) => el === document.activeElement)).toBe(true);
    const described = await name.getAttribute("aria-describedby");
    expect(await admin.page.locator(`[id="${described}"]`).textContent()).toBe("Enter a name.");
    // Fixed, it is sent; what only the server knows (an address in use) still comes back beside the field.
    await name.fill("Duplicate Person");
    await admin.page.getByLabel("Email").fill("marketer1@demo.test");
    await admin.page.getByLabel("Time zone").selectOption("Europe/Berlin");
    await admin.page.getByRole("button", { name: "Create user" }).click();
    await admin.page.getByText("Another user already has this email address.").waitFor();
    expect(posts.length).toBe(1);
    expectNoErrors(admin.errors);
  });

  it("creates a user whose one-time link sets a password once, then shows the change in the audit log", async () => {
    const admin = await newPage(browser);
    await signInHome(admin.page, "admin@demo.test");
    await admin.page.getByRole("link", { name: "Admin" }).first().click();
    await admin.page.getByRole("link", { name: "Users" }).first().click();
    await admin.page.getByRole("link", { name: "New user" }).click();

    await admin.page.getByLabel("Name").fill("Sam Okafor");
    await admin.page.getByLabel("Email").fill("Sam.Okafor@Demo.test");
    await admin.page.getByLabel("Role").selectOption({ label: "Sales rep" });
    await admin.page.getByLabel("Reports to").selectOption({ label: "Erin Walsh" });
    await admin.page.getByLabel("Time zone").selectOption("America/Chicago");
    await admin.page.getByRole("button", { name: "Create user" }).click();

    const linkBox = admin.page.getByLabel("Set-password link");
    await linkBox.waitFor();
    const link = await linkBox.inputValue();
    expect(link).toMatch(new RegExp(`^${baseUrl().replace("127.0.0.1", "(127\\.0\\.0\\.1|localhost)")}/set-password/[A-Za-z0-9_-]{43}$`));
    expect(await admin.page.getByTestId("user-status").textContent()).toBe("Invited");

    // An email is queued too. It holds no link until it is sent (its own is minted then), so
    // the outbox, and a copy of the database, open no account.
    await admin.page.getByRole("link", { name: "Outbox" }).click();
    const mail = admin.page.getByTestId("outbox").locator("li", { hasText: "to sam.okafor@demo.test" });
    expect(await mail.locator("summary").textContent()).toContain("Set your Collateral Preview password");
    await mail.locator("summary").click();
    const text = await mail.locator("pre").textContent();
    expect(text).toContain("Set your password: [one-time link (hidden)]");
    expect(text).not.toContain(new URL(link).pathname);
    await admin.page.goBack();

    // The link is shown once: a reload no longer has it.
    await admin.page.reload();
    await admin.page.getByRole("heading", { name: "Sam Okafor" }).waitFor();
    expect(await admin.page.getByLabel("Set-password link").count()).toBe(0);

    const newcomer = await newPage(browser);
    await newcomer.page.goto(new URL(link).pathname);
    await newcomer.page.getByLabel("New password").fill("correct horse battery");
    await newcomer.page.getByLabel("The same password again").fill("correct horse battery");
    await newcomer.page.getByRole("button", { name: "Set password and sign in" }).click();
    await newcomer.page.waitForURL(`${baseUrl()}/`);
    await newcomer.page.getByRole("heading", { level: 1, name: "Welcome, Sam Okafor" }).waitFor();

    // The same link a second time: gone.
    const again = await newPage(browser);
    const response = await again.page.goto(new URL(link).pathname);
    expect(response?.status()).toBe(410);
    expect(await again.page.textContent("body")).toContain("already been used or has expired");

    await admin.page.goto("/admin/audit");
    const rows = admin.page.locator("table.audit tbody tr");
    await expect(rows.first().textContent()).resolves.toContain("user.password_set");
    expect(await admin.page.textContent("table.audit")).toContain("user.created");

    for (const p of [admin, newcomer, again]) {
      expectNoErrors(p.errors);
      await p.context.close();
    }
  });

  it("refuses a third committee member with a message on the team page", async () => {
    const { context, page, errors } = await newPage(browser);
    await signInHome(page, "admin@demo.test");
    await page.goto("/admin/teams");
    await page.getByRole("link", { name: "Mid-Market West" }).click();
    expect(await page.getByTestId("committee-count").textContent()).toBe("2 of 2 seats taken.");

    const rep = page.getByTestId("member-west.rep1@demo.test");
    await rep.getByRole("button", { name: "Put on committee" }).click();
    const alert = page.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toBe("A committee has at most 2 members. Remove one before adding another.");
    expect(await page.getByTestId("committee-count").textContent()).toBe("2 of 2 seats taken.");

    // Free a seat, then the same rep gets it.
    await page.getByTestId("member-west.committee2@demo.test").getByRole("button", { name: "Take off committee" }).click();
    await page.getByText("1 of 2 seats taken.").waitFor();
    await page.getByTestId("member-west.rep1@demo.test").getByRole("button", { name: "Put on committee" }).click();
    await page.getByText("2 of 2 seats taken.").waitFor();
    expect(await page.getByTestId("member-west.rep1@demo.test").textContent()).toContain("Committee");

    // Put the demo committee back as it was, for the tests that follow.
    await page.getByTestId("member-west.rep1@demo.test").getByRole("button", { name: "Take off committee" }).click();
    await page.getByText("1 of 2 seats taken.").waitFor();
    await page.getByTestId("member-west.committee2@demo.test").getByRole("button", { name: "Put on committee" }).click();
    await page.getByText("2 of 2 seats taken.").waitFor();
    expectNoErrors(errors);
    await context.close();
  });

  it("edits the review calendar: a team's window and holidays, with clear errors", async () => {
    const admin = await newPage(browser);
    await signInHome(admin.page, "admin@demo.test");
    await admin.page.goto("/admin");
    await admin.page.getByRole("link", { name: "Review calendar" }).first().click();
    expect(await admin.page.getByTestId("global-window").textContent()).toBe("2 business days");

    // A holiday without a date is refused beside the field.
    await admin.page.getByLabel("Date").fill("");
    await admin.page.getByLabel("Name", { exact: true }).fill("Founders' day");
    await admin.page.getByRole("button", { name: "Add the holiday" }).click();
    await admin.page.getByText("Enter a date as YYYY-MM-DD.").waitFor();

    await admin.page.getByLabel("Date").fill("2031-03-02");
    await admin.page.getByLabel("Name", { exact: true }).fill("Founders' day");
    await admin.page.getByLabel("Applies to").selectOption({ label: "Mid-Market West" });
    await admin.page.getByRole("button", { name: "Add the holiday" }).click();
    const holidays = admin.page.getByTestId("holidays");
    await holidays.getByText("2031-03-02 · Founders' day · Mid-Market West").waitFor();

    // The same day again: refused, and still listed once.
    await admin.page.getByLabel("Date").fill("2031-03-02");
    await admin.page.getByLabel("Name", { exact: true }).fill("Again");
    await admin.page.getByLabel("Applies to").selectOption({ label: "Mid-Market West" });
    await admin.page.getByRole("button", { name: "Add the holiday" }).click();
    await admin.page.getByText("2031-03-02 is already a holiday (Founders' day).").waitFor();
    expect(await holidays.locator("li").count()).toBe(1);

    // West gets its own window of 16 business hours, then goes back to the global one.
    const west = admin.page.locator("tr", { hasText: "Mid-Market West" });
    await west.getByLabel("Length for Mid-Market West").fill("16");
    await west.getByLabel("Unit for Mid-Market West").selectOption("business_hours");
    await west.getByRole("button", { name: "Save" }).click();
    await west.getByText("16 business hours").waitFor();
    await west.getByLabel("Length for Mid-Market West").fill("0");
    await west.getByRole("button", { name: "Save" }).click();
    await admin.page.getByText("The window is at least 1.").waitFor();
    await admin.page.locator("tr", { hasText: "Mid-Market West" }).getByText("16 business hours").waitFor();
    await west.getByLabel("Unit for Mid-Market West").selectOption("inherit");
    await west.getByRole("button", { name: "Save" }).click();
    await west.getByText("The global window", { exact: true }).waitFor();

    await holidays.getByRole("button", { name: "Remove Founders' day on 2031-03-02" }).click();
    await admin.page.getByText("No holidays yet").waitFor();
    await admin.page.goto("/admin/audit");
    const audit = await admin.page.textContent("table.audit");
    for (const action of ["holiday.added", "holiday.removed", "team.window_set"]) expect(audit).toContain(action);
    expectNoErrors(admin.errors);
    await admin.context.close();
  });
});
