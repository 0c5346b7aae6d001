import { execFile } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "~/lib/db.server";
import { visibleText } from "../helpers/http";
import { makePdf } from "../helpers/pdf";
import { logMessages } from "../helpers/logs";
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

  it("warns once at start that, without APP_URL, links in emails would point at localhost", async () => {
    const warnings = server.output().split("\n").filter((line) => line.includes("APP_URL is not set"));
    expect(warnings, server.output()).toHaveLength(1);
    expect(warnings[0]).toMatch(/links in emails would point at http:\/\/localhost:0\b.*Set APP_URL/);
  });

  it("marks the session cookie Secure, HttpOnly and SameSite, and gives a new session id at every sign-in", async () => {
    const first = await signIn("east.rep1@demo.test", "preview-demo");
    // __Host-: the browser takes it only Secure, for Path=/ and with no Domain, so no sibling
    // subdomain or other port of the host can plant one.
    expect(first).toMatch(/^__Host-cp_session=[A-Za-z0-9_-]{43}; /);
    for (const flag of ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"]) expect(first).toContain(flag);
    expect(first).not.toMatch(/Domain=/i);
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
    const lines = logMessages(server.stdout());
    expect(lines.filter((l) => l.startsWith("CSP violation"))).toEqual(["CSP violation: script-src 2026-01-01T00:00:00.000Z GET /admin 200 1.0ms blocked https://evil.test/calendar/[redacted] on /library"]);
    expect(lines).not.toContain("2026-01-01T00:00:00.000Z GET /admin 200 1.0ms");
    expect(server.stdout()).not.toContain("secret-feed-token");
    const garbled = await fetch(`${server.url}/csp-report`, { method: "POST", headers: { "Content-Type": "application/csp-report" }, body: "{not json" });
    expect(garbled.status).toBe(400);
  });

  it("lets a new account's set-password link work once, and keeps it, the passwords and the calendar link out of every log", async () => {
    const admin = (await signIn("admin@demo.test", "preview-demo")).split(";")[0];
    secrets.push(admin.split("=")[1]);

    const created = await form("/admin/users/new", { name: "Nina Park", email: "nina.park@demo.test", role: "sales", timeZone: "America/New_York" }, admin);
    expect(created.status).toBe(302);
    const flashCookie = created.headers.get("set-cookie")!;
    // It carries a live set-password token: never over plain http in production.
    expect(flashCookie).toMatch(/^cp_link=\d+\.[A-Za-z0-9_-]+; Path=\/admin\/users; Max-Age=120; HttpOnly; SameSite=Strict; Secure$/);
    const flash = flashCookie.split(";")[0];
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

    // An invitation still waiting to be sent (its link unused, so the worker tries it) …
    const waiting = await form("/admin/users/new", { name: "Omar Queue", email: "omar.queue@demo.test", role: "sales", timeZone: "UTC" }, admin);
    expect(waiting.status).toBe(302);
    secrets.push(waiting.headers.get("set-cookie")!.match(/cp_link=\d+\.([A-Za-z0-9_-]+)/)![1]);

    // … and mail delivery fails (nothing listens where SMTP_URL points): the worker reports it
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
      expect(server.output(), "no email is sent (no SMTP_URL): no warning about its links").not.toContain("APP_URL is not set");
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

/**
 * Many machines behind a balancer: forms are accepted from the request's own origin,
 * APP_URL's and those listed in APP_ORIGINS, and refused from any other.
 */
describe("form posts from the origins listed in APP_ORIGINS", () => {
  let server: RunningServer;
  // As a balancer that ends TLS forwards it: the address the browser used in X-Forwarded-Host,
  // over plain HTTP, so the request's own origin (http://127.0.0.1:…) is not the browser's.
  const login = (headers: { Origin: string } | { Referer: string }) =>
    fetch(`${server.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Forwarded-Host": new URL("Origin" in headers ? headers.Origin : headers.Referer).host,
        ...headers,
      },
      body: new URLSearchParams({ email: "admin@demo.test", password: "preview-demo" }),
    });

  beforeAll(async () => {
    server = await startServer({
      NODE_ENV: "production",
      SEED_DEMO: "auto",
      JOBS: "off",
      APP_URL: "https://preview.example.com",
      APP_ORIGINS: "https://preview-eu.example.com, http://10.0.0.5:8080",
      SMTP_URL: `smtp://127.0.0.1:${await closedPort()}`,
    });
  });
  afterAll(async () => {
    await server?.stop("SIGTERM");
    if (server) rmSync(server.dataDir, { recursive: true, force: true });
  });

  it.each(["https://preview-eu.example.com", "http://10.0.0.5:8080", "https://preview.example.com"])("accepts a sign-in posted from %s", async (origin) => {
    const response = await login({ Origin: origin });
    expect(response.status, await response.clone().text()).toBe(302);
  });

  it.each([
    ["Origin", "https://evil.example"],
    ["Origin", "https://preview-eu.example.com:8443"],
    ["Origin", "http://preview-eu.example.com"],
    ["Referer", "http://10.0.0.6:8080/login"],
  ] as const)("refuses with 403 a sign-in whose %s is %s", async (header, value) => {
    const response = await login(header === "Origin" ? { Origin: value } : { Referer: value });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("sent from another site");
  });

  it("does not warn about email links when APP_URL is set", () => {
    expect(server.output()).not.toContain("APP_URL is not set");
  });

  it("refuses to start with an APP_ORIGINS entry that is not an origin, naming it", async () => {
    await expect(startServer({ NODE_ENV: "production", JOBS: "off", APP_ORIGINS: "https://ok.example.com,preview.example.com/login" })).rejects.toThrow(
      /APP_ORIGINS: "preview\.example\.com\/login" is not an origin/,
    );
  });
});

/**
 * Attacks on a production server that used to work: a planted session cookie, redirects off
 * the site after signing in, guesses sent all at once, a huge form, a polyglot file's name,
 * and set-password links read from the outbox.
 */
describe("attacks on a production server", () => {
  let server: RunningServer;
  let database: Database;
  const form = (path: string, fields: Record<string, string>, cookie?: string) => postForm(server.url, path, fields, cookie);
  const page = (path: string, cookie?: string) => fetch(server.url + path, { redirect: "manual", headers: cookie ? { Cookie: cookie } : {} });
  const signIn = async (email: string, extra: Record<string, string> = {}) => {
    const response = await form("/login", { email, password: "preview-demo", ...extra });
    expect(response.status, await response.clone().text()).toBe(302);
    return { cookie: response.headers.get("set-cookie")!.split(";")[0], location: response.headers.get("location") };
  };

  beforeAll(async () => {
    server = await startServer({ NODE_ENV: "production", SEED_DEMO: "auto", JOBS: "off" });
    database = openDatabase({ url: server.databaseUrl });
  });
  afterAll(async () => {
    await database?.close();
    await server?.stop("SIGTERM");
    if (server) rmSync(server.dataDir, { recursive: true, force: true });
  });

  it("ignores a session cookie planted without the __Host- prefix", async () => {
    const { cookie } = await signIn("east.rep1@demo.test");
    expect((await page("/", cookie)).status).toBe(200);
    // The same valid session id, under the name a sibling subdomain or another port can set.
    const planted = cookie.replace(/^__Host-cp_session=/, "cp_session=");
    expect((await page("/", planted)).headers.get("location")).toBe("/login");
  });

  it.each([
    ["/%09/evil.example/", "/"],
    ["/\t/evil.example/", "/"],
    ["/.//evil.example/", "/"],
    ["/a/%2e%2e//evil.example", "/"],
    ["/%0d%0a/evil.example/", "/"],
    ["//evil.example/", "/"],
    ["/\\evil.example/", "/"],
    ["https://evil.example/", "/"],
    ["/library?q=Prüfung", "/library?q=Pr%C3%BCfung"],
    ["/library?q=日本", "/library?q=%E6%97%A5%E6%9C%AC"],
  ])("signs in with redirectTo=%j and lands on %s of this site", async (redirectTo, expected) => {
    const { cookie, location } = await signIn("east.rep2@demo.test", { redirectTo });
    expect(location).toBe(expected);
    expect(cookie).toMatch(/^__Host-cp_session=/);
  });

  it("refuses the sign-in page itself when its address carries a control character, also behind a malformed escape", async () => {
    for (const address of ["/login?redirectTo=/%09/evil.example/", "/login?redirectTo=/%0a&z=%", "/library?q=%00&z=%"]) {
      const response = await page(address);
      expect(response.status, address).toBe(400);
      expect(await response.text()).toContain("This address contains invisible control characters");
    }
  });

  it("checks at most 5 of 100 guesses sent at once at one account from one address, and the right one does not get in", async () => {
    const guesses = Array.from({ length: 100 }, (_, i) => (i === 99 ? "preview-demo" : `guess-${i}`));
    const responses = await Promise.all(guesses.map((password) => form("/login", { email: "west.rep1@demo.test", password })));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 400 || s === 302)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(95);
    expect(statuses).not.toContain(302);
    // The owner, from another address, is not locked out (behind a load balancer TRUST_PROXY makes addresses real).
    expect(await database.models.LoginFailure.count({ where: { key: "account:west.rep1@demo.test" } })).toBe(5);
  });

  it("behind a trusted proxy (TRUST_PROXY, loopback by default) tells people apart by their forwarded address", async () => {
    const from = (address: string, password: string) =>
      fetch(`${server.url}/login`, {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url, "X-Forwarded-For": address },
        body: new URLSearchParams({ email: "east.committee1@demo.test", password }),
      });
    for (let i = 0; i < 5; i++) expect((await from("203.0.113.7", `wrong-${i}`)).status).toBe(400);
    const locked = await from("203.0.113.7", "preview-demo");
    expect(locked.status).toBe(429);
    expect(visibleText(await locked.text())).toContain("Too many failed sign-ins for this account from your network address.");
    // The owner, at another address, waits out the account's short delay and is let in.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await from("203.0.113.8", "preview-demo")).status).toBe(302);
  });

  it("refuses a 50 MB sign-in form with a short 413 while it arrives, without holding it in memory", async () => {
    const rss = () => Number(readFileSync(`/proc/${server.process.pid}/status`, "utf8").match(/VmRSS:\s+(\d+) kB/)![1]) * 1024;
    const before = rss();
    const huge = `password=x&email=${"a".repeat(50 * 1024 * 1024)}`;
    const response = await fetch(`${server.url}/login`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url }, body: huge });
    const body = await response.text();
    expect(response.status).toBe(413);
    expect(body.length).toBeLessThan(20_000);
    expect(visibleText(body)).toContain("The form is larger than the limit of 64 KB, so nothing was saved.");
    expect(body).not.toContain("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    expect(rss() - before).toBeLessThan(32 * 1024 * 1024);
    expect((await page("/healthz")).status).toBe(200);
  });

  it("does not send back an over-long email after a failed sign-in", async () => {
    const long = `${"b".repeat(40_000)}@demo.test`;
    const response = await form("/login", { email: long, password: "x" });
    expect(response.status).toBe(400);
    expect(await response.text()).not.toContain("b".repeat(300));
  });

  it("names a polyglot download after its detected type, removes bidirectional controls, and sandboxes /files", async () => {
    const { cookie } = await signIn("marketer1@demo.test");
    const polyglot = Buffer.concat([await makePdf({ pages: 1 }), Buffer.from("<html><script>alert(document.cookie)</script></html>")]);
    const body = new FormData();
    body.append("title", "Polyglot");
    body.append("kind", "collateral");
    body.append("teamIds", "1");
    body.append("file", new Blob([new Uint8Array(polyglot)]), "offer\u202Efdp.html");
    const uploaded = await fetch(`${server.url}/materials/upload`, { method: "POST", headers: { Origin: server.url, Cookie: cookie, Accept: "application/json" }, body });
    expect(uploaded.status, await uploaded.clone().text()).toBe(201);
    const materialId = Number(((await uploaded.json()) as { url: string }).url.split("/").pop());
    const version = (await database.models.MaterialVersion.findOne({ where: { materialId } }))!;
    expect(version.fileName).toBe("offerfdp.html.pdf");
    const file = await page(`/files/${version.id}?download`, cookie);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-disposition")).toBe(`attachment; filename="offerfdp.html.pdf"; filename*=UTF-8''offerfdp.html.pdf`);
    expect(file.headers.get("content-security-policy")).toMatch(/^sandbox; default-src 'none'/);
    expect(file.headers.get("permissions-policy")).toContain("camera=()");
    expect((await page("/login")).headers.get("permissions-policy")).toContain("geolocation=()");
    const materialPage = await (await page(`/materials/${materialId}`, cookie)).text();
    expect(materialPage).not.toContain("\u202E");
    expect(materialPage).toContain("offerfdp.html.pdf");
  });

  it("keeps set-password links out of the outbox and Admin → Outbox", async () => {
    const { cookie: admin } = await signIn("admin@demo.test");
    const created = await form("/admin/users/new", { name: "Otto Outbox", email: "otto.outbox@demo.test", role: "sales", timeZone: "UTC" }, admin);
    expect(created.status).toBe(302);
    const token = created.headers.get("set-cookie")!.match(/cp_link=\d+\.([A-Za-z0-9_-]+)/)![1];
    const row = (await database.models.OutboxMessage.findOne({ where: { toEmail: "otto.outbox@demo.test" } }))!;
    expect(`${row.text}${row.html}`).not.toContain(token);
    expect(`${row.text}${row.html}`).not.toMatch(/\/set-password\/[A-Za-z0-9_-]{43}/);
    const outbox = visibleText(await (await page("/admin/outbox?state=pending", admin)).text());
    expect(outbox).toContain("Set your password: [one-time link (hidden)]");
    expect(outbox).not.toContain(token);
  });
});
