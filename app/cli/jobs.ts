/**
 * The scheduler as its own process: `npm run jobs` sweeps every 30 s (SWEEP_INTERVAL_S)
 * until SIGTERM, when it finishes the sweep in progress and exits 0;
 * `npm run jobs -- --once` runs one sweep, prints what it did, and exits 0.
 * Its log lines are JSON (log.server.ts), one per sweep with its counts and duration; the
 * report of `--once` is the last line printed, the sweep's counts as one JSON object.
 */
import { now } from "../lib/clock.server";
import { openDatabase } from "../lib/db.server";
import { env } from "../lib/env.server";
import { missingAppUrlWarning } from "../lib/email.server";
import { smtpMailer } from "../lib/mailer.server";
import { migrateUp } from "../lib/migrate.server";
import { logSweep, startScheduler, sweepOnce } from "../jobs/scheduler.server";
import { enableMetrics, startMetricsServer } from "../lib/metrics.server";
import { captureConsole, configureLogging, defaultLogFormat } from "../lib/log.server";
import { runMain, stopOnSignals } from "../lib/process.server";

async function main() {
  const settings = env();
  const log = configureLogging({ name: "worker", level: settings.LOG_LEVEL, format: settings.LOG_FORMAT ?? defaultLogFormat(settings.NODE_ENV) });
  captureConsole();
  const database = openDatabase({ url: settings.DATABASE_URL, busyTimeoutMs: settings.SQLITE_BUSY_TIMEOUT_MS });
  await migrateUp(database);
  const mailer = settings.SMTP_URL ? smtpMailer(settings.SMTP_URL, settings.MAIL_FROM) : null;
  const linkWarning = missingAppUrlWarning(settings);
  if (linkWarning) log.warn(linkWarning);
  if (process.argv.includes("--once")) {
    const started = now();
    const result = await sweepOnce({ database, mailer, now, kind: "worker" });
    logSweep(log, { durationMs: now().getTime() - started.getTime(), result });
    process.stdout.write(`${JSON.stringify(result)}\n`);
    mailer?.close();
    await database.close();
    return;
  }
  enableMetrics(database);
  const metrics = settings.METRICS_TOKEN ? await startMetricsServer({ token: settings.METRICS_TOKEN, port: settings.METRICS_PORT, host: settings.HOST }) : null;
  if (metrics) {
    const address = metrics.address();
    const port = typeof address === "object" && address ? address.port : settings.METRICS_PORT;
    log.info({ metricsPort: port }, `Metrics on http://localhost:${port}/metrics/prometheus`);
  }
  const scheduler = startScheduler({ database, mailer, now, intervalMs: settings.SWEEP_INTERVAL_S * 1000, worker: true, kind: "worker" });
  log.info({ intervalS: settings.SWEEP_INTERVAL_S, delivering: Boolean(mailer) }, `Scheduler running: a sweep every ${settings.SWEEP_INTERVAL_S} s${mailer ? ", delivering email" : " (SMTP_URL not set: email stays in the outbox)"}. It runs until stopped (SIGTERM).`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, `${signal} received: finishing the sweep in progress, then stopping.`);
    metrics?.close();
    const sweeps = await scheduler.stop();
    mailer?.close();
    await database.close();
    log.info({ sweeps }, `Stopped after ${sweeps} sweep${sweeps === 1 ? "" : "s"}.`);
    process.exit(0);
  };
  stopOnSignals(stop);
}

runMain(main);
