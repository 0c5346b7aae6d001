import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core";
import { expect } from "vitest";
import { baseUrl, DEMO_PASSWORD } from "./http";

/** A real Chromium (the system's), headless; Playwright never downloads a browser here. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/**
 * A page whose console errors and uncaught exceptions are collected: a hydration error or
 * a Content-Security-Policy violation fails the test that caused it (see `expectNoErrors`).
 */
export async function newPage(
  browser: Browser,
  base: string = baseUrl(),
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ baseURL: base, ...options });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && !isExpectedHttpError(message.text()) && !isPdfjsCancellation(message.text())) errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return { context, page, errors };
}

/** The browser logs every 4xx document as "Failed to load resource"; those are asserted on directly. */
function isExpectedHttpError(text: string) {
  return /Failed to load resource: the server responded with a status of 4\d\d/.test(text);
}

/**
 * pdf.js's worker logs this when the viewer it serves unmounts mid-load (the user moved on
 * to another page or version): the cancellation the viewer asks for, not a failure. The
 * app treats the matching promise rejection the same way (PdfViewer.client.tsx).
 */
function isPdfjsCancellation(text: string) {
  return text === "Worker was terminated";
}

export function expectNoErrors(errors: string[]) {
  expect(errors, "console errors in the browser").toEqual([]);
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Signs in and waits until the home page has rendered. */
export async function signInHome(page: Page, email: string) {
  await signIn(page, email);
  await page.getByTestId("identity").getByRole("heading", { level: 1, name: /^Welcome, / }).waitFor();
}

/**
 * Waits until the PDF viewer has finished drawing page `n` (its surface stops being
 * `aria-busy` once pdf.js reports the canvas painted) and returns its surface.
 */
export async function renderedPage(page: Page, n: number) {
  const surface = page.getByTestId(`page-${n}`);
  await surface.and(page.locator('[aria-busy="false"]')).locator("canvas").waitFor();
  return surface;
}

/**
 * Waits until the app's script has taken the page over. Buttons that only open a form in
 * the page (Decide…, Decline…) do nothing before that, and `goto`/`reload` return on the
 * load event, which can come first: the client script is a module loaded after it.
 */
export async function hydrated(page: Page) {
  await page.waitForFunction(() => "__remixRouter" in window);
}

/** A phone: 390 CSS pixels wide, touch instead of a mouse. */
export const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** How far the page is wider than the window, in CSS pixels (0 when nothing is cut off or scrolls sideways). */
export async function horizontalOverflow(page: Page): Promise<number> {
  // A phone's browser widens its layout to fit a page that is too wide (so innerWidth grows
  // with it); the screen's width is what the person has.
  return page.evaluate(() => Math.max(0, document.documentElement.scrollWidth - Math.min(window.innerWidth, screen.width)));
}
