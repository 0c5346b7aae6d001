import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "~/lib/db.server";
import { makePdf } from "../helpers/pdf";
import { requireTools } from "../helpers/real-files";
import { DEMO_PASSWORD, visibleText } from "../helpers/http";
import { startServer, type RunningServer } from "../helpers/server";

/**
 * The PDF check as the built server runs it: its worker thread found from build/index.js
 * started in another folder, warmed up before the first upload, stopped at the time limit
 * and replaced for the next upload; and an owner-restricted PDF accepted, with its
 * restrictions shown on the material page.
 */

/** A PDF whose cross-reference stream lists the same 100,000 entries again and again: pdf.js spends seconds on it, in little memory. */
function slowPdf(repeats: number) {
  let head = "%PDF-1.7\n";
  ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"].forEach((o, i) => {
    head += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xrefAt = head.length;
  head += `4 0 obj\n<< /Type /XRef /Size 100000 /W [0 0 0] /Index [${"0 100000 ".repeat(repeats)}] /Root 1 0 R /Length 0 >>\nstream\n\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(head, "latin1");
}

describe("the PDF check in the built server", () => {
  let server: RunningServer;
  let elsewhere: string;
  let database: Database;
  let cookie: string;
  let east: number;

  const upload = (title: string, name: string, bytes: Uint8Array) => {
    const form = new FormData();
    for (const [key, value] of Object.entries({ title, kind: "collateral", teamIds: String(east) })) form.append(key, value);
    form.append("file", new Blob([new Uint8Array(bytes)]), name);
    return fetch(`${server.url}/materials/upload`, { method: "POST", redirect: "manual", headers: { Origin: server.url, Cookie: cookie, Accept: "application/json" }, body: form });
  };

  beforeAll(async () => {
    requireTools();
    elsewhere = mkdtempSync(path.join(os.tmpdir(), "cp-cwd-"));
    server = await startServer({ PDF_CHECK_TIMEOUT_S: "1", JOBS: "off" }, { cwd: elsewhere });
    database = openDatabase({ url: server.databaseUrl });
    east = (await database.models.SalesTeam.findOne({ where: { name: "Enterprise East" } }))!.id;
    const login = await fetch(`${server.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url },
      body: new URLSearchParams({ email: "marketer1@demo.test", password: DEMO_PASSWORD }),
    });
    cookie = login.headers.get("set-cookie")!.split(";")[0];
  });

  afterAll(async () => {
    await database?.close();
    await server?.stop("SIGTERM");
    if (server) rmSync(server.dataDir, { recursive: true, force: true });
    if (elsewhere) rmSync(elsewhere, { recursive: true, force: true });
  });

  it("checks the first PDF without waiting for pdf.js to load, and shows what its author restricted", async () => {
    const source = path.join(elsewhere, "source.pdf");
    const restricted = path.join(elsewhere, "restricted.pdf");
    writeFileSync(source, await makePdf({ pages: 3, title: "Restricted" }));
    execFileSync("qpdf", ["--encrypt", "", "owner", "256", "--print=none", "--extract=n", "--", source, restricted]);

    const started = performance.now();
    const response = await upload("Restricted deck", "restricted.pdf", readFileSync(restricted));
    const ms = performance.now() - started;
    expect(response.status, await response.clone().text()).toBe(201);
    const { url } = (await response.json()) as { url: string };
    console.log(`First upload of a 3-page AES-256 PDF to a fresh server: ${Math.round(ms)} ms`);

    const version = (await database.models.MaterialVersion.findOne({ where: { fileName: "restricted.pdf" } }))!;
    expect(version).toMatchObject({ pageCount: 3, restrictions: expect.stringContaining("print") });
    const page = visibleText(await (await fetch(server.url + url, { headers: { Cookie: cookie } })).text());
    expect(page).toContain("Printing and copying restricted by the author.");
  });

  it("refuses a PDF that takes longer than PDF_CHECK_TIMEOUT_S, then checks the next one with a fresh worker", async () => {
    const started = performance.now();
    const bomb = await upload("Bomb", "bomb.pdf", slowPdf(5000));
    const ms = performance.now() - started;
    expect(bomb.status).toBe(422);
    const { errors } = (await bomb.json()) as { errors: Record<string, string> };
    expect(errors.file).toMatch(/^This PDF took longer than 1 second to open, so it was refused: a file built to overload a viewer \(a "PDF bomb"\)/);
    expect(ms).toBeGreaterThan(900);
    expect(ms).toBeLessThan(5_000);
    expect(await database.models.Material.count({ where: { title: "Bomb" } })).toBe(0);

    const next = await upload("After the bomb", "next.pdf", await makePdf({ pages: 2 }));
    expect(next.status).toBe(201);
    expect(server.output()).not.toMatch(/Error|error/);
  });
});
