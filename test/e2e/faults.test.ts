import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readlinkSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { QueryTypes } from "sequelize";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "~/lib/db.server";
import { migrateUp } from "~/lib/migrate.server";
import { seedOpenRounds } from "../helpers/bulk-rounds";
import { runJobsOnce } from "../helpers/jobs";
import { seedDemo } from "../helpers/organisation";
import { makePdf } from "../helpers/pdf";
import { TEST_BUCKET, s3ServerEnv, s3TestClient, startS3 } from "../helpers/s3";
import { logMessages } from "../helpers/logs";
import { closedPort, startServer, type RunningServer } from "../helpers/server";
import { startSmtp } from "../helpers/smtp";
import { visibleText } from "../helpers/http";
import { waitFor } from "../helpers/wait";

/**
 * Four faults, each on a server of its own: the SMTP server down, the S3 store answering
 * errors, another process holding SQLite's write lock, and the server killed in the middle
 * of a sweep. After each: nothing lost, nothing done twice, and whoever was caught in it
 * read a clear message (never a stack trace, never a raw driver error).
 */

const PASSWORD = "preview-demo";

/** What no person may ever read in a page or an answer. */
const LEAKS = /SQLITE_BUSY|SQLITE_|SequelizeDatabaseError|\n\s+at [\w.<>]+ \(|Unexpected Server Error/;

const servers: RunningServer[] = [];
const children: ChildProcess[] = [];
const cleanups: (() => Promise<unknown> | unknown)[] = [];

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
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

function tempDir(prefix: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** HTTP as a browser on the app's own pages speaks it, against one server. */
function browserFor(server: RunningServer) {
  const base = server.url;
  const cookieHeader = (cookie?: string): Record<string, string> => (cookie ? { Cookie: cookie } : {});
  return {
    async signIn(email: string) {
      const response = await this.post("/login", { email, password: PASSWORD });
      const setCookie = response.headers.get("set-cookie");
      if (response.status !== 302 || !setCookie) throw new Error(`Sign-in as ${email}: ${response.status} ${await response.text()}`);
      return setCookie.split(";")[0];
    },
    get(pathname: string, cookie?: string, headers: Record<string, string> = {}) {
      return fetch(base + pathname, { redirect: "manual", headers: { ...cookieHeader(cookie), ...headers } });
    },
    post(pathname: string, fields: Record<string, string>, cookie?: string) {
      return fetch(base + pathname, {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base, ...cookieHeader(cookie) },
        body: new URLSearchParams(fields),
      });
    },
    upload(pathname: string, fields: Record<string, string>, file: { name: string; bytes: Uint8Array }, cookie: string) {
      const form = new FormData();
      for (const [key, value] of Object.entries(fields)) form.append(key, value);
      form.append("file", new Blob([new Uint8Array(file.bytes)]), file.name);
      return fetch(base + pathname, { method: "POST", redirect: "manual", headers: { Origin: base, Cookie: cookie, Accept: "application/json" }, body: form });
    },
  };
}
type Browser = ReturnType<typeof browserFor>;

/** Reads an answer and checks that what a person sees is an answer, not a crash. */
async function readClear(response: Response) {
  const body = await response.text();
  expect(body, `${response.status} ${response.url}`).not.toMatch(LEAKS);
  return body;
}

/** Answered 2xx or 3xx, with nothing leaked. */
async function expectWorks(response: Response) {
  const body = await readClear(response);
  expect(response.status, `${response.url}: ${body.slice(0, 300)}`).toBeLessThan(400);
  return body;
}

async function newMaterial(browser: Browser, cookie: string, title: string, teamId: number, bytes?: Buffer) {
  const file = { name: "m.pdf", bytes: bytes ?? (await makePdf({ pages: 2, title })) };
  const response = await browser.upload("/materials/upload", { title, kind: "collateral", teamIds: String(teamId) }, file, cookie);
  const body = await readClear(response);
  expect(response.status, body).toBe(201);
  return Number(JSON.parse(body).url.split("/").pop());
}

function openHandle(server: RunningServer | { databaseUrl: string }) {
  const database = openDatabase({ url: server.databaseUrl, busyTimeoutMs: 10_000 });
  cleanups.push(() => database.close());
  return database;
}

async function ids(database: Database) {
  const users = await database.models.User.findAll();
  const teams = await database.models.SalesTeam.findAll();
  return {
    user: (prefix: string) => users.find((u) => u.email === `${prefix}@demo.test`)!.id,
    team: (name: string) => teams.find((t) => t.name === name)!.id,
  };
}

describe("SMTP down for the whole run", () => {
  let server: RunningServer;
  let database: Database;
  let smtpPort: number;
  const log: string[] = [];

  beforeAll(async () => {
    smtpPort = await closedPort();
    server = await launch({ SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, JOBS: "off" });
    database = openHandle(server);
  });

  const sweep = () => runJobsOnce({ DATABASE_URL: server.databaseUrl, SMTP_URL: `smtp://127.0.0.1:${smtpPort}` });
  /** Moves every pending message's next attempt into the past: the back-off has run out. */
  const backoffPassed = () => database.models.OutboxMessage.update({ nextAttemptAt: new Date(Date.now() - 1_000) }, { where: { state: "pending" } });

  it("people keep working, the sweep keeps running, and every message arrives exactly once when SMTP is back", async () => {
    const browser = browserFor(server);
    const who = await ids(database);
    const east = who.team("Enterprise East");
    const [marketer, member1, member2, admin] = await Promise.all(
      ["marketer1", "east.committee1", "east.committee2", "admin"].map((p) => browser.signIn(`${p}@demo.test`)),
    );
    const outboxAtStart = await database.models.OutboxMessage.count();

    // A preview decided by both members (closes at once) …
    const decided = await newMaterial(browser, marketer, "SMTP outage: decided", east);
    await expectWorks(await browser.post(`/materials/${decided}`, { intent: "submit" }, marketer));
    const decidedVersion = (await database.models.MaterialVersion.findOne({ where: { materialId: decided } }))!.id;
    await expectWorks(
      await browser.post(`/materials/${decided}`, { intent: "comment", versionId: String(decidedVersion), body: "The list price is last year's.", category: "pricing", page: "1", x: "0.5", y: "0.5" }, member1),
    );
    const comment = (await database.models.Comment.findOne({ where: { versionId: decidedVersion } }))!;
    await expectWorks(await browser.post(`/materials/${decided}`, { intent: "answer", commentId: String(comment.id), answer: "accept" }, marketer));
    const round = (await database.models.PreviewRound.findOne({ where: { materialId: decided } }))!;
    await expectWorks(await browser.post(`/materials/${decided}`, { intent: "decide", roundId: String(round.id), decision: "approved", summary: "Fine once the price is fixed." }, member1));
    await expectWorks(await browser.post(`/materials/${decided}`, { intent: "decide", roundId: String(round.id), decision: "approved", summary: "Good." }, member2));
    expect((await database.models.PreviewRound.findByPk(round.id))!.state).toBe("closed");

    // … and one nobody decides, whose deadline has passed: the sweep closes it.
    const lapsed = await newMaterial(browser, marketer, "SMTP outage: lapsed", east);
    await expectWorks(await browser.post(`/materials/${lapsed}`, { intent: "submit" }, marketer));
    await database.models.PreviewRound.update({ dueAt: new Date(Date.now() - 60_000) }, { where: { materialId: lapsed } });

    for (const [pathname, cookie] of [
      ["/", marketer],
      ["/", member1],
      [`/materials/${decided}`, marketer],
      [`/materials/${lapsed}`, member2],
      ["/notifications", marketer],
      ["/admin/outbox", admin],
    ] as const) {
      await expectWorks(await browser.get(pathname, cookie));
    }

    const firstStarted = Date.now();
    const first = await sweep();
    const firstEnded = Date.now();
    expect(first.roundsClosed).toBe(1);
    const total = await database.models.OutboxMessage.count();
    const queuedByWork = total - outboxAtStart;
    expect(queuedByWork).toBeGreaterThanOrEqual(6); // 2 + 2 preview requests, 2 rounds closed, …
    expect(first.emailsSent).toBe(0);
    expect(first.emailsFailed).toBe(total);
    let rows = await database.models.OutboxMessage.findAll();
    expect(rows.every((m) => m.state === "pending" && m.sentAt == null && m.attempts === 1 && /ECONNREFUSED|connect/i.test(m.lastError ?? ""))).toBe(true);

    // Each failed message waits out a 30 s back-off from the sweep that tried it …
    for (const m of rows) {
      expect(m.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(firstStarted + 30_000);
      expect(m.nextAttemptAt.getTime()).toBeLessThanOrEqual(firstEnded + 30_000);
    }
    // … and a sweep within it leaves them alone (the wait is stretched so a slow machine cannot outrun it).
    await database.models.OutboxMessage.update({ nextAttemptAt: new Date(Date.now() + 10 * 60_000) }, { where: { state: "pending" } });
    const early = await sweep();
    expect(early.emailsSent + early.emailsFailed).toBe(0);
    // Once it has run out, they are tried again, and fail again: still pending, not lost.
    await backoffPassed();
    const retried = await sweep();
    expect(retried).toMatchObject({ emailsSent: 0, emailsFailed: total });
    rows = await database.models.OutboxMessage.findAll();
    expect(rows.every((m) => m.state === "pending" && m.attempts === 2)).toBe(true);

    // The outage is visible to the admin, not to the people working.
    await expectWorks(await browser.get("/admin/outbox", admin));
    await expectWorks(await browser.get(`/materials/${lapsed}`, marketer));

    // SMTP comes back on the same port.
    const smtp = await startSmtp(smtpPort);
    cleanups.push(() => smtp.stop());
    await backoffPassed();
    const recovered = await sweep();
    expect(recovered).toMatchObject({ emailsSent: total, emailsFailed: 0 });
    await backoffPassed();
    expect((await sweep()).emailsSent).toBe(0);

    rows = await database.models.OutboxMessage.findAll();
    expect(rows.every((m) => m.state === "sent" && m.sentAt != null)).toBe(true);
    expect(smtp.received).toHaveLength(total);
    const messageIds = smtp.received.map((m) => m.messageId);
    expect(new Set(messageIds).size).toBe(total);
    expect([...messageIds].sort()).toEqual(rows.map((m) => `<outbox-${m.id}@collateral-preview>`).sort());
    log.push(`SMTP: ${total} messages (${queuedByWork} from the work during the outage), each attempted twice while down, then delivered once`);
    console.log(log.join("\n"));
  });
});

/**
 * A tiny HTTP proxy in front of s3rver. While `failing`, it answers every request with an
 * S3-style 503 (the body is read and dropped first), the way an overloaded store does.
 */
async function startFlakyProxy(target: string) {
  const upstream = new URL(target);
  const state = { failing: false as boolean | ((req: http.IncomingMessage) => boolean), failed: 0, forwarded: 0 };
  const server = http.createServer((req, res) => {
    if (typeof state.failing === "function" ? state.failing(req) : state.failing) {
      state.failed++;
      req.resume();
      req.on("end", () => {
        res.writeHead(503, { "Content-Type": "application/xml" });
        res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>ServiceUnavailable</Code><Message>Please reduce your request rate.</Message></Error>`);
      });
      return;
    }
    state.forwarded++;
    // The Host header is passed on as it came: it is part of the request's signature.
    const forward = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on("error", () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    state,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Every file s3rver keeps on disk (objects, their metadata, unfinished multipart uploads). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

describe("the S3 store answering errors for a while", () => {
  let server: RunningServer;
  let database: Database;
  let s3: Awaited<ReturnType<typeof startS3>>;
  let proxy: Awaited<ReturnType<typeof startFlakyProxy>>;
  let client: S3Client;

  beforeAll(async () => {
    s3 = await startS3();
    cleanups.push(() => s3.stop());
    proxy = await startFlakyProxy(s3.endpoint);
    cleanups.push(() => proxy.close());
    server = await launch({ JOBS: "off", ...s3ServerEnv(proxy.url) });
    database = openHandle(server);
    // Straight to s3rver, past the proxy: what is really in the bucket.
    client = s3TestClient(s3.endpoint);
    cleanups.push(() => client.destroy());
  });

  async function objects() {
    const listed = await client.send(new ListObjectsV2Command({ Bucket: TEST_BUCKET }));
    return (listed.Contents ?? []).map((o) => o.Key!).sort();
  }
  async function storedKeys() {
    return (await database.models.MaterialVersion.findAll()).map((v) => v.storageKey).sort();
  }

  it("refuses uploads with a clear 503 while the store fails, keeps nothing of them, and takes the same upload afterwards", async () => {
    const browser = browserFor(server);
    const east = (await ids(database)).team("Enterprise East");
    const [marketer, member] = await Promise.all(["marketer1", "east.committee1"].map((p) => browser.signIn(`${p}@demo.test`)));

    // One file stored before the outage, to read during it.
    const earlier = await makePdf({ pages: 2, title: "Before the outage" });
    const earlierId = await newMaterial(browser, marketer, "S3 outage: earlier", east, earlier);
    const earlierVersion = (await database.models.MaterialVersion.findOne({ where: { materialId: earlierId } }))!;
    expect(await objects()).toEqual([earlierVersion.storageKey]);
    const before = { materials: await database.models.Material.count(), versions: await database.models.MaterialVersion.count(), audit: await database.models.AuditEvent.count() };

    const small = await makePdf({ pages: 3, title: "During the outage" });
    const large = await makePdf({ pages: 4, padBytes: 12 * 1024 * 1024, title: "A large deck" }); // a multipart upload
    const send = (bytes: Buffer, title: string) =>
      browser.upload("/materials/upload", { title, kind: "collateral", teamIds: String(east) }, { name: "deck.pdf", bytes }, marketer);

    proxy.state.failing = true;
    const started = Date.now();
    const refusals: { status: number; ms: number; body: string }[] = [];
    for (const [bytes, title] of [[small, "S3 outage: small"], [large, "S3 outage: large"]] as const) {
      const t0 = Date.now();
      const response = await send(bytes, title);
      const body = await readClear(response);
      refusals.push({ status: response.status, ms: Date.now() - t0, body });
      expect(response.status, body).toBe(503);
      const answer = JSON.parse(body) as { ok: boolean; errors: Record<string, string> };
      expect(answer.ok).toBe(false);
      expect(Object.values(answer.errors).join(" ")).toMatch(/try again/i);
    }
    // Reading a stored file during the outage: a clear 503 too.
    const read = await browser.get(`/files/${earlierVersion.id}`, member);
    const readBody = await readClear(read);
    expect(read.status, readBody).toBe(503);
    expect(readBody).toMatch(/try again/i);
    // The pages that need only the database keep working.
    await expectWorks(await browser.get(`/materials/${earlierId}`, member));
    await expectWorks(await browser.get("/materials", marketer));
    expect(proxy.state.failed).toBeGreaterThan(0);

    // Nothing of the refused uploads: no rows, no object, no unfinished multipart upload.
    expect({ materials: await database.models.Material.count(), versions: await database.models.MaterialVersion.count(), audit: await database.models.AuditEvent.count() }).toEqual(before);
    expect(await objects()).toEqual([earlierVersion.storageKey]);
    expect(filesUnder(s3.directory).filter((f) => f.includes("uploads"))).toEqual([]);
    expect((await browser.get("/healthz")).status).toBe(200);

    // The store takes the file but fails to read it back (the PDF check reads its structure):
    // still the store's fault, not a "damaged PDF", and the object it took is removed again.
    proxy.state.failing = (req) => req.method === "GET";
    const halfway = await send(small, "S3 outage: reads failing");
    const halfwayBody = await readClear(halfway);
    expect(halfway.status, halfwayBody).toBe(503);
    expect(halfwayBody).toMatch(/try again/i);
    expect(await objects()).toEqual([earlierVersion.storageKey]);
    expect(await database.models.MaterialVersion.count()).toBe(before.versions);
    const failedRequests = proxy.state.failed;

    // The store recovers: the same uploads now go through, and come back byte for byte.
    proxy.state.failing = false;
    const outageMs = Date.now() - started;
    const newIds: number[] = [];
    for (const [bytes, title] of [[small, "S3 outage: small"], [large, "S3 outage: large"]] as const) {
      const response = await send(bytes, title);
      const body = await readClear(response);
      expect(response.status, body).toBe(201);
      newIds.push(Number(JSON.parse(body).url.split("/").pop()));
    }
    expect(await database.models.Material.count()).toBe(before.materials + 2);
    expect(await database.models.MaterialVersion.count()).toBe(before.versions + 2);
    expect(await objects()).toEqual(await storedKeys());
    expect(filesUnder(s3.directory).filter((f) => f.includes("uploads"))).toEqual([]);
    for (const [materialId, bytes] of [[earlierId, earlier], [newIds[0], small], [newIds[1], large]] as const) {
      const version = (await database.models.MaterialVersion.findOne({ where: { materialId } }))!;
      const served = await browser.get(`/files/${version.id}`, member);
      expect(served.status).toBe(200);
      expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);
    }
    console.log(
      `S3: ${failedRequests} requests answered 503 during a ${outageMs} ms outage; uploads refused in ${refusals.map((r) => `${r.ms} ms`).join(" and ")} with "${JSON.parse(refusals[0].body).errors.form ?? JSON.parse(refusals[0].body).errors.file}"`,
    );
  });
});

/**
 * Another process (a backup script, a second worker) takes SQLite's write lock on the
 * server's file with BEGIN IMMEDIATE, writes, holds it for `holdMs`, and commits. Resolves
 * once the lock is held; `released` resolves with the time it was let go.
 */
async function holdWriteLock(databaseUrl: string, holdMs: number) {
  const file = databaseUrl.replace(/^sqlite:/, "");
  const script = `
    const sqlite3 = require("sqlite3");
    const db = new sqlite3.Database(process.argv[1]);
    db.configure("busyTimeout", 10000);
    // A real write inside the lock (undone before commit): the server's next read sees a new snapshot.
    db.exec("BEGIN IMMEDIATE; INSERT INTO app_settings (key, value) VALUES ('fault-test-lock', 'held'); DELETE FROM app_settings WHERE key = 'fault-test-lock';", (error) => {
      if (error) { console.error(error.message); process.exit(1); }
      console.log("locked " + Date.now());
      setTimeout(() => db.exec("COMMIT", (error) => {
        if (error) { console.error(error.message); process.exit(1); }
        console.log("released " + Date.now());
        db.close(() => process.exit(0));
      }), ${holdMs});
    });`;
  const child = spawn(process.execPath, ["-e", script, file], { cwd: process.cwd(), stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const lockedAt = await waitFor("the other process to take the lock", async () => Number(/locked (\d+)/.exec(output)?.[1]) || (child.exitCode !== null ? Promise.reject(new Error(output)) : null), 10_000, 10);
  const released = exited.then((code) => {
    expect(code, output).toBe(0);
    return Number(/released (\d+)/.exec(output)![1]);
  });
  return { lockedAt, released };
}

describe("a second process holding the SQLite write lock for 3 seconds", () => {
  let server: RunningServer;
  let database: Database;

  beforeAll(async () => {
    server = await launch({ JOBS: "off" }); // the default busy timeout: 10 s
    database = openHandle(server);
  });

  it("writes wait for the lock and then succeed; reads do not wait; nothing is lost", async () => {
    const browser = browserFor(server);
    const east = (await ids(database)).team("Enterprise East");
    const [marketer, member1, member2] = await Promise.all(["marketer1", "east.committee1", "east.committee2"].map((p) => browser.signIn(`${p}@demo.test`)));
    const materialId = await newMaterial(browser, marketer, "Locked database", east);
    await expectWorks(await browser.post(`/materials/${materialId}`, { intent: "submit" }, marketer));
    const versionId = (await database.models.MaterialVersion.findOne({ where: { materialId } }))!.id;
    const roundId = (await database.models.PreviewRound.findOne({ where: { materialId } }))!.id;
    const before = { comments: await database.models.Comment.count(), sessions: await database.models.Session.count(), audit: await database.models.AuditEvent.count() };

    const lock = await holdWriteLock(server.databaseUrl, 3_000);
    const timed = async (label: string, request: () => Promise<Response>) => {
      const sent = Date.now();
      const response = await request();
      const body = await readClear(response);
      return { label, status: response.status, body, sent, done: Date.now() };
    };
    const comment = (cookie: string, n: number) =>
      timed(`comment ${n}`, () => browser.post(`/materials/${materialId}`, { intent: "comment", versionId: String(versionId), body: `Comment ${n} while the database was locked.`, category: "messaging" }, cookie));
    const writes = Promise.all([
      comment(member1, 1),
      comment(member2, 2),
      comment(member1, 3),
      comment(member2, 4),
      comment(member1, 5),
      comment(member2, 6),
      timed("decision", () => browser.post(`/materials/${materialId}`, { intent: "decide", roundId: String(roundId), decision: "changes_requested", summary: "See my comments." }, member1)),
      timed("sign-in", () => browser.post("/login", { email: "east.rep1@demo.test", password: PASSWORD })),
    ]);
    // While the writes wait, pages that only read keep answering.
    const read = await timed("page", () => browser.get(`/materials/${materialId}`, marketer));
    const releasedAt = await lock.released;
    const results = await writes;

    expect(read.status).toBe(200);
    expect(read.done).toBeLessThan(releasedAt);
    for (const r of results) {
      expect(r.status, `${r.label}: ${r.body.slice(0, 300)}`).toBe(r.label === "sign-in" ? 302 : 200);
      // Nothing was written while the other process held the lock: every write waited for it.
      expect(r.done, r.label).toBeGreaterThanOrEqual(releasedAt - 100);
    }
    expect(server.output()).not.toMatch(/SQLITE_BUSY/);

    // Every write is there, once.
    const comments = await database.models.Comment.findAll({ where: { versionId }, order: [["id", "ASC"]] });
    expect(comments.map((c) => c.body).sort()).toEqual([1, 2, 3, 4, 5, 6].map((n) => `Comment ${n} while the database was locked.`));
    expect(await database.models.Comment.count()).toBe(before.comments + 6);
    expect(await database.models.Session.count()).toBe(before.sessions + 1);
    const decisions = await database.models.RoundDecision.findAll({ where: { roundId } });
    expect(decisions.map((d) => d.decision).sort()).toEqual(["changes_requested", "pending"]);
    expect(await database.models.AuditEvent.count()).toBeGreaterThan(before.audit);
    expect(await database.models.AppSetting.count({ where: { key: "fault-test-lock" } })).toBe(0);

    const waits = results.map((r) => `${r.label} ${r.done - r.sent} ms`).join(", ");
    console.log(`SQLite lock held ${releasedAt - lock.lockedAt} ms: page read in ${read.done - read.sent} ms; writes answered after ${waits}`);
  });
});

describe("the server killed with SIGKILL in the middle of a sweep, then restarted", () => {
  /** More due rounds than one batch of the sweep (200). */
  const ROUNDS = 500;
  const DUE = 400;
  let databaseUrl: string;
  let database: Database;
  let firstRoundId: number;

  beforeAll(async () => {
    databaseUrl = `sqlite:${path.join(tempDir("cp-kill-"), "app.sqlite")}`;
    database = openHandle({ databaseUrl });
    await migrateUp(database);
    const demo = await seedDemo(database);
    const east = demo.team("Enterprise East");
    ({ firstRoundId } = await seedOpenRounds(database, {
      count: ROUNDS,
      dueCount: DUE,
      teamId: east.id,
      ownerId: demo.user("marketer1").id,
      memberIds: [demo.user("east.committee1").id, demo.user("east.committee2").id],
      now: new Date(),
    }));
  });

  const closedCount = () => database.models.PreviewRound.count({ where: { state: "closed" } });
  const grouped = (sql: string) => database.sequelize.query<{ n: number }>(sql, { type: QueryTypes.SELECT });

  it("closes every due round exactly once, with one set of messages, notifications and audit entries each", async () => {
    // The scheduler sweeps one second after start-up; no SMTP: the messages stay in the outbox.
    const first = await launch({ DATABASE_URL: databaseUrl, JOBS: "on" });
    const sweepStarted = Date.now();
    await waitFor("the sweep to close some rounds", async () => (await closedCount()) >= 50, 30_000, 5);
    await first.stop("SIGKILL");
    const killedAfterMs = Date.now() - sweepStarted;
    expect(first.process.signalCode).toBe("SIGKILL");
    const closedBeforeKill = await closedCount();
    expect(closedBeforeKill).toBeGreaterThan(0);
    expect(closedBeforeKill).toBeLessThan(DUE); // killed half-way, not after the end
    const firstSweepAt = (await database.models.PreviewRound.findOne({ where: { state: "closed" } }))!.closedAt!;
    expect(await database.models.AppSetting.findByPk("last_sweep_at")).toBeNull(); // the sweep never finished

    // Restarted, the server's next sweep finishes the work.
    const restartedAt = new Date();
    const second = await launch({ DATABASE_URL: databaseUrl, JOBS: "on" });
    await waitFor(
      "the restarted server's sweep to finish",
      async () => {
        const last = await database.models.AppSetting.findByPk("last_sweep_at");
        return last && new Date(last.value) >= restartedAt;
      },
      60_000,
      100,
    );
    expect(await second.stop("SIGTERM"), second.output()).toBe(0);

    // Every due round closed, none that was not due, and none left open.
    const closed = await database.models.PreviewRound.findAll({ where: { state: "closed" }, attributes: ["id", "closedAt"], order: [["id", "ASC"]] });
    expect(closed.map((r) => r.id)).toEqual(Array.from({ length: DUE }, (_, i) => firstRoundId + i));
    expect(await database.models.PreviewRound.count({ where: { state: "open" } })).toBe(ROUNDS - DUE);
    // Those the killed sweep had closed kept their closing time: none was closed a second time.
    expect(closed.filter((r) => r.closedAt!.getTime() === firstSweepAt.getTime())).toHaveLength(closedBeforeKill);
    expect(closed.every((r) => r.closedAt!.getTime() === firstSweepAt.getTime() || r.closedAt! >= restartedAt)).toBe(true);

    // One audit entry, one email and one notification per closed round.
    expect(await database.models.AuditEvent.count({ where: { action: "round.closed" } })).toBe(DUE);
    expect(await grouped(`SELECT entityId, COUNT(*) AS n FROM audit_events WHERE action = 'round.closed' GROUP BY entityId HAVING COUNT(*) > 1`)).toEqual([]);
    expect(await database.models.OutboxMessage.count({ where: { kind: "round_closed" } })).toBe(DUE);
    expect(await grouped(`SELECT subject, COUNT(*) AS n FROM outbox_messages WHERE kind = 'round_closed' GROUP BY subject HAVING COUNT(*) > 1`)).toEqual([]);
    expect(await grouped(`SELECT link, COUNT(*) AS n FROM notifications WHERE text LIKE 'Preview closed:%' GROUP BY link HAVING COUNT(*) > 1`)).toEqual([]);
    expect(await grouped(`SELECT link FROM notifications WHERE text LIKE 'Preview closed:%'`)).toHaveLength(DUE);
    // Each member of each closed round: "no objection by deadline", once.
    expect(await database.models.RoundDecision.count({ where: { decision: "no_objection" } })).toBe(2 * DUE);
    expect(await database.models.RoundDecision.count({ where: { decision: "pending" } })).toBe(2 * (ROUNDS - DUE));
    expect(await database.models.Material.count({ where: { status: "closed" } })).toBe(DUE);

    console.log(`SIGKILL: killed ${killedAfterMs} ms into the sweep with ${closedBeforeKill} of ${DUE} due rounds closed; the restarted server closed the other ${DUE - closedBeforeKill}`);
  });
});

describe("a lock held longer than the busy timeout", () => {
  let server: RunningServer;
  let database: Database;

  beforeAll(async () => {
    // A busy timeout far shorter than the lock: the write gives up (after Sequelize's own retries).
    server = await launch({ JOBS: "off", SQLITE_BUSY_TIMEOUT_MS: "100" });
    database = openHandle(server);
  });

  it("tells the person to try again (503), keeps nothing, and takes the same comment afterwards", async () => {
    const browser = browserFor(server);
    const east = (await ids(database)).team("Enterprise East");
    const [marketer, member] = await Promise.all(["marketer1", "east.committee1"].map((p) => browser.signIn(`${p}@demo.test`)));
    const materialId = await newMaterial(browser, marketer, "Busy database", east);
    await expectWorks(await browser.post(`/materials/${materialId}`, { intent: "submit" }, marketer));
    const versionId = (await database.models.MaterialVersion.findOne({ where: { materialId } }))!.id;
    const fields = { intent: "comment", versionId: String(versionId), body: "Posted while another process held the lock.", category: "messaging" };
    const before = await database.models.Comment.count();

    const lock = await holdWriteLock(server.databaseUrl, 6_000);
    const refused = await browser.post(`/materials/${materialId}`, fields, member);
    const body = await readClear(refused);
    expect(refused.status).toBe(503);
    expect(visibleText(body)).toContain("The database is busy with other changes right now, so nothing was saved. Please try again in a moment.");
    await lock.released;
    expect(await database.models.Comment.count()).toBe(before);

    await expectWorks(await browser.post(`/materials/${materialId}`, fields, member));
    expect(await database.models.Comment.count()).toBe(before + 1);
  });
});

/**
 * An upload whose body stops arriving: the socket is closed with part of the file sent (a
 * closed tab, a lost network), it is sent so slowly that the request timeout ends it, or the
 * server stops under it. Each time the partial file is removed (on S3, the multipart upload
 * aborted), its descriptor closed and one line logged; nothing is left to clean up by hand.
 */
describe("uploads abandoned half-way", () => {
  const MB = 1024 * 1024;

  /** Opens a raw connection and sends an upload's headers, its fields and `bytes` of a declared `declared`-byte file. */
  async function partialUpload(server: RunningServer, cookie: string, bytes: number, declared = 20 * MB) {
    const { hostname, port } = new URL(server.url);
    const boundary = "----abandoned";
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nAbandoned\r\n--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\ncollateral\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n`;
    const net = await import("node:net");
    const socket = net.connect(Number(port), hostname);
    let answer = "";
    socket.on("data", (chunk) => (answer += chunk));
    socket.on("error", () => undefined);
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    socket.write(
      `POST /materials/upload HTTP/1.1\r\nHost: ${hostname}:${port}\r\nCookie: ${cookie}\r\nOrigin: ${server.url}\r\n` +
        `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${declared}\r\n\r\n${head}`,
    );
    await new Promise<void>((resolve) => socket.write(Buffer.alloc(bytes, 0x41), () => resolve()));
    return { socket, answer: () => answer, closed: new Promise<void>((resolve) => socket.once("close", () => resolve())) };
  }

  // Every descriptor but the database's own files: its pool opens read connections as it
  // needs them (up to its limit), which is not something an upload leaves behind.
  const descriptors = (server: RunningServer) => {
    const dir = `/proc/${server.process.pid}/fd`;
    return readdirSync(dir).filter((fd) => {
      try {
        return !/\.sqlite(-wal|-shm)?$/.test(readlinkSync(`${dir}/${fd}`));
      } catch {
        return false; // closed while being listed
      }
    }).length;
  };
  const storedFiles = (server: RunningServer) => {
    const dir = path.join(server.dataDir, "files");
    try {
      return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
    } catch {
      return [];
    }
  };
  const abandonedLines = (server: RunningServer) => logMessages(server.stdout()).filter((line) => line.startsWith("Upload abandoned"));

  describe("on disk", () => {
    let server: RunningServer;
    let browser: Browser;
    let marketer: string;
    beforeAll(async () => {
      server = await launch({ JOBS: "off", REQUEST_TIMEOUT_S: "2", SHUTDOWN_GRACE_S: "1" });
      browser = browserFor(server);
      marketer = await browser.signIn("marketer1@demo.test");
      // One finished upload first, so that what the server keeps open for good (its
      // database and store handles, its pools) is counted in the baseline.
      await newMaterial(browser, marketer, "Baseline", (await ids(openHandle(server))).team("Enterprise East"));
    });

    it("removes the partial file of each of 50 uploads whose socket closed at 2 MB, and closes every descriptor", async () => {
      const filesBefore = storedFiles(server);
      const fdsBefore = descriptors(server);
      for (let i = 0; i < 50; i++) {
        const upload = await partialUpload(server, marketer, 2 * MB);
        upload.socket.destroy();
        await upload.closed;
      }
      await waitFor("50 abandoned uploads", async () => abandonedLines(server).length >= 50, 20_000);
      await waitFor("the descriptors to close", async () => descriptors(server) <= fdsBefore, 10_000);
      expect(storedFiles(server)).toEqual(filesBefore);
      expect(abandonedLines(server)).toHaveLength(50);
      expect(abandonedLines(server)[0]).toMatch(/^Upload abandoned after \d+(\.\d)? MB \(the connection closed before the file had arrived\): the partial file was removed\.$/);
    });

    it("removes the 10 MB already written of a 20 MB PDF cut at half", async () => {
      const filesBefore = storedFiles(server);
      const lines = abandonedLines(server).length;
      const upload = await partialUpload(server, marketer, 10 * MB);
      await waitFor("the partial file on disk", async () => storedFiles(server).some((name) => name.endsWith(".part")), 10_000);
      upload.socket.destroy();
      await waitFor("the abandoned upload", async () => abandonedLines(server).length > lines, 10_000);
      expect(storedFiles(server)).toEqual(filesBefore);
    });

    it("answers a too-slow upload 408 when the request timeout ends it, and removes its partial file", async () => {
      const filesBefore = storedFiles(server);
      const lines = abandonedLines(server).length;
      const upload = await partialUpload(server, marketer, 1 * MB);
      // Nothing more is sent: REQUEST_TIMEOUT_S=2 ends it.
      await upload.closed;
      expect(upload.answer()).toMatch(/^HTTP\/1\.1 408 /);
      await waitFor("the abandoned upload", async () => abandonedLines(server).length > lines, 10_000);
      expect(storedFiles(server)).toEqual(filesBefore);
    });

    it("abandons an upload still arriving when the server stops, removes its file and exits cleanly", async () => {
      const filesBefore = storedFiles(server);
      const upload = await partialUpload(server, marketer, 1 * MB, 200 * MB);
      await waitFor("the partial file on disk", async () => storedFiles(server).some((name) => name.endsWith(".part")), 10_000);
      // SHUTDOWN_GRACE_S=1: the upload cannot finish in time, and is abandoned.
      expect(await server.stop("SIGTERM")).toBe(0);
      upload.socket.destroy();
      expect(abandonedLines(server).at(-1)).toContain("(the server is stopping): the partial file was removed.");
      expect(storedFiles(server)).toEqual(filesBefore);
    });
  });

  describe("on S3", () => {
    let s3: Awaited<ReturnType<typeof startS3>>;
    let server: RunningServer;
    let client: S3Client;
    beforeAll(async () => {
      s3 = await startS3();
      cleanups.push(() => s3.stop());
      server = await launch({ JOBS: "off", ...s3ServerEnv(s3.endpoint) });
      client = s3TestClient(s3.endpoint);
    });

    it("aborts the multipart upload of a 20 MB PDF whose socket closed at 12 MB", async () => {
      const marketer = await browserFor(server).signIn("marketer1@demo.test");
      expect(s3.openMultipartUploads()).toBe(0);
      const upload = await partialUpload(server, marketer, 12 * MB);
      // The first 8 MiB part has gone to the store: a multipart upload is in progress.
      await waitFor("the multipart upload to begin", async () => s3.openMultipartUploads() === 1, 15_000);
      upload.socket.destroy();
      await waitFor("the abandoned upload", async () => abandonedLines(server).length === 1, 15_000);
      await waitFor("the multipart upload to be aborted", async () => s3.openMultipartUploads() === 0, 15_000);
      const listed = await client.send(new ListObjectsV2Command({ Bucket: TEST_BUCKET }));
      expect(listed.Contents ?? []).toEqual([]);
    });
  });
});
