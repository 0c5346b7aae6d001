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

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
