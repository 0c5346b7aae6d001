import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_TEAMS, DEMO_USERS } from "~/lib/seed.server";
import { ROLE_LABELS } from "~/domain/roles";
import { expectNoErrors, launchBrowser, newPage, signIn, signInHome } from "../helpers/browser";
import { baseUrl } from "../helpers/http";

describe("accounts in Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  /** The team line each demo user should see on their home page. */
  function expectedTeam(email: string) {
    const prefix = email.split(".")[0];
    const team = DEMO_TEAMS.find((t) => t.prefix === prefix);
    if (email.includes(".committee")) return `${team!.name} (committee)`;
    if (email.includes(".rep")) return team!.name;
    if (email.endsWith(".manager@demo.test") && team) return `${team.name} (sales manager)`;
    return null;
  }

  it.each(DEMO_USERS.map((u) => [u.email, u] as const))("%s signs in and sees a home naming them, their role and team", async (email, user) => {
    const { context, page, errors } = await newPage(browser);
    await signIn(page, email);
    await page.waitForURL(`${baseUrl()}/`);
    // Exact name: the heading appears once the home page has rendered.
    await page.getByTestId("identity").getByRole("heading", { level: 1, name: `Welcome, ${user.name}`, exact: true }).waitFor();
    await expect(page.getByTestId("role").textContent()).resolves.toBe(ROLE_LABELS[user.role]);
    const team = expectedTeam(email);
    if (team) await expect(page.getByTestId("team").textContent()).resolves.toBe(team);
    expectNoErrors(errors);
    await context.close();
  });

  it("shows a wrong password's error beside the password field", async () => {
    const { context, page, errors } = await newPage(browser);
    await signIn(page, "marketer1@demo.test", "not-the-password");
    const message = page.getByRole("alert").filter({ hasText: "That email and password do not match an account." });
    await message.waitFor();
    // Beside the field: it is the password input's description, not a banner of its own.
    const describedBy = await page.getByLabel("Password", { exact: true }).getAttribute("aria-describedby");
    expect(describedBy).toBe(await message.getAttribute("id"));
    expect(page.url()).toBe(`${baseUrl()}/login`);
    expectNoErrors(errors);
    await context.close();
  });

  it("gives a rep who opens /admin the friendly 403 page", async () => {
    const { context, page, errors } = await newPage(browser);
    await signInHome(page, "east.rep1@demo.test");
    const response = await page.goto("/admin");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("You don't have access to this page");
    expect(await page.textContent("body")).toContain("Your role does not give you access to this page.");
    // Client-side navigation reaches the same page.
    await page.goto("/");
    expect(await page.getByRole("link", { name: "Admin" }).count()).toBe(0);
    expectNoErrors(errors);
    await context.close();
  });

  it("ends the session for good at logout: the old cookie no longer works", async () => {
    const { context, page, errors } = await newPage(browser);
    await signInHome(page, "west.committee1@demo.test");
    const [session] = (await context.cookies()).filter((c) => c.name === "cp_session");
    expect(session.httpOnly).toBe(true);
    expect(session.sameSite).toBe("Lax");

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/login\?reason=signed-out$/);
    await page.getByText("You have signed out.").waitFor();

    // Someone who kept a copy of the cookie gets nothing with it.
    const replay = await newPage(browser);
    await replay.context.addCookies([session]);
    const response = await replay.page.goto("/");
    expect(replay.page.url()).toBe(`${baseUrl()}/login`);
    expect(response?.status()).toBe(200);
    expectNoErrors(errors);
    expectNoErrors(replay.errors);
    await replay.context.close();
    await context.close();
  });
});
