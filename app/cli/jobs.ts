/**
 * The scheduler as its own process: `npm run jobs` sweeps every 30 s (SWEEP_INTERVAL_S)
 * until SIGTERM, when it finishes the sweep in progress and exits 0;
 * `npm run jobs -- --once` runs one sweep, prints what it did, and exits 0.
 */
import { now } from "../lib/clock.server";
import { openDatabase } from "../lib/db.server";
import { env } from "../lib/env.server";
import { missingAppUrlWarning } from "../lib/email.server";
import { smtpMailer } from "../lib/mailer.server";
import { migrateUp } from "../lib/migrate.server";
import { startScheduler, sweepOnce } from "../jobs/scheduler.server";

async function main() {
  const settings = env();
  const database = openDatabase({ url: settings.DATABASE_URL, busyTimeoutMs: settings.SQLITE_BUSY_TIMEOUT_MS });
  await migrateUp(database);
  const mailer = settings.SMTP_URL ? smtpMailer(settings.SMTP_URL, settings.MAIL_FROM) : null;
  if (missingAppUrlWarning(settings)) console.warn(missingAppUrlWarning(settings));
  if (process.argv.includes("--once")) {
    const result = await sweepOnce({ database, mailer, now, kind: "worker" });
    console.log(JSON.stringify(result));
    mailer?.close();
    await database.close();
    return;
  }
  const scheduler = startScheduler({ database, mailer, now, intervalMs: settings.SWEEP_INTERVAL_S * 1000, worker: true, kind: "worker" });
  console.log(`Scheduler running: a sweep every ${settings.SWEEP_INTERVAL_S} s${mailer ? ", delivering email" : " (SMTP_URL not set: email stays in the outbox)"}. It runs until stopped (SIGTERM).`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: finishing the sweep in progress, then stopping.`);
    const sweeps = await scheduler.stop();
    mailer?.close();
    await database.close();
    console.log(`Stopped after ${sweeps} sweep${sweeps === 1 ? "" : "s"}.`);
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
