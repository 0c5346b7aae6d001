/**
 * Sweep benchmark: a database with N open preview rounds of which 1,000 are past their
 * deadline. Prints the time one sweep takes to close those 1,000 rounds (with everything a
 * close involves: no-objection records, emails in the outbox, notifications, audit), for
 * N = 10,000 and N = 100,000 — the sweep must not grow with rounds that are not due — and,
 * on the 100,000 database, next to a single raw SQL select-and-update of the same rows.
 *
 *   npm run bench:sweep
 *   BENCH_SWEEP_SIZES=10000,50000 npm run bench:sweep
 */
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { QueryTypes } from "sequelize";
import { openDatabase, type Database } from "~/lib/db.server";
import { migrateUp } from "~/lib/migrate.server";
import { runSweep } from "~/jobs/sweep.server";
import { seedOpenRounds } from "../helpers/bulk-rounds";
import { seedDemo } from "../helpers/organisation";

const SIZES = (process.env.BENCH_SWEEP_SIZES ?? "10000,100000").split(",").map(Number);
const DUE = 1_000;
const NOW = new Date("2026-11-25T15:00:00Z");

async function prepare(dir: string, size: number) {
  const file = path.join(dir, `rounds-${size}.sqlite`);
  const database = openDatabase({ url: `sqlite:${file}` });
  await migrateUp(database);
  const demo = await seedDemo(database);
  const started = performance.now();
  await seedOpenRounds(database, {
    count: size,
    dueCount: DUE,
    teamId: demo.team("Enterprise East").id,
    ownerId: demo.user("marketer1").id,
    memberIds: [demo.user("east.committee1").id, demo.user("east.committee2").id],
    now: NOW,
  });
  await database.sequelize.query("ANALYZE");
  await database.sequelize.query("PRAGMA wal_checkpoint(TRUNCATE)");
  await database.close();
  console.log(`  seeded ${size.toLocaleString("en-US")} open rounds in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return file;
}

async function timeSweep(file: string) {
  const database = openDatabase({ url: `sqlite:${file}` });
  await database.sequelize.query("SELECT 1"); // open the connection outside the timing
  const started = performance.now();
  const result = await runSweep(database, { now: NOW });
  const ms = performance.now() - started;
  await database.close();
  if (result.roundsClosed !== DUE) throw new Error(`The sweep closed ${result.roundsClosed} rounds, expected ${DUE}`);
  return ms;
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
    const sweeps = new Map<number, number>();
    let raw = 0;
    for (const size of SIZES) {
      console.log(`${size.toLocaleString("en-US")} open rounds, ${DUE.toLocaleString("en-US")} due:`);
      const file = await prepare(dir, size);
      const copy = `${file}.baseline`;
      copyFileSync(file, copy);
      sweeps.set(size, await timeSweep(file));
      if (size === Math.max(...SIZES)) raw = await timeRawSql(copy);
    }
    const largest = Math.max(...SIZES);
    const smallest = Math.min(...SIZES);
    console.log("\nSweep benchmark (SQLite, one process)");
    for (const [size, ms] of sweeps) {
      console.log(`  sweep, ${size.toLocaleString("en-US").padStart(7)} open rounds: ${ms.toFixed(0).padStart(6)} ms  (${(ms / DUE).toFixed(2)} ms per closed round)`);
    }
    console.log(`  raw SQL select+update, ${largest.toLocaleString("en-US")} rounds: ${raw.toFixed(1)} ms`);
    if (sweeps.size > 1) {
      console.log(`  ratio sweep ${largest.toLocaleString("en-US")} / sweep ${smallest.toLocaleString("en-US")}: ${(sweeps.get(largest)! / sweeps.get(smallest)!).toFixed(2)}  (1.0 = no growth with rounds that are not due)`);
    }
    console.log(`  ratio sweep / raw SQL at ${largest.toLocaleString("en-US")}: ${(sweeps.get(largest)! / raw).toFixed(0)}x  (the sweep also writes decisions, outbox, notifications and audit, one transaction per round)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
