import { execFile } from "node:child_process";
import { rmSync } from "node:fs";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "~/lib/db.server";
import { closedPort, startServer, type RunningServer } from "../helpers/server";

const run = promisify(execFile);

/** A form post as the app's own pages send it. */
function postForm(base: string, path: string, fields: Record<string, string>, cookie?: string) {
  return fetch(path.startsWith("http") ? path : base + path, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base, ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams(fields),
  });
}

/**
 * The server as deployed (NODE_ENV=production, request logs on), with SMTP credentials in
 * its settings, driven through sign-in, a new account's one-time link, a private calendar
 * link and failing mail delivery: afterwards no password, token, cookie or credential is in
 * anything it printed.
 */
describe("secrets and cookies on a production server", () => {
  const SMTP_PASSWORD = "smtp-Pa55word-never-logged";
  const NEW_PASSWORD = "a-new-Passphrase-for-Nina";
  let server: RunningServer;
  let smtpUrl: string;
  let database: Database;
  const secrets: string[] = [SMTP_PASSWORD, NEW_PASSWORD, "preview-demo"];

  const form = (path: string, fields: Record<string, string>, cookie?: string) => postForm(server.url, path, fields, cookie);
  const page = (path: string, cookie?: string) => fetch(server.url + path, { redirect: "manual", headers: cookie ? { Cookie: cookie } : {} });
  const signIn = async (email: string, password: string, cookie?: string) => {
    const response = await form("/login", { email, password }, cookie);
    expect(response.status).toBe(302);
    return response.headers.get("set-cookie")!;
  };

  beforeAll(async () => {
    smtpUrl = `smtp://mailer:${SMTP_PASSWORD}@127.0.0.1:${await closedPort()}`;
    // A demo installation: production refuses to seed the demo accounts unless asked to.
    server = await startServer({ NODE_ENV: "production", SEED_DEMO: "auto", LOG_REQUESTS: "on", JOBS: "off", SMTP_URL: smtpUrl });
    database = openDatabase({ url: server.databaseUrl });
  });

  afterAll(async () => {
    await database?.close();
    await server?.stop("SIGTERM");
    if (server) rmSync(server.dataDir, { recursive: true, force: true });
  });

  it("marks the session cookie Secure, HttpOnly and SameSite, and gives a new session id at every sign-in", async () => {
    const first = await signIn("east.rep1@demo.test", "preview-demo");
    expect(first).toMatch(/^cp_session=[A-Za-z0-9_-]{43}; /);
    for (const flag of ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"]) expect(first).toContain(flag);
    const firstValue = first.split(";")[0];
    secrets.push(firstValue.split("=")[1]);

    // Signing in again from the same browser replaces the session, and the old id stops working.
    const second = await signIn("east.rep1@demo.test", "preview-demo", firstValue);
    const secondValue = second.split(";")[0];
    secrets.push(secondValue.split("=")[1]);
    expect(secondValue).not.toBe(firstValue);
    expect((await page("/", firstValue)).headers.get("location")).toBe("/login");
    expect((await page("/", secondValue)).status).toBe(200);
  });

  it("logs a CSP violation report as one line, with no forged lines and no secrets", async () => {
    const forged = "script-src\n2026-01-01T00:00:00.000Z GET /admin 200 1.0ms";
    const response = await fetch(`${server.url}/csp-report`, {
      method: "POST",
      headers: { "Content-Type": "application/csp-report" },
      body: JSON.stringify({ "csp-report": { "effective-directive": forged, "blocked-uri": "https://evil.test/calendar/secret-feed-token.ics", "document-uri": `${server.url}/library` } }),
    });
    expect(response.status).toBe(204);
    // The line reaches this process through the server's output pipe.
    await expect.poll(() => server.output()).toContain("CSP violation");
    const lines = server.output().split("\n");
    expect(lines.filter((l) => l.startsWith("CSP violation"))).toEqual(["CSP violation: script-src 2026-01-01T00:00:00.000Z GET /admin 200 1.0ms blocked https://evil.test/calendar/[redacted] on /library"]);
    expect(lines).not.toContain("2026-01-01T00:00:00.000Z GET /admin 200 1.0ms");
    const garbled = await fetch(`${server.url}/csp-report`, { method: "POST", headers: { "Content-Type": "application/csp-report" }, body: "{not json" });
    expect(garbled.status).toBe(400);
  });

  it("lets a new account's set-password link work once, and keeps it, the passwords and the calendar link out of every log", async () => {
    const admin = (await signIn("admin@demo.test", "preview-demo")).split(";")[0];
    secrets.push(admin.split("=")[1]);

    const created = await form("/admin/users/new", { name: "Nina Park", email: "nina.park@demo.test", role: "sales", timeZone: "America/New_York" }, admin);
    expect(created.status).toBe(302);
    const flash = created.headers.get("set-cookie")!.split(";")[0];
    const userPage = await (await page(created.headers.get("location")!, `${admin}; ${flash}`)).text();
    const link = userPage.match(/\/set-password\/([A-Za-z0-9_-]{20,})/);
    expect(link, "the admin sees the one-time link once").not.toBeNull();
    const token = link![1];
    secrets.push(token);

    expect((await page(`/set-password/${token}`)).status).toBe(200);
    const set = await form(`/set-password/${token}`, { password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(set.status).toBe(302);
    // Used: the same link now answers 410 with a message, and the password works.
    const again = await page(`/set-password/${token}`);
    expect(again.status).toBe(410);
    expect(await again.text()).toContain("already been used");
    const nina = (await signIn("nina.park@demo.test", NEW_PASSWORD)).split(";")[0];
    secrets.push(nina.split("=")[1]);

    const issued = await (await form("/account/calendar", { intent: "issue" }, nina)).text();
    const feed = issued.match(/\/calendar\/([A-Za-z0-9_-]{20,})\.ics/);
    expect(feed, "the calendar link is shown once").not.toBeNull();
    secrets.push(feed![1]);
    const ics = await page(`/calendar/${feed![1]}.ics`);
    expect(ics.status).toBe(200);
    expect(ics.headers.get("content-type")).toContain("text/calendar");

    // Mail delivery fails (nothing listens where SMTP_URL points): the worker reports it
    // without the credentials.
    const worker = await run("npm", ["run", "jobs", "--silent", "--", "--once"], {
      env: { ...process.env, NODE_ENV: "production", DATABASE_URL: server.databaseUrl, SMTP_URL: smtpUrl },
      timeout: 60_000,
    });
    const retried = await database.models.OutboxMessage.findAll({ where: { state: "pending" } });
    expect(retried.length).toBeGreaterThan(0);
    expect(retried.some((m) => m.attempts > 0 && m.lastError)).toBe(true);
    // The admin's outbox page names the failure the same way.
    const outboxPage = await (await page("/admin/outbox", admin)).text();
    expect(outboxPage).toContain("ECONNREFUSED");
    expect(outboxPage).not.toContain(SMTP_PASSWORD);

    await expect.poll(() => server.output()).toContain("GET /admin/outbox 200"); // the last request's log line
    const printed = [server.output(), worker.stdout, worker.stderr, ...retried.map((m) => m.lastError ?? "")].join("\n");
    expect(printed).toContain("GET /set-password/[redacted] 410");
    expect(printed).toContain("GET /calendar/[redacted] 200");
    for (const secret of secrets) expect(printed, "a secret in the logs").not.toContain(secret);
  });
});

describe("a new production installation", () => {
  it("has no demo accounts; the first administrator comes from the terminal with a one-time link", async () => {
    const server = await startServer({ NODE_ENV: "production", JOBS: "off" });
    try {
      expect(server.output()).toContain("No accounts yet");
      expect(server.output()).not.toContain("demo organisation");
      const refused = await postForm(server.url, "/login", { email: "admin@demo.test", password: "preview-demo" });
      expect(refused.status).toBe(400);

      const { stdout } = await run("npm", ["run", "db:admin", "--silent", "--", "owner@example.com", "Olive Owner"], {
        env: { ...process.env, NODE_ENV: "production", DATABASE_URL: server.databaseUrl, APP_URL: server.url },
        timeout: 60_000,
      });
      const link = stdout.match(/(http:\/\/\S+\/set-password\/\S+)/)![1];
      const set = await postForm(server.url, link, { password: "owner-Passphrase-1", confirm: "owner-Passphrase-1" });
      expect(set.status).toBe(302);
      const signIn = await postForm(server.url, "/login", { email: "owner@example.com", password: "owner-Passphrase-1" });
      expect(signIn.status).toBe(302);
      const admin = await fetch(`${server.url}/admin/users`, { headers: { Cookie: signIn.headers.get("set-cookie")!.split(";")[0] } });
      expect(admin.status).toBe(200);
    } finally {
      await server.stop("SIGTERM");
      rmSync(server.dataDir, { recursive: true, force: true });
    }
  });
});
