/**
 * Sweep benchmark: a database with N open preview rounds of which 1,000 are past their
 * deadline. One sweep closes those 1,000 (with everything a close involves: no-objection
 * records, the marketer's email and notification, audit, and — in the second case — the
 * escalation of one held comment per round to both managers). It prints, per closed round,
 * the SQL statements the sweep sent and its milliseconds, next to a raw SQL select-and-update
 * of the same rows in the same run (the least any implementation must do):
 *
 *   - a round without a dispute, at N = 10,000 and N = 100,000 (the sweep must not grow
 *     with rounds that are not due);
 *   - a round with one held comment, at N = 10,000.
 *
 *   npm run bench:sweep
 *   BENCH_SWEEP_SIZES=10000,50000 npm run bench:sweep
 *
 * With `--pg` (and DATABASE_URL=postgres://…) it runs one sweeper process against three
 * (BENCH_SWEEPERS) on the same PostgreSQL, in a fresh schema each time: 1,000 rounds past
 * their deadline among 10,000 open (and 200 at their reminder time), then 1,000 emails to a
 * real SMTP server. It prints the wall time of each, the ratio, how the work was split, and
 * the exactly-once checks (each round closed once, each email received once, no second
 * reminder); it exits 1 when a check fails. One and three alternate, three times
 * (BENCH_SWEEP_RUNS); the median ratio is the figure. Each sweeper process first warms up
 * (see WARMUP), as a long-running one is. A control run beside the rounds case gives three
 * sweepers a third of the work each on separate data: the most the machine's cores allow.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:sweep -- --pg
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { QueryTypes } from "sequelize";
import { ensureSchema, openDatabase, type Database } from "~/lib/db.server";
import { queueEmails } from "~/lib/email.server";
import { migrateUp } from "~/lib/migrate.server";
import { runSweep, type SweepResult } from "~/jobs/sweep.server";
import { seedOpenRounds } from "../helpers/bulk-rounds";
import { seedDemo } from "../helpers/organisation";
import { startSmtp } from "../helpers/smtp";

const SIZES = (process.env.BENCH_SWEEP_SIZES ?? "10000,100000").split(",").map(Number);
const DUE = 1_000;
const NOW = new Date("2026-11-25T15:00:00Z");
const TRANSACTION_CONTROL = /^Executing \([^)]*\): (BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)/;

async function prepare(dir: string, size: number, disputes: boolean) {
  const file = path.join(dir, `rounds-${size}${disputes ? "-held" : ""}.sqlite`);
  const database = openDatabase({ url: `sqlite:${file}` });
  await migrateUp(database);
  const demo = await seedDemo(database);
  const started = performance.now();
  const members = [demo.user("east.committee1").id, demo.user("east.committee2").id];
  const { firstRoundId } = await seedOpenRounds(database, {
    count: size,
    dueCount: DUE,
    teamId: demo.team("Enterprise East").id,
    ownerId: demo.user("marketer1").id,
    memberIds: members,
    now: NOW,
  });
  if (disputes) {
    // One comment per due round, declined by marketing and held by its author: a dispute that escalates at the close.
    await database.write(async (transaction) => {
      const rounds = await database.models.PreviewRound.findAll({ where: { id: Array.from({ length: DUE }, (_, i) => firstRoundId + i) }, transaction });
      await database.models.Comment.bulkCreate(
        rounds.map((r) => ({
          materialId: r.materialId,
          versionId: r.versionId,
          roundId: r.id,
          parentId: null,
          authorId: members[0],
          page: 1,
          x: 0.5,
          y: 0.5,
          category: "pricing" as const,
          body: "This price expired.",
          state: "held" as const,
          declineReason: "Still valid until March.",
          answeredById: demo.user("marketer1").id,
          answeredAt: NOW,
          createdAt: NOW,
          updatedAt: NOW,
        })),
        { transaction, validate: false, hooks: false },
      );
    });
  }
  await database.sequelize.query("ANALYZE");
  await database.sequelize.query("PRAGMA wal_checkpoint(TRUNCATE)");
  await database.close();
  console.log(`  seeded ${size.toLocaleString("en-US")} open rounds${disputes ? ", one held comment on each due one," : ""} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return file;
}

async function timeSweep(file: string) {
  const database = openDatabase({ url: `sqlite:${file}` });
  await database.sequelize.query("SELECT 1"); // open the connection outside the timing
  let statements = 0;
  let control = 0;
  const options = (database.sequelize as unknown as { options: { logging: unknown } }).options;
  options.logging = (sql: string) => {
    if (TRANSACTION_CONTROL.test(sql)) control++;
    else statements++;
  };
  const started = performance.now();
  const result = await runSweep(database, { now: NOW });
  const ms = performance.now() - started;
  options.logging = false;
  await database.close();
  if (result.roundsClosed !== DUE) throw new Error(`The sweep closed ${result.roundsClosed} rounds, expected ${DUE}`);
  return { ms, statements, control };
}

/** The least any implementation must do: find the due rows and close them, in one statement pair. */
async function timeRawSql(file: string) {
  const database: Database = openDatabase({ url: `sqlite:${file}` });
  await database.sequelize.query("SELECT 1");
  const started = performance.now();
  const closed = await database.write(async (transaction) => {
    const rows = await database.sequelize.query<{ id: number }>("SELECT id FROM preview_rounds WHERE state = 'open' AND dueAt <= :now", {
      replacements: { now: NOW },
      type: QueryTypes.SELECT,
      transaction,
    });
    await database.sequelize.query("UPDATE preview_rounds SET state = 'closed', closedAt = :now WHERE id IN (:ids)", {
      replacements: { now: NOW, ids: rows.map((r) => r.id) },
      transaction,
    });
    return rows.length;
  });
  const ms = performance.now() - started;
  await database.close();
  if (closed !== DUE) throw new Error(`The raw SQL found ${closed} rounds, expected ${DUE}`);
  return ms;
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "cp-bench-sweep-"));
  try {
    const rows: { label: string; ms: number; statements: number; control: number; raw: number }[] = [];
    for (const size of SIZES) {
      console.log(`${size.toLocaleString("en-US")} open rounds, ${DUE.toLocaleString("en-US")} due:`);
      const file = await prepare(dir, size, false);
      const copy = `${file}.baseline`;
      copyFileSync(file, copy);
      const sweep = await timeSweep(file);
      rows.push({ label: `no dispute, ${size.toLocaleString("en-US").padStart(7)} open`, ...sweep, raw: await timeRawSql(copy) });
    }
    const smallest = Math.min(...SIZES);
    console.log(`${smallest.toLocaleString("en-US")} open rounds, ${DUE.toLocaleString("en-US")} due with a held comment each:`);
    const held = await prepare(dir, smallest, true);
    const heldCopy = `${held}.baseline`;
    copyFileSync(held, heldCopy);
    const heldSweep = await timeSweep(held);
    rows.push({ label: `one held comment, ${smallest.toLocaleString("en-US").padStart(7)} open`, ...heldSweep, raw: await timeRawSql(heldCopy) });

    console.log("\nSweep benchmark (SQLite, one process), per closed round");
    for (const r of rows) {
      console.log(
        `  ${r.label.padEnd(32)} ${(r.statements / DUE).toFixed(1).padStart(5)} statements (+${(r.control / DUE).toFixed(1)} BEGIN/COMMIT)  ` +
          `${(r.ms / DUE).toFixed(2).padStart(6)} ms  ratio to raw SQL ${(r.ms / r.raw).toFixed(0).padStart(4)}x  (raw SQL ${r.raw.toFixed(1)} ms for all ${DUE})`,
      );
    }
    const plain = rows.filter((r) => r.label.startsWith("no dispute"));
    if (plain.length > 1) {
      console.log(`  growth: sweep at ${Math.max(...SIZES).toLocaleString("en-US")} / sweep at ${smallest.toLocaleString("en-US")} open rounds: ${(plain[plain.length - 1].ms / plain[0].ms).toFixed(2)}  (1.0 = no growth with rounds that are not due)`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- npm run bench:sweep -- --pg: one sweeper against three, on PostgreSQL ----

const SWEEPERS = Number(process.env.BENCH_SWEEPERS ?? 3);
const REMIND = 200;
const EMAILS = 1_000;
/** One-against-three pairs per case (BENCH_SWEEP_RUNS); the median ratio is the figure. */
const RUNS = Math.max(1, Number(process.env.BENCH_SWEEP_RUNS ?? 3));
/** BENCH_SWEEP_SEPARATE=0 leaves out the control: three sweepers on separate data, nothing to split. */
const SEPARATE = process.env.BENCH_SWEEP_SEPARATE !== "0";
/** BENCH_SWEEP_CASES=rounds or =emails runs one of the two. */
const CASES = (process.env.BENCH_SWEEP_CASES ?? "rounds,emails").split(",").map((c) => c.trim());

interface SweeperReport extends SweepResult {
  ms: number;
  sweeps: number;
  statements: number;
  control: number;
  /** The process's own CPU time (user + system) while it swept, start-up and warm-up apart. */
  cpuMs: number;
}

/** A fresh schema in the PostgreSQL of DATABASE_URL, migrated, with the demo organisation. */
async function freshSchema(url: string) {
  const schema = `bench_${randomBytes(5).toString("hex")}`;
  const admin = openDatabase({ url });
  await ensureSchema(admin, schema);
  await admin.close();
  const database = openDatabase({ url, schema });
  await migrateUp(database);
  const demo = await seedDemo(database);
  return {
    schema,
    database,
    demo,
    async drop() {
      await database.close();
      const again = openDatabase({ url });
      await again.sequelize.query(`DROP SCHEMA ${schema} CASCADE`);
      await again.close();
    },
  };
}

/** Starts `count` sweeper processes (test/bench/sweep-process.ts), releases them together once all are connected, and waits for their reports. */
async function sweepWith(count: number, env: Record<string, string>, own: (i: number) => Record<string, string> = () => ({})): Promise<{ wallMs: number; reports: SweeperReport[] }> {
  const children = Array.from({ length: count }, (_, i) => {
    const child = spawn(process.execPath, ["--import", "tsx", "test/bench/sweep-process.ts"], {
      env: { ...process.env, ...env, ...own(i), ...(warmup ? { BENCH_WARMUP_SCHEMA: warmup.schema, BENCH_WARMUP_FROM: String(warmup.firstRoundId + i * WARMUP), BENCH_WARMUP_COUNT: String(WARMUP) } : {}) },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let output = "";
    child.stdout!.on("data", (chunk) => (output += chunk));
    child.stderr!.on("data", (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const ready = new Promise<void>((resolve, reject) => {
      const check = () => output.split("\n").includes("ready") && resolve();
      child.stdout!.on("data", check);
      void exited.then(() => reject(new Error(`A sweeper exited before it was ready:\n${output}`)));
    });
    return { child, exited, ready, output: () => output };
  });
  await Promise.all(children.map((c) => c.ready));
  // The warm-up's backends have exited: let the postmaster collect them before the baseline.
  if (process.env.BENCH_PG_PID) await new Promise((resolve) => setTimeout(resolve, 300));
  const serverCpu = postgresCpuMs();
  const started = performance.now();
  for (const c of children) c.child.stdin!.end("go\n");
  const codes = await Promise.all(children.map((c) => c.exited));
  const wallMs = performance.now() - started;
  // The backends have exited with their pools; the postmaster has collected their CPU time.
  await new Promise((resolve) => setTimeout(resolve, 200));
  if (serverCpu !== null) console.log(`  database server CPU: ${((postgresCpuMs()! - serverCpu) / 1000).toFixed(1)} s`);
  const reports = children.map((c, i) => {
    const line = c.output().split("\n").find((l) => l.startsWith("{"));
    if (codes[i] !== 0 || !line) throw new Error(`A sweeper failed (exit ${codes[i]}):\n${c.output()}`);
    return JSON.parse(line) as SweeperReport;
  });
  return { wallMs, reports };
}

/**
 * BENCH_PG_PID (the postmaster's pid, when PostgreSQL runs on this machine): the CPU time of
 * its exited children, the backends, in ms (Linux /proc). Null without it.
 */
function postgresCpuMs(): number | null {
  const pid = process.env.BENCH_PG_PID;
  if (!pid) return null;
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  // After the name: cutime and cstime are fields 16 and 17 of stat, in clock ticks (100 a second).
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

/**
 * Rounds each sweeper process closes before it reports ready, in a transaction it then rolls
 * back (BENCH_SWEEP_WARMUP=0: none): long-running sweepers are warm, so the timing compares
 * processes past their JIT compilation, not the compiling itself. Each process has a slice
 * of its own in a separate schema.
 */
const WARMUP = Number(process.env.BENCH_SWEEP_WARMUP ?? 300);
let warmup: { schema: string; firstRoundId: number } | null = null;

async function prepareWarmup(url: string) {
  if (!WARMUP) return null;
  const fresh = await freshSchema(url);
  const { database, demo } = fresh;
  const { firstRoundId } = await seedOpenRounds(database, {
    count: WARMUP * SWEEPERS,
    dueCount: WARMUP * SWEEPERS,
    teamId: demo.team("Enterprise East").id,
    ownerId: demo.user("marketer1").id,
    memberIds: [demo.user("east.committee1").id, demo.user("east.committee2").id],
    now: NOW,
  });
  return { schema: fresh.schema, firstRoundId, drop: fresh.drop };
}

async function countOf(database: Database, sql: string) {
  const [row] = await database.sequelize.query<{ n: number | string }>(sql, { type: QueryTypes.SELECT });
  return Number(row.n);
}

/** Each check's name and whether it held. */
type Checks = [string, boolean][];

/** 10,000 open rounds: 1,000 past their deadline, 200 at their reminder time. */
async function roundsCase(url: string, sweepers: number) {
  const fresh = await freshSchema(url);
  const { database, demo } = fresh;
  try {
    const members = [demo.user("east.committee1").id, demo.user("east.committee2").id];
    const { firstRoundId } = await seedOpenRounds(database, {
      count: 10_000,
      dueCount: DUE,
      teamId: demo.team("Enterprise East").id,
      ownerId: demo.user("marketer1").id,
      memberIds: members,
      now: NOW,
    });
    // The next 200 are not due yet but at their reminder time: each member is reminded once.
    await database.sequelize.query(`UPDATE preview_rounds SET "reminderAt" = :at WHERE id >= :from AND id < :to`, {
      replacements: { at: new Date(NOW.getTime() - 60_000), from: firstRoundId + DUE, to: firstRoundId + DUE + REMIND },
    });
    await database.sequelize.query("ANALYZE");
    const { wallMs, reports } = await sweepWith(sweepers, { DATABASE_URL: url, BENCH_SCHEMA: fresh.schema, BENCH_NOW: NOW.toISOString(), SMTP_URL: "" });
    const checks: Checks = [
      [`${DUE} rounds closed, by the sweepers' own count`, reports.reduce((n, r) => n + r.roundsClosed, 0) === DUE],
      [`${DUE} rounds closed in the database, the rest open`, (await countOf(database, `SELECT COUNT(*) AS n FROM preview_rounds WHERE state = 'closed'`)) === DUE],
      ["one round.closed audit entry per closed round", (await countOf(database, `SELECT COUNT(*) AS n FROM (SELECT "entityId" FROM audit_events WHERE action = 'round.closed' GROUP BY "entityId" HAVING COUNT(*) = 1) x`)) === DUE],
      // The submitter and both committee members of each round hear that it closed.
      ["one round_closed email per person told of each closed round", (await countOf(database, `SELECT COUNT(*) AS n FROM outbox_messages WHERE kind = 'round_closed'`)) === DUE * 3],
      [`${DUE * 2} no-objection decisions`, (await countOf(database, `SELECT COUNT(*) AS n FROM round_decisions WHERE decision = 'no_objection'`)) === DUE * 2],
      [`${REMIND * 2} reminders, no second one`, (await countOf(database, `SELECT COUNT(*) AS n FROM outbox_messages WHERE kind = 'reminder'`)) === REMIND * 2 && reports.reduce((n, r) => n + r.reminders, 0) === REMIND * 2],
      ["nothing left due", (await countOf(database, `SELECT COUNT(*) AS n FROM preview_rounds WHERE state = 'open' AND ("dueAt" <= '${NOW.toISOString()}' OR ("remindedAt" IS NULL AND "reminderAt" <= '${NOW.toISOString()}'))`)) === 0],
    ];
    return { wallMs, reports, checks };
  } finally {
    await fresh.drop();
  }
}

/**
 * What the machine can give three sweepers at all: three sweepers at once, each alone on a
 * schema of its own with a third of the rounds case (nothing shared, nothing to split).
 */
async function separateRoundsCase(url: string, sweepers: number) {
  const schemas = await Promise.all(Array.from({ length: sweepers }, () => freshSchema(url)));
  try {
    const due = Math.ceil(DUE / sweepers);
    const remind = Math.ceil(REMIND / sweepers);
    for (const { database, demo } of schemas) {
      const { firstRoundId } = await seedOpenRounds(database, {
        count: Math.ceil(10_000 / sweepers),
        dueCount: due,
        teamId: demo.team("Enterprise East").id,
        ownerId: demo.user("marketer1").id,
        memberIds: [demo.user("east.committee1").id, demo.user("east.committee2").id],
        now: NOW,
      });
      await database.sequelize.query(`UPDATE preview_rounds SET "reminderAt" = :at WHERE id >= :from AND id < :to`, {
        replacements: { at: new Date(NOW.getTime() - 60_000), from: firstRoundId + due, to: firstRoundId + due + remind },
      });
      await database.sequelize.query("ANALYZE");
    }
    const { wallMs, reports } = await sweepWith(sweepers, { DATABASE_URL: url, BENCH_NOW: NOW.toISOString(), SMTP_URL: "" }, (i) => ({ BENCH_SCHEMA: schemas[i].schema }));
    const checks: Checks = [[`${due} rounds closed and ${remind * 2} reminders sent by each`, reports.every((r) => r.roundsClosed === due && r.reminders === remind * 2)]];
    return { wallMs, reports, checks };
  } finally {
    for (const schema of schemas) await schema.drop();
  }
}

/** 1,000 emails due, delivered to a real SMTP server (smtp-server, in this process). */
async function emailsCase(url: string, sweepers: number) {
  const fresh = await freshSchema(url);
  const { database } = fresh;
  const smtp = await startSmtp();
  try {
    await database.write((t) =>
      queueEmails(
        database,
        t,
        Array.from({ length: EMAILS }, (_, i) => ({
          to: { id: null, name: `Reader ${i}`, email: `reader${i}@demo.test` },
          kind: "bench",
          content: { subject: `Bench message ${i}`, lines: ["A preview is waiting for you.", "It closes in two days."], link: "/", linkLabel: "Open it" },
        })),
        NOW,
      ),
    );
    await database.sequelize.query("ANALYZE");
    const { wallMs, reports } = await sweepWith(sweepers, { DATABASE_URL: url, BENCH_SCHEMA: fresh.schema, BENCH_NOW: NOW.toISOString(), SMTP_URL: smtp.url });
    const ids = smtp.received.map((m) => m.messageId);
    const checks: Checks = [
      [`${EMAILS} sent, by the sweepers' own count`, reports.reduce((n, r) => n + r.emailsSent, 0) === EMAILS],
      [`${EMAILS} received by the SMTP server, each Message-ID once`, ids.length === EMAILS && new Set(ids).size === EMAILS],
      ["each message marked sent after one attempt", (await countOf(database, `SELECT COUNT(*) AS n FROM outbox_messages WHERE state = 'sent' AND attempts = 1`)) === EMAILS],
    ];
    return { wallMs, reports, checks };
  } finally {
    await smtp.stop();
    await fresh.drop();
  }
}

async function mainPg() {
  const url = process.env.DATABASE_URL;
  if (!url?.startsWith("postgres")) throw new Error("npm run bench:sweep -- --pg needs DATABASE_URL=postgres://… (a PostgreSQL it may create and drop schemas in).");
  const rows: { label: string; pairs: { one: number; many: number }[]; separate: number[]; split: string; failed: string[] }[] = [];
  let failed = 0;
  const prepared = await prepareWarmup(url);
  warmup = prepared;
  const work = (r: { reports: SweeperReport[] }) =>
    `${r.reports.reduce((n, x) => n + x.statements, 0)} statements + ${r.reports.reduce((n, x) => n + x.control, 0)} BEGIN/COMMIT, ${r.reports.map((x) => x.sweeps).join("/")} sweeps, process CPU ${r.reports.map((x) => (x.cpuMs / 1000).toFixed(1)).join(" + ")} s`;
  for (const [label, run, share] of [
    [`${DUE.toLocaleString("en-US")} due rounds (+${REMIND} reminders)`, roundsCase, (r: SweeperReport) => r.roundsClosed],
    [`${EMAILS.toLocaleString("en-US")} emails`, emailsCase, (r: SweeperReport) => r.emailsSent],
  ] as const) {
    if (!CASES.some((c) => label.includes(c))) continue;
    const row = { label, pairs: [] as { one: number; many: number }[], separate: [] as number[], split: "", failed: [] as string[] };
    // One and three alternate, so that each ratio compares minutes the shared machine spent in the same mood.
    for (let i = 0; i < RUNS; i++) {
      console.log(`${label}, run ${i + 1}: one sweeper …`);
      const one = await run(url, 1);
      console.log(`  ${(one.wallMs / 1000).toFixed(2)} s (${work(one)}); ${SWEEPERS} sweepers …`);
      const many = await run(url, SWEEPERS);
      console.log(`  ${(many.wallMs / 1000).toFixed(2)} s (${work(many)}), shares ${many.reports.map(share).join(" / ")}`);
      if (run === roundsCase && SEPARATE) {
        const apart = await separateRoundsCase(url, SWEEPERS);
        console.log(`  ${SWEEPERS} sweepers each on a third of the work in a schema of its own (nothing shared): ${(apart.wallMs / 1000).toFixed(2)} s (${work(apart)})`);
        row.separate.push(apart.wallMs);
        row.failed.push(...apart.checks.filter(([, ok]) => !ok).map(([name]) => `separate: ${name}`));
      }
      for (const [name, ok] of many.checks) console.log(`  ${ok ? "ok  " : "FAIL"} ${name}`);
      row.failed.push(
        ...[...one.checks.map(([name, ok]) => [`one sweeper: ${name}`, ok] as const), ...many.checks.map(([name, ok]) => [`${SWEEPERS} sweepers: ${name}`, ok] as const)]
          .filter(([, ok]) => !ok)
          .map(([name]) => name),
      );
      row.pairs.push({ one: one.wallMs, many: many.wallMs });
      row.split = many.reports.map(share).join(" / ");
    }
    failed += row.failed.length;
    rows.push(row);
  }
  await prepared?.drop();
  console.log(`\nSweep benchmark (PostgreSQL, separate processes${WARMUP ? `, each warmed up on ${WARMUP} closes it rolled back` : ", cold"}), one sweeper against ${SWEEPERS}, ${RUNS} run${RUNS === 1 ? "" : "s"}`);
  for (const r of rows) {
    const ratios = r.pairs.map((p) => p.many / p.one).sort((x, y) => x - y);
    console.log(
      `  ${r.label.padEnd(34)} one ${r.pairs.map((p) => (p.one / 1000).toFixed(2)).join(" / ")} s   ${SWEEPERS}: ${r.pairs.map((p) => (p.many / 1000).toFixed(2)).join(" / ")} s   ` +
        `ratio ${r.pairs.map((p) => (p.many / p.one).toFixed(2)).join(" / ")}, median ${ratios[Math.floor(ratios.length / 2)].toFixed(2)} (target ≤ 0.60)   ` +
        `split (last run) ${r.split}   exactly once: ${r.failed.length ? `FAILED ${r.failed.join("; ")}` : "yes"}`,
    );
    if (r.separate.length) {
      console.log(
        `  ${"".padEnd(34)} ${SWEEPERS} on separate data, a third each: ${r.separate.map((ms) => (ms / 1000).toFixed(2)).join(" / ")} s, ` +
          `ratio to one ${r.separate.map((ms, i) => (ms / r.pairs[i].one).toFixed(2)).join(" / ")} (the most this machine gives ${SWEEPERS} sweepers)`,
      );
    }
  }
  if (failed) process.exit(1);
}

(process.argv.includes("--pg") ? mainPg() : main()).catch((error) => {
  console.error(error);
  process.exit(1);
});
