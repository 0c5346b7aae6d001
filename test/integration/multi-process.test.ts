/**
 * The installation the README's Deploying section describes, on one machine: two web
 * processes (`build/index.js`, JOBS=off) and a worker (`build/cli/jobs.js`) on one
 * PostgreSQL database, one S3-compatible store (s3rver) and one SMTP server (smtp-server).
 * People work through both web processes; the worker is killed with SIGKILL in the middle
 * of a sweep and two started in its place; every transition and every email happens exactly once.
 *
 * PostgreSQL only (CI runs this project on PostgreSQL too): several machines means a shared
 * PostgreSQL; a SQLite file serves the processes of one machine, whose crash and restart
 * cases test/e2e/faults.test.ts and the concurrent starts cover. It runs the built app and
 * builds it first when build/ is missing (`npm test` builds it for the e2e project).
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { QueryTypes } from "sequelize";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "~/lib/db.server";
import { seedOpenRounds } from "../helpers/bulk-rounds";
import { makePdf } from "../helpers/pdf";
import { TEST_BUCKET, s3ServerEnv, s3TestClient, startS3 } from "../helpers/s3";
import { startServer, type RunningServer } from "../helpers/server";
import { startSmtp } from "../helpers/smtp";
import { waitFor } from "../helpers/wait";

const pgUrl = process.env.DATABASE_URL?.startsWith("postgres") ? process.env.DATABASE_URL : null;
const PASSWORD = "preview-demo";
/** Rounds made in bulk: this many past their deadline, as many again at their reminder time, the rest not due. */
const BULK = { count: 500, due: 300, remind: 100 };
/** Materials made through the web processes, each previewed by Enterprise East's committee. */
const MATERIALS = 6;

interface Worker {
  process: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

describe.skipIf(pgUrl)("two web processes and a worker, on SQLite", () => {
  it.skip("skipped: this needs PostgreSQL (DATABASE_URL=postgres://…, as `npm run test:db` sets it in CI); SQLite serves one machine", () => {});
});

describe.skipIf(!pgUrl)("two web processes and a worker on one PostgreSQL, S3 store and SMTP server", () => {
  let url: string;
  let database: Database;
  let s3: Awaited<ReturnType<typeof startS3>>;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  const webs: RunningServer[] = [];
  const workers: Worker[] = [];
  const dbName = `cp_multi_${randomBytes(5).toString("hex")}`;

  async function admin<T>(fn: (admin: Database) => Promise<T>) {
    const handle = openDatabase({ url: pgUrl! });
    try {
      return await fn(handle);
    } finally {
      await handle.close();
    }
  }

  beforeAll(async () => {
    if (!existsSync("build/index.js") || !existsSync("build/cli/jobs.js")) {
      execFileSync("npm", ["run", "build", "--silent"], { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NODE_ENV: "production" } });
    }
    await admin((a) => a.sequelize.query(`CREATE DATABASE ${dbName}`));
    const parsed = new URL(pgUrl!);
    parsed.pathname = `/${dbName}`;
    url = parsed.toString();
    [s3, smtp] = await Promise.all([startS3(), startSmtp()]);
  }, 300_000);

  afterAll(async () => {
    for (const w of workers) if (w.process.exitCode === null && w.process.signalCode === null) w.process.kill("SIGKILL");
    for (const web of webs) {
      if (web.process.exitCode === null && web.process.signalCode === null) await web.stop("SIGKILL");
      rmSync(web.dataDir, { recursive: true, force: true });
    }
    await database?.close();
    await smtp?.stop();
    await s3?.stop();
    if (url) await admin((a) => a.sequelize.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
  });

  /** What every process gets: the one database, store and relay. */
  const shared = () => ({ DATABASE_URL: url, ...s3ServerEnv(s3.endpoint), SMTP_URL: smtp.url, APP_URL: "http://preview.test", SWEEP_INTERVAL_S: "1" });

  function startWorker(): Worker {
    const child = spawn(process.execPath, [path.resolve("build/cli/jobs.js")], {
      env: { ...process.env, NODE_ENV: "test", ...shared() },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout!.on("data", (chunk) => (output += chunk));
    child.stderr!.on("data", (chunk) => (output += chunk));
    const worker = { process: child, output: () => output, exited: new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code))) };
    workers.push(worker);
    return worker;
  }

  /** A person's session on one web process, speaking HTTP as the app's own pages do. */
  async function person(web: RunningServer, email: string) {
    const signIn = await fetch(`${web.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: web.url },
      body: new URLSearchParams({ email, password: PASSWORD }),
    });
    expect(signIn.status, await signIn.clone().text()).toBe(302);
    const cookie = signIn.headers.get("set-cookie")!.split(";")[0];
    return {
      async act(materialId: number, fields: Record<string, string>) {
        const response = await fetch(`${web.url}/materials/${materialId}`, {
          method: "POST",
          redirect: "manual",
          headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: web.url, Cookie: cookie },
          body: new URLSearchParams(fields),
        });
        const body = await response.text();
        expect(response.status, `${fields.intent} on ${web.url}: ${body.slice(0, 300)}`).toBeLessThan(400);
      },
      async upload(title: string, teamId: number, bytes: Uint8Array) {
        const form = new FormData();
        for (const [key, value] of Object.entries({ title, kind: "collateral", description: "", teamIds: String(teamId) })) form.append(key, value);
        form.append("file", new Blob([new Uint8Array(bytes)], { type: "application/pdf" }), "deck.pdf");
        const response = await fetch(`${web.url}/materials/upload`, { method: "POST", redirect: "manual", headers: { Origin: web.url, Cookie: cookie, Accept: "application/json" }, body: form });
        const body = await response.text();
        expect(response.status, body.slice(0, 300)).toBe(201);
        return Number((JSON.parse(body) as { url: string }).url.split("/").pop());
      },
      get: (pathname: string) => fetch(`${web.url}${pathname}`, { redirect: "manual", headers: { Cookie: cookie } }),
    };
  }

  const rows = <T extends object>(sql: string, replacements: Record<string, unknown> = {}) => database.sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT });
  const count = async (sql: string, replacements: Record<string, unknown> = {}) => Number((await rows<{ n: string | number }>(sql, replacements))[0].n);
  /** Groups that occur more than once: a transition or an email that happened twice. */
  const twice = (table: string, column: string, where: string) => rows(`SELECT ${column} AS k, COUNT(*) AS n FROM ${table} WHERE ${where} GROUP BY ${column} HAVING COUNT(*) > 1`);

  it("survives a kill -9 of the worker mid-sweep, and does each transition and each email once", async () => {
    // Both web processes start together on the empty database: one migrates and seeds, the other waits for it.
    webs.push(...(await Promise.all([startServer({ ...shared(), JOBS: "off" }), startServer({ ...shared(), JOBS: "off" })])));
    const [a, b] = webs;
    database = openDatabase({ url });
    const user = async (prefix: string) => (await rows<{ id: number }>(`SELECT id FROM users WHERE email = :email`, { email: `${prefix}@demo.test` }))[0].id;
    const east = (await rows<{ id: number }>(`SELECT id FROM sales_teams WHERE name = 'Enterprise East'`))[0].id;

    // People at work, half on each web process.
    const marketerA = await person(a, "marketer1@demo.test");
    const marketerB = await person(b, "marketer1@demo.test");
    const memberB = await person(b, "east.committee1@demo.test");
    const materialIds: number[] = [];
    const pdfs: Uint8Array[] = [];
    for (let i = 0; i < MATERIALS; i++) {
      const pdf = await makePdf({ pages: 2, title: `Deck ${i}` });
      pdfs.push(pdf);
      const id = await (i % 2 ? marketerB : marketerA).upload(`Deck ${i}`, east, pdf);
      await (i % 2 ? marketerA : marketerB).act(id, { intent: "submit" });
      materialIds.push(id);
    }
    const versions = await rows<{ id: number; materialId: number }>(`SELECT id, "materialId" FROM material_versions WHERE "materialId" IN (:ids) ORDER BY "materialId"`, { ids: materialIds });
    // A file uploaded through one process is served by the other, from the shared store.
    const other = await person(a, "east.committee2@demo.test");
    const served = await other.get(`/files/${versions[1].id}`);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(Buffer.from(pdfs[1]))).toBe(true);
    const listed = await s3TestClient(s3.endpoint).send(new ListObjectsV2Command({ Bucket: TEST_BUCKET }));
    expect(listed.Contents ?? []).toHaveLength(MATERIALS);

    // Disputes: four comments declined by marketing, two of them held by their author; a fifth left unanswered.
    for (let i = 0; i < 5; i++) {
      await memberB.act(materialIds[i], { intent: "comment", versionId: String(versions[i].id), category: "pricing", body: `The price on deck ${i} expired.`, page: "", x: "", y: "" });
    }
    const comments = await rows<{ id: number; materialId: number }>(`SELECT id, "materialId" FROM comments WHERE "materialId" IN (:ids) ORDER BY "materialId"`, { ids: materialIds });
    expect(comments).toHaveLength(5);
    for (let i = 0; i < 4; i++) await (i % 2 ? marketerA : marketerB).act(comments[i].materialId, { intent: "answer", commentId: String(comments[i].id), answer: "decline", reason: "Still valid." });
    for (let i = 0; i < 2; i++) await memberB.act(comments[i].materialId, { intent: "settle", commentId: String(comments[i].id), settle: "hold" });

    // Volume, so that a sweep takes long enough to be killed half-way: rounds made in bulk.
    const members = [await user("east.committee1"), await user("east.committee2")];
    const seeded = new Date();
    const { firstRoundId } = await seedOpenRounds(database, { count: BULK.count, dueCount: BULK.due, teamId: east, ownerId: await user("marketer1"), memberIds: members, now: seeded });
    await database.sequelize.query(`UPDATE preview_rounds SET "reminderAt" = :past WHERE id >= :from AND id < :to`, {
      replacements: { past: new Date(seeded.getTime() - 60_000), from: firstRoundId + BULK.due, to: firstRoundId + BULK.due + BULK.remind },
    });
    // The windows of the rounds people opened end now (moving the clock the way Documenso's tests do: in the database).
    await database.sequelize.query(`UPDATE preview_rounds SET "dueAt" = :past, "reminderAt" = :past WHERE "materialId" IN (:ids)`, {
      replacements: { past: new Date(Date.now() - 60_000), ids: materialIds },
    });
    const due = BULK.due + MATERIALS;
    const closed = () => count(`SELECT COUNT(*) AS n FROM preview_rounds WHERE state = 'closed'`);
    expect(await closed()).toBe(0);

    // The worker starts sweeping; it is killed with SIGKILL in the middle of its first sweep.
    const first = startWorker();
    await waitFor("the worker to close some rounds", async () => (await closed()) >= 20, 30_000, 5);
    first.process.kill("SIGKILL");
    await first.exited;
    expect(first.process.signalCode).toBe("SIGKILL");
    const closedAtKill = await closed();
    expect(closedAtKill, first.output()).toBeLessThan(due);
    const restarted = Date.now();

    // Two workers take over (more than one is safe: they split due work) and finish it: rounds closed, disputes escalated, reminders and every email sent.
    const second = [startWorker(), startWorker()];
    const settled = async () =>
      (await closed()) === due &&
      (await count(`SELECT COUNT(*) AS n FROM outbox_messages WHERE state <> 'sent'`)) === 0 &&
      (await count(`SELECT COUNT(*) AS n FROM preview_rounds WHERE state = 'open' AND "remindedAt" IS NULL AND "reminderAt" <= now()`)) === 0;
    await waitFor("the second worker to close every due round and send every email", settled, 45_000, 100);
    const finishedMs = Date.now() - restarted;
    expect(await count(`SELECT COUNT(*) AS n FROM escalations`)).toBe(4);

    // Two business days later for the managers, one for marketing's unanswered comment: move-ups and a late escalation.
    await database.sequelize.query(`UPDATE escalations SET "decideBy" = :past WHERE state = 'open'`, { replacements: { past: new Date(Date.now() - 60_000) } });
    await database.sequelize.query(`UPDATE comments SET "escalateAt" = :past WHERE id = :id`, { replacements: { past: new Date(Date.now() - 60_000), id: comments[4].id } });
    await waitFor(
      "the worker to move the escalations up, escalate the unanswered comment and send the emails",
      async () =>
        (await count(`SELECT COUNT(*) AS n FROM audit_events WHERE action IN ('escalation.moved_up', 'escalation.overdue')`)) === 4 &&
        (await count(`SELECT COUNT(*) AS n FROM escalations`)) === 5 &&
        (await count(`SELECT COUNT(*) AS n FROM outbox_messages WHERE state <> 'sent'`)) === 0,
      30_000,
      100,
    );
    for (const worker of second) {
      worker.process.kill("SIGTERM");
      expect(await worker.exited, worker.output()).toBe(0);
    }
    for (const web of webs) expect(await web.stop("SIGTERM"), web.output()).toBe(0);

    // Each due round closed once: its decisions, its audit entry, and the email to the marketer and each committee member, once; none not due.
    expect(await closed()).toBe(due);
    expect(await count(`SELECT COUNT(*) AS n FROM preview_rounds WHERE state = 'open'`)).toBe(BULK.count - BULK.due);
    expect(await count(`SELECT COUNT(*) AS n FROM audit_events WHERE action = 'round.closed'`)).toBe(due);
    expect(await twice("audit_events", `"entityId"`, `action = 'round.closed'`)).toEqual([]);
    expect(await count(`SELECT COUNT(*) AS n FROM outbox_messages WHERE kind = 'round_closed'`)).toBe(due * 3);
    expect(await count(`SELECT COUNT(*) AS n FROM round_decisions WHERE decision = 'no_objection'`)).toBe(due * 2);
    // One reminder per member of each round at its reminder time; none for a round past its deadline.
    expect(await count(`SELECT COUNT(*) AS n FROM outbox_messages WHERE kind = 'reminder'`)).toBe(BULK.remind * 2);
    expect(await count(`SELECT COUNT(*) AS n FROM round_decisions WHERE "remindedAt" IS NOT NULL AND "roundId" >= :from`, { from: firstRoundId + BULK.due })).toBe(BULK.remind * 2);
    // Each dispute escalated once (four at the close, the unanswered comment a day later), each moved up once.
    expect(await twice("escalations", `"commentId"`, "true")).toEqual([]);
    expect(await count(`SELECT COUNT(*) AS n FROM audit_events WHERE action = 'escalation.created'`)).toBe(5);
    expect(await twice("audit_events", `"entityId"`, `action IN ('escalation.moved_up', 'escalation.overdue')`)).toEqual([]);
    expect(await count(`SELECT COUNT(*) AS n FROM escalations WHERE level = 2`)).toBe(4);
    // Nothing left due.
    expect(await count(`SELECT COUNT(*) AS n FROM preview_rounds WHERE state = 'open' AND "dueAt" <= now()`)).toBe(0);
    expect(await count(`SELECT COUNT(*) AS n FROM comments WHERE "escalateAt" <= now() AND "escalatedAt" IS NULL`)).toBe(0);
    expect(await count(`SELECT COUNT(*) AS n FROM escalations WHERE state = 'open' AND NOT overdue AND "decideBy" <= now()`)).toBe(0);

    // Each email delivered once at the SMTP server: every outbox message, one Message-ID each, after one attempt.
    const outbox = await rows<{ id: number }>(`SELECT id FROM outbox_messages WHERE state = 'sent' AND attempts = 1 ORDER BY id`);
    expect(await count(`SELECT COUNT(*) AS n FROM outbox_messages`)).toBe(outbox.length);
    const received = smtp.received.map((m) => m.messageId);
    expect(received).toHaveLength(outbox.length);
    expect(new Set(received)).toEqual(new Set(outbox.map((m) => `<outbox-${m.id}@collateral-preview>`)));
    console.log(`Worker killed with ${closedAtKill} of ${due} rounds closed; two more closed the rest and sent ${outbox.length} emails in ${finishedMs} ms.`);
  }, 120_000);
});
