import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "~/lib/db.server";
import { migrateUp } from "~/lib/migrate.server";
import { seedOpenRounds } from "../helpers/bulk-rounds";
import { runJobsOnce } from "../helpers/jobs";
import { seedDemo } from "../helpers/organisation";
import { makePdf } from "../helpers/pdf";
import { s3ServerEnv, startS3 } from "../helpers/s3";
import { logLines, logMessages, requestLines } from "../helpers/logs";
import { startServer, type RunningServer } from "../helpers/server";
import { waitFor } from "../helpers/wait";

/**
 * Liveness and readiness of the real server process, and what SIGTERM does to what it is
 * doing: a download in flight, a request arriving as it stops, a sweep half-way.
 */

const MB = 1024 * 1024;
const servers: RunningServer[] = [];
const cleanups: (() => Promise<unknown> | unknown)[] = [];

afterAll(async () => {
  for (const server of servers) {
    if (server.process.exitCode === null && server.process.signalCode === null) await server.stop("SIGKILL");
    rmSync(server.dataDir, { recursive: true, force: true });
  }
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function launch(env: Record<string, string>) {
  const server = await startServer(env);
  servers.push(server);
  return server;
}

async function signIn(server: RunningServer, email: string) {
  const response = await fetch(`${server.url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url },
    body: new URLSearchParams({ email, password: "preview-demo" }),
  });
  const cookie = response.headers.get("set-cookie");
  if (response.status !== 302 || !cookie) throw new Error(`Sign-in as ${email}: ${response.status}`);
  return cookie.split(";")[0];
}

/** Uploads `bytes` as a new material of marketer1's and returns its version's id. */
async function uploadVersion(server: RunningServer, cookie: string, bytes: Buffer) {
  const database = openDatabase({ url: server.databaseUrl, busyTimeoutMs: 10_000 });
  try {
    const team = await database.models.SalesTeam.findOne({ where: { name: "Enterprise East" } });
    const form = new FormData();
    form.append("title", "A large deck");
    form.append("kind", "collateral");
    form.append("teamIds", String(team!.id));
    form.append("file", new Blob([new Uint8Array(bytes)]), "deck.pdf");
    const response = await fetch(`${server.url}/materials/upload`, { method: "POST", redirect: "manual", headers: { Origin: server.url, Cookie: cookie, Accept: "application/json" }, body: form });
    const body = await response.text();
    expect(response.status, body).toBe(201);
    const materialId = Number(JSON.parse(body).url.split("/").pop());
    return (await database.models.MaterialVersion.findOne({ where: { materialId } }))!.id;
  } finally {
    await database.close();
  }
}

/**
 * A download read by a client that takes its time: `pace` says, after each chunk, how long
 * to wait before reading on (null: stop reading). Resolves with what arrived and how it ended.
 */
function slowDownload(server: RunningServer, versionId: number, cookie: string, pace: (received: number) => number | null) {
  const { hostname, port } = new URL(server.url);
  let received = 0;
  const hash = createHash("sha256");
  let resolveStarted: () => void;
  let released = false;
  let current: http.IncomingMessage | undefined;
  const started = new Promise<void>((resolve) => (resolveStarted = resolve));
  const done = new Promise<{ status: number; length: number; received: number; sha256: string; complete: boolean }>((resolve, reject) => {
    const request = http.get({ hostname, port, path: `/files/${versionId}`, headers: { Cookie: cookie }, agent: false }, (response) => {
      current = response;
      const length = Number(response.headers["content-length"]);
      let finished = false;
      const end = (complete: boolean) => {
        if (finished) return;
        finished = true;
        resolve({ status: response.statusCode!, length, received, sha256: hash.digest("hex"), complete });
      };
      response.on("data", (chunk: Buffer) => {
        received += chunk.length;
        hash.update(chunk);
        if (received >= MB) resolveStarted();
        const wait = released ? 0 : pace(received);
        if (wait === null) return void response.pause();
        if (wait > 0) {
          response.pause();
          setTimeout(() => response.resume(), wait);
        }
      });
      // The connection may close while a paused response still holds the last chunks: when
      // every byte came, the end is when they have been read ('end'), not when it closed.
      const closed = () => (response.complete && !response.readableEnded ? void response.resume() : end(response.complete));
      response.on("end", () => end(response.complete));
      response.on("aborted", () => end(false));
      response.on("error", () => end(false));
      response.on("close", closed);
      // A paused response reports nothing when its connection is cut: the request does.
      request.on("close", closed);
    });
    request.on("error", reject);
  });
  return {
    started,
    done,
    received: () => received,
    /** Reads on at full speed: a paused client would not notice its connection closing. */
    release() {
      released = true;
      current?.resume();
    },
  };
}

/** Sends the start of a GET's headers on a connection of its own; `finish()` sends the rest and reads the answer. */
async function requestInTwoParts(server: RunningServer, pathname: string) {
  const { hostname, port } = new URL(server.url);
  const socket = net.connect(Number(port), hostname);
  let answer = "";
  socket.on("data", (chunk) => (answer += chunk));
  socket.on("error", () => undefined);
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  socket.write(`GET ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\n`);
  return {
    async finish() {
      socket.write("\r\n");
      await Promise.race([closed, waitFor("the answer", () => /\r\n\r\n[\s\S]*\}/.test(answer), 5_000)]);
      socket.destroy();
      return answer;
    },
  };
}

function refusesConnections(server: RunningServer) {
  const { hostname, port } = new URL(server.url);
  return new Promise<boolean>((resolve) => {
    const socket = net.connect(Number(port), hostname);
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNREFUSED"));
  });
}

describe("/healthz and /readyz on an S3-backed server", () => {
  let server: RunningServer;
  let s3: Awaited<ReturnType<typeof startS3>>;
  beforeAll(async () => {
    s3 = await startS3();
    server = await launch({ JOBS: "off", ...s3ServerEnv(s3.endpoint) });
  });

  it("is ready with its three checks named, then 503 naming files once S3 is down, while /healthz stays 200", async () => {
    const ready = await fetch(`${server.url}/readyz`);
    const body = await ready.json();
    expect(ready.status, JSON.stringify(body)).toBe(200);
    expect(body).toEqual({
      status: "ready",
      checks: {
        database: { ok: true, ms: expect.any(Number) },
        files: { ok: true, ms: expect.any(Number) },
        outbox: { ok: true, ms: expect.any(Number), pending: expect.any(Number), oldestDueSeconds: expect.any(Number) },
      },
    });

    await s3.stop();
    const started = Date.now();
    const unready = await fetch(`${server.url}/readyz`);
    const down = await unready.json();
    expect(Date.now() - started).toBeLessThan(3_000); // the check's 2 s bound, with room
    expect(unready.status, JSON.stringify(down)).toBe(503);
    expect(down.status).toBe("unready");
    expect(down.checks.files.ok).toBe(false);
    expect(down.checks.files.error).toBeTruthy();
    expect(down.checks.database.ok).toBe(true);

    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    expect(await server.stop("SIGTERM"), server.output()).toBe(0);
  });
});

describe("SIGTERM with a 40 MB download in flight", () => {
  let pdf: Buffer;
  let sha256: string;
  beforeAll(async () => {
    pdf = await makePdf({ pages: 2, padBytes: 40 * MB, title: "A large deck" });
    sha256 = createHash("sha256").update(pdf).digest("hex");
  });

  async function serverWithDownload(grace: number) {
    const server = await launch({ JOBS: "off", LOG_REQUESTS: "on", SHUTDOWN_GRACE_S: String(grace), PDF_CHECK_TIMEOUT_S: "60" });
    const cookie = await signIn(server, "marketer1@demo.test");
    const versionId = await uploadVersion(server, cookie, pdf);
    return { server, cookie, versionId };
  }

  it("lets it finish in full within the grace, answers a request arriving meanwhile 503 stopping, and exits 0", async () => {
    const { server, cookie, versionId } = await serverWithDownload(10);
    // A pause of 40 ms every 512 KB: about 12 MB/s, some 3 s for the file, inside the 10 s grace.
    let next = 0;
    const download = slowDownload(server, versionId, cookie, (received) => {
      if (received < next) return 0;
      next = received + 512 * 1024;
      return 40;
    });
    await download.started;
    // The listener closes at SIGTERM, so no fresh connection can ask. A request whose
    // headers were on their way as the signal came (a balancer's health check, say) is
    // answered: 503 "stopping", and its connection closed.
    const arriving = await requestInTwoParts(server, "/readyz");
    const receivedAtSignal = download.received();
    const exited = server.stop("SIGTERM");
    await waitFor("the shutdown to begin", () => server.output().includes("SIGTERM received"), 5_000);
    const answer = await arriving.finish();
    expect(answer).toMatch(/^HTTP\/1\.1 503 /);
    expect(answer).toMatch(/\r\nconnection: close\r\n/i);
    expect(JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4))).toEqual({ status: "stopping" });
    expect(await refusesConnections(server)).toBe(true);

    const result = await download.done;
    expect(receivedAtSignal).toBeLessThan(result.length / 2); // it was far from done at SIGTERM
    expect(result).toMatchObject({ status: 200, complete: true, received: pdf.length, length: pdf.length });
    expect(result.sha256).toBe(sha256);
    expect(await exited, server.output()).toBe(0);
    expect(requestLines(server.stdout()).filter((line) => line.path === `/files/${versionId}`)).toEqual([expect.objectContaining({ method: "GET", status: 200, bytes: pdf.length })]);
    expect(server.output()).not.toMatch(/aborted|Requests still open/);
    expect(server.output()).toContain("Stopped.");
  });

  it("aborts one that cannot finish when the grace ends, logs it as aborted (not as a 200), and exits 0", async () => {
    const { server, cookie, versionId } = await serverWithDownload(2);
    // Reads 2 MB, then nothing more: the server cannot send the rest.
    const download = slowDownload(server, versionId, cookie, (received) => (received < 2 * MB ? 0 : null));
    await download.started;
    const signalledAt = Date.now();
    const code = await server.stop("SIGTERM");
    const stoppedAfterMs = Date.now() - signalledAt;
    download.release();
    const result = await download.done;
    expect(code, server.output()).toBe(0);
    expect(stoppedAfterMs).toBeGreaterThanOrEqual(1_900);
    expect(stoppedAfterMs).toBeLessThan(6_000);
    expect(result.complete).toBe(false);
    expect(result.received).toBeLessThan(pdf.length);
    const lines = logMessages(server.stdout());
    expect(lines.filter((line) => line.startsWith(`Download of version ${versionId} `))).toEqual([
      expect.stringMatching(new RegExp(`^Download of version ${versionId} aborted after \\d+(\\.\\d)? MB of 40 MB: the server is stopping\\.$`)),
    ]);
    // Its request line says aborted, with the status its headers had promised: never a plain 200.
    expect(requestLines(server.stdout()).filter((line) => line.path === `/files/${versionId}`)).toEqual([
      expect.objectContaining({ msg: `GET /files/${versionId} aborted, 200 headers sent`, aborted: true, status: 200 }),
    ]);
    expect(server.output()).not.toContain("Requests still open");
    expect(server.output()).toContain("Stopped.");
  });
});

const ROUNDS = 600;
const DUE = 500;

/** A database of its own with 600 open rounds, 500 of them due: a sweep of a few seconds. */
function sweepDatabase(prefix: string) {
  let database: Database | undefined;
  return {
    async open() {
      const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      const databaseUrl = `sqlite:${path.join(dir, "app.sqlite")}`;
      const opened = openDatabase({ url: databaseUrl, busyTimeoutMs: 10_000 });
      database = opened;
      cleanups.push(() => opened.close());
      await migrateUp(opened);
      const demo = await seedDemo(opened);
      await seedOpenRounds(opened, {
        count: ROUNDS,
        dueCount: DUE,
        teamId: demo.team("Enterprise East").id,
        ownerId: demo.user("marketer1").id,
        memberIds: [demo.user("east.committee1").id, demo.user("east.committee2").id],
        now: new Date(),
      });
      return { databaseUrl, database: opened };
    },
    closedCount: () => database!.models.PreviewRound.count({ where: { state: "closed" } }),
  };
}

describe("SIGTERM in the middle of a sweep", () => {
  const sweep = sweepDatabase("cp-sweep-stop-");
  let databaseUrl: string;
  let database: Database;
  beforeAll(async () => {
    ({ databaseUrl, database } = await sweep.open());
  });
  const closedCount = sweep.closedCount;

  it("with the grace to spare, waits for the sweep to finish, then exits 0 (an idle keep-alive connection does not hold it)", async () => {
    const server = await launch({ DATABASE_URL: databaseUrl, JOBS: "on", SWEEP_INTERVAL_S: "600", SHUTDOWN_GRACE_S: "30" });
    // fetch keeps its connection open for the next request: idle while the server stops.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    await waitFor("the sweep to close some rounds", async () => (await closedCount()) >= 20, 30_000, 5);
    const closedAtSignal = await closedCount();
    const code = await server.stop("SIGTERM");
    expect(code, server.output()).toBe(0);
    expect(closedAtSignal).toBeLessThan(DUE); // it was half-way at SIGTERM
    expect(await closedCount()).toBe(DUE);
    expect(await database.models.AppSetting.findByPk("last_sweep_at")).not.toBeNull();
    expect(logLines(server.stdout()).filter((line) => (line.sweep as { roundsClosed?: number } | undefined)?.roundsClosed === DUE)).toHaveLength(1);
    expect(server.output()).toMatch(new RegExp(`Sweep in \\d+ ms: roundsClosed=${DUE}`));
    expect(server.output()).not.toMatch(/Requests still open|had not finished/);
    expect(server.output()).toContain("Stopped.");
  });
});

describe("SIGTERM in the middle of a sweep, with no grace", () => {
  const sweep = sweepDatabase("cp-sweep-cut-");
  let databaseUrl: string;
  let database: Database;
  beforeAll(async () => {
    ({ databaseUrl, database } = await sweep.open());
  });
  const closedCount = sweep.closedCount;

  it("leaves the sweep's open transaction unfinished, exits 0, and the next sweep closes the rest exactly once", async () => {
    const server = await launch({ DATABASE_URL: databaseUrl, JOBS: "on", SWEEP_INTERVAL_S: "600", SHUTDOWN_GRACE_S: "0" });
    await waitFor("the sweep to close some rounds", async () => (await closedCount()) >= 20, 30_000, 5);
    const code = await server.stop("SIGTERM");
    expect(code, server.output()).toBe(0);
    expect(server.output()).toContain("The sweep in progress had not finished after 0 s");
    expect(server.output()).not.toContain("Requests still open");
    const closedByFirst = await closedCount();
    expect(closedByFirst).toBeLessThan(DUE);

    const next = await runJobsOnce({ DATABASE_URL: databaseUrl });
    expect(next.roundsClosed).toBe(DUE - closedByFirst);
    expect(await closedCount()).toBe(DUE);
    expect(await database.models.AuditEvent.count({ where: { action: "round.closed" } })).toBe(DUE);
    expect(await database.models.RoundDecision.count({ where: { decision: "no_objection" } })).toBe(2 * DUE);
  });
});
