import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "~/lib/db.server";
import { DEMO_PASSWORD } from "../helpers/http";
import { logLines, requestLines, type LogLine } from "../helpers/logs";
import { makePdf } from "../helpers/pdf";
import { startServer, type RunningServer } from "../helpers/server";
import { waitFor } from "../helpers/wait";

const TOKEN = "scrape-token-0123456789abcdef";

/**
 * The built server as an operator runs it (NODE_ENV=production, request lines on, metrics
 * on, the scheduler sweeping every second): its standard output is JSON lines and nothing
 * else, each request is one line carrying its request id, and /metrics/prometheus answers
 * a scraper with the token only.
 */
describe("logs and metrics", () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({
      NODE_ENV: "production",
      SEED_DEMO: "auto",
      LOG_REQUESTS: "on",
      METRICS_TOKEN: TOKEN,
      JOBS: "on",
      SWEEP_INTERVAL_S: "1",
    });
  });
  afterAll(async () => {
    if (!server) return;
    expect(await server.stop("SIGTERM"), server.output()).toBe(0);
    // Everything it printed, to the last line of its shutdown, is a JSON line.
    expect(() => logLines(server.stdout())).not.toThrow();
    rmSync(server.dataDir, { recursive: true, force: true });
  });

  const send = (path: string, init: RequestInit = {}) => fetch(server.url + path, { redirect: "manual", ...init });
  /** The log lines of one request, by the id its answer carried, once its line is written. */
  const linesOf = (reqId: string) => waitFor(`the log line of request ${reqId}`, () => {
    const lines = logLines(server.stdout()).filter((line) => line.reqId === reqId);
    return lines.some((line) => line.method) ? lines : null;
  }, 5_000);
  const requestLine = async (reqId: string) => (await linesOf(reqId)).find((line) => line.method)!;

  const scrape = async () => {
    const response = await send("/metrics/prometheus", { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    return response.text();
  };
  /** A sample's value in a scrape; 0 when the series does not exist yet. */
  const sample = (text: string, series: string) => {
    const line = text.split("\n").find((l) => l.startsWith(`${series} `));
    return line ? Number(line.slice(series.length + 1)) : 0;
  };

  it("keeps a sane X-Request-Id, sends it back and logs the request under it as one JSON line", async () => {
    const response = await send("/healthz?token=should-not-be-logged", { headers: { "X-Request-Id": "lb-7f3a.42:trace=1" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBe("lb-7f3a.42:trace=1");
    const line = await requestLine("lb-7f3a.42:trace=1");
    expect(line).toMatchObject({ level: "info", name: "web", pid: server.process.pid, method: "GET", path: "/healthz", route: "/healthz", status: 200, bytes: 15 });
    expect(new Date(line.time).toISOString()).toBe(line.time);
    expect(line.ms).toBeGreaterThanOrEqual(0);
    expect(server.stdout()).not.toContain("should-not-be-logged");
  });

  it("gives a request without an id (or with one that is not a sane token) a new one", async () => {
    for (const sent of [undefined, "two words", "x".repeat(129), "a\u00e9b"]) {
      const response = await send("/login", { headers: sent === undefined ? {} : { "X-Request-Id": sent } });
      expect(response.status).toBe(200);
      const id = response.headers.get("x-request-id")!;
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(await requestLine(id)).toMatchObject({ method: "GET", path: "/login", route: "routes/login", status: 200 });
    }
  });

  it("logs a 404 and a 400 as one line each, without a stack", async () => {
    const missing = await send("/no-such-page/12345");
    expect(missing.status).toBe(404);
    const badForm = await send("/login", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url },
      body: new URLSearchParams({ email: "not an address", password: "x" }),
    });
    expect(badForm.status).toBe(400);
    const badAddress = await send("/%E0%A4%A");
    expect(badAddress.status).toBe(400);

    for (const response of [missing, badForm, badAddress]) {
      const lines = await linesOf(response.headers.get("x-request-id")!);
      expect(lines, JSON.stringify(lines)).toHaveLength(1);
      expect(lines[0].level).toBe("info");
      expect(lines[0].status).toBe(response.status);
      expect(lines[0].err).toBeUndefined();
    }
    expect((await linesOf(missing.headers.get("x-request-id")!))[0]).toMatchObject({ path: "/no-such-page/12345", route: "unmatched" });
    // Nothing anywhere in the log is a stack trace.
    expect(logLines(server.stdout()).filter((line) => line.err || /\n\s+at /.test(line.msg))).toEqual([]);
    expect(server.output()).not.toMatch(/^\s+at /m);
  });

  it("answers /metrics/prometheus only with the token", async () => {
    const none = await send("/metrics/prometheus");
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toBe('Bearer realm="metrics"');
    expect(await none.text()).not.toContain("cp_");
    const wrong = await send("/metrics/prometheus", { headers: { Authorization: `Bearer ${TOKEN.slice(0, -1)}x` } });
    expect(wrong.status).toBe(401);
    const basic = await send("/metrics/prometheus", { headers: { Authorization: `Basic ${Buffer.from(`user:${TOKEN}`).toString("base64")}` } });
    expect(basic.status).toBe(401);
    // The managers' metrics page is still there, and still asks them to sign in.
    const page = await send("/metrics");
    expect(page.status).toBe(302);
    expect(page.headers.get("location")).toMatch(/^\/login/);
  });

  it("counts requests by route pattern and status class, never by the address with its ids", async () => {
    const before = await scrape();
    const healthz = 'cp_http_requests_total{method="GET",route="/healthz",status_class="2xx"}';
    const material = 'cp_http_requests_total{method="GET",route="routes/materials.$materialId._index",status_class="3xx"}';
    for (let i = 0; i < 3; i++) expect((await send("/healthz")).status).toBe(200);
    for (const id of [101, 102, 103, 104]) expect((await send(`/materials/${id}`)).status).toBe(302);
    const after = await scrape();
    expect(sample(after, healthz) - sample(before, healthz)).toBe(3);
    expect(sample(after, material) - sample(before, material)).toBe(4);
    expect(after).toContain('cp_http_request_duration_seconds_count{method="GET",route="routes/materials.$materialId._index",status_class="3xx"}');
    expect(sample(after, 'cp_http_requests_total{method="GET",route="unmatched",status_class="4xx"}')).toBeGreaterThanOrEqual(1);
    expect(after).not.toMatch(/route="[^"]*\d{3}/);
  });

  it("has the sweep's duration and counts, the outbox backlog and the process metrics", async () => {
    const text = await waitFor("a sweep to be counted", async () => {
      const scraped = await scrape();
      return sample(scraped, 'cp_sweep_duration_seconds_count{outcome="ok"}') >= 1 ? scraped : null;
    }, 15_000, 250);
    expect(text).toMatch(/^# TYPE cp_sweep_duration_seconds histogram$/m);
    expect(text).toMatch(/^cp_sweep_duration_seconds_bucket\{le="0\.1",outcome="ok"\} \d+$/m);
    for (const kind of ["reminders", "roundsClosed", "lateEscalations", "movedUp", "flaggedOverdue", "emailsSent", "emailsFailed"]) {
      expect(text).toMatch(new RegExp(`^cp_sweep_items_total\\{kind="${kind}"\\} \\d+$`, "m"));
    }
    expect(text).toMatch(/^cp_outbox_messages\{state="pending"\} \d+$/m);
    expect(text).toMatch(/^cp_outbox_messages\{state="failed"\} 0$/m);
    expect(text).toMatch(/^cp_outbox_oldest_due_seconds \d+(\.\d+)?$/m);
    expect(text).toMatch(/^cp_email_delivery_failures_total 0$/m);
    expect(text).toMatch(/^process_cpu_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
  });

  it("counts the bytes of uploaded files as they arrive", async () => {
    const database = openDatabase({ url: server.databaseUrl });
    let teamId: number;
    try {
      teamId = (await database.models.SalesTeam.findOne({ where: { name: "Enterprise East" } }))!.id;
    } finally {
      await database.close();
    }
    const signIn = await send("/login", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url },
      body: new URLSearchParams({ email: "marketer1@demo.test", password: DEMO_PASSWORD }),
    });
    expect(signIn.status).toBe(302);
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");

    const before = sample(await scrape(), "cp_upload_bytes_total");
    const pdf = await makePdf({ pages: 2, padBytes: 300_000 });
    const form = new FormData();
    form.append("title", "Observed upload");
    form.append("kind", "collateral");
    form.append("teamIds", String(teamId));
    form.append("file", new Blob([new Uint8Array(pdf)], { type: "application/pdf" }), "observed.pdf");
    const response = await send("/materials/upload", { method: "POST", headers: { Origin: server.url, Cookie: cookie, Accept: "application/json" }, body: form });
    expect(response.status, await response.clone().text()).toBe(201);
    expect(sample(await scrape(), "cp_upload_bytes_total") - before).toBe(pdf.length);

    const line: LogLine = await requestLine(response.headers.get("x-request-id")!);
    expect(line).toMatchObject({ method: "POST", path: "/materials/upload", route: "routes/materials.upload", status: 201 });
    expect(requestLines(server.stdout()).every((l) => !l.path!.includes("?"))).toBe(true);
  });
});
