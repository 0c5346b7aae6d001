import { rmSync } from "node:fs";
import { PDFDocument, PDFName } from "pdf-lib";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "~/lib/db.server";
import { expectNoErrors, launchBrowser, newPage, renderedPage, signIn } from "../helpers/browser";
import { logMessages } from "../helpers/logs";
import { startServer, type RunningServer } from "../helpers/server";

/**
 * A one-page PDF whose grey square is painted through a PostScript calculator function
 * (FunctionType 4, the tint transform of a Separation colour space). pdf.js compiles such
 * functions with `new Function` when eval is allowed; with eval off it interprets them.
 */
async function postScriptFunctionPdf() {
  const doc = await PDFDocument.create();
  const page = doc.addPage([612, 792]);
  const tint = doc.context.register(doc.context.stream("{ dup dup }", { FunctionType: 4, Domain: [0, 1], Range: [0, 1, 0, 1, 0, 1] }));
  const separation = doc.context.obj([PDFName.of("Separation"), PDFName.of("Spot"), PDFName.of("DeviceRGB"), tint]);
  page.node.Resources()!.set(PDFName.of("ColorSpace"), doc.context.obj({ CS0: separation }));
  page.node.addContentStream(doc.context.register(doc.context.stream("/CS0 cs 0.5 scn 72 72 468 468 re f")));
  return Buffer.from(await doc.save());
}

/**
 * The PDF viewer under the app's Content-Security-Policy (no 'unsafe-eval'), with the
 * browser's violation reports going to the server's /csp-report log: a PDF that would make
 * pdf.js reach for eval renders correctly and nothing is reported; an injected inline
 * script, by contrast, is blocked and reported (so silence means something).
 */
describe("the PDF viewer under the Content-Security-Policy", () => {
  let server: RunningServer;
  let browser: Browser;
  let materialUrl: string;

  beforeAll(async () => {
    server = await startServer({ JOBS: "off" });
    const database = openDatabase({ url: server.databaseUrl });
    const east = await database.models.SalesTeam.findOne({ where: { name: "Enterprise East" } });
    await database.close();

    const login = await fetch(`${server.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url },
      body: new URLSearchParams({ email: "marketer1@demo.test", password: "preview-demo" }),
    });
    const form = new FormData();
    form.append("title", "Spot colour swatch");
    form.append("kind", "collateral");
    form.append("teamIds", String(east!.id));
    form.append("file", new Blob([new Uint8Array(await postScriptFunctionPdf())], { type: "application/pdf" }), "swatch.pdf");
    const uploaded = await fetch(`${server.url}/materials/upload`, {
      method: "POST",
      headers: { Origin: server.url, Cookie: login.headers.get("set-cookie")!.split(";")[0], Accept: "application/json" },
      body: form,
    });
    expect(uploaded.status).toBe(201);
    materialUrl = (await uploaded.json()).url;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop("SIGTERM");
    if (server) rmSync(server.dataDir, { recursive: true, force: true });
  });

  const violations = () => logMessages(server.stdout()).filter((line) => line.startsWith("CSP violation"));

  it("draws a PDF with a PostScript function without eval, and reports nothing", async () => {
    const csp = (await fetch(`${server.url}/pdf.worker.min.mjs`)).headers.get("content-security-policy")!;
    expect(csp, "the worker script carries the policy too").toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-eval");

    const { context, page, errors } = await newPage(browser, server.url);
    await signIn(page, "east.committee1@demo.test");
    await page.waitForURL(`${server.url}/`);
    await page.goto(materialUrl);
    await renderedPage(page, 1);

    // The square is painted with the tint transform's colour: 0.5 → rgb(0.5, 0.5, 0.5).
    const pixel = await page.evaluate(() => {
      const canvas = document.querySelector('[data-testid="page-1"] canvas') as HTMLCanvasElement;
      const scale = canvas.width / 612;
      return Array.from(canvas.getContext("2d")!.getImageData(Math.round(300 * scale), Math.round((792 - 300) * scale), 1, 1).data);
    });
    for (const channel of pixel.slice(0, 3)) expect(Math.abs(channel - 128)).toBeLessThanOrEqual(3);

    // Reports are sent asynchronously: an inline script injected now is blocked and
    // reported; once that report has arrived, anything pdf.js triggered earlier has too.
    await page.evaluate(() => {
      const script = document.createElement("script");
      script.textContent = "window.injected = true";
      document.body.append(script);
    });
    await expect.poll(() => violations().length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as unknown as { injected?: boolean }).injected)).toBeUndefined();
    expect(violations()).toEqual([expect.stringMatching(/^CSP violation: script-src-elem blocked inline on \/materials\/\d+/)]);
    // The blocked script's console message is the only error on the page.
    expectNoErrors(errors.filter((e) => !e.includes("Content Security Policy")));
    await context.close();
  });
});
