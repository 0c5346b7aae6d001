/**
 * One sweeper of `npm run bench:sweep -- --pg`, as its own process with its own pool: it
 * opens the database (DATABASE_URL, BENCH_SCHEMA), prints "ready", waits for a line on
 * stdin, then sweeps at BENCH_NOW back to back until a sweep finds nothing to do, and
 * prints one JSON line with its counts and milliseconds. With SMTP_URL set it delivers
 * email; otherwise mail stays in the outbox. BENCH_CLAIM sets how many due rows each
 * transaction claims. BENCH_WARMUP_SCHEMA, _FROM and _COUNT: rounds it closes first, in a
 * transaction it rolls back, before it reports ready (a long-running sweeper is warm).
 */
import { performance } from "node:perf_hooks";
import { Op } from "sequelize";
import { openDatabase } from "../../app/lib/db.server";
import { smtpMailer } from "../../app/lib/mailer.server";
import { runSweep, type SweepResult } from "../../app/jobs/sweep.server";
import { closeRound } from "../../app/commands/close-round.server";

const database = openDatabase({ url: process.env.DATABASE_URL!, schema: process.env.BENCH_SCHEMA });
const now = new Date(process.env.BENCH_NOW!);
const mailer = process.env.SMTP_URL ? smtpMailer(process.env.SMTP_URL, "Collateral Preview <bench@test.invalid>") : null;
await database.sequelize.query("SELECT 1");
if (process.env.BENCH_WARMUP_SCHEMA) await warmUp();
// Statements sent, counted through Sequelize's logging hook (transaction control apart).
let statements = 0;
let control = 0;
(database.sequelize as unknown as { options: { logging: unknown } }).options.logging = (sql: string) => {
  if (/^Executing \([^)]*\): (START TRANSACTION|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)/.test(sql)) control++;
  else statements++;
};
console.log("ready");
await new Promise<void>((resolve) => {
  process.stdin.once("data", () => resolve());
  process.stdin.once("end", () => resolve());
});
process.stdin.destroy();
/**
 * Closes this process's slice of the warm-up schema's rounds and rolls it all back: the
 * sweep's code paths compiled, nothing changed.
 */
async function warmUp() {
  const from = Number(process.env.BENCH_WARMUP_FROM);
  const count = Number(process.env.BENCH_WARMUP_COUNT);
  const warm = openDatabase({ url: process.env.DATABASE_URL!, schema: process.env.BENCH_WARMUP_SCHEMA });
  const rollback = new Error("warm-up done");
  await warm
    .write(async (t) => {
      const rounds = await warm.models.PreviewRound.findAll({ where: { id: { [Op.gte]: from, [Op.lt]: from + count } }, order: [["id", "ASC"]], transaction: t });
      for (const round of rounds) await closeRound(warm, t, round, now, "deadline");
      throw rollback;
    })
    .catch((error) => {
      if (error !== rollback) throw error;
    });
  await warm.close();
}

const started = performance.now();
const cpuAtStart = process.cpuUsage();
const total: SweepResult = { reminders: 0, roundsClosed: 0, lateEscalations: 0, movedUp: 0, flaggedOverdue: 0, emailsSent: 0, emailsFailed: 0, digests: 0 };
let sweeps = 0;
for (;;) {
  const result = await runSweep(database, { now, mailer, ...(process.env.BENCH_CLAIM ? { claim: Number(process.env.BENCH_CLAIM) } : {}) });
  sweeps++;
  for (const key of Object.keys(total) as (keyof SweepResult)[]) total[key] += result[key];
  if (result.reminders + result.roundsClosed + result.emailsSent + result.emailsFailed === 0) break;
}
const ms = performance.now() - started;
mailer?.close();
await database.close();
const cpu = process.cpuUsage(cpuAtStart);
console.log(JSON.stringify({ ms, sweeps, statements, control, cpuMs: (cpu.user + cpu.system) / 1000, ...total }));
