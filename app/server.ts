/**
 * The production entry point. remix.config.js compiles this file together with the app
 * into build/index.js, so the server and the routes share one database pool.
 */
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as build from "@remix-run/dev/server-build";
import { broadcastDevReady, type ServerBuild } from "@remix-run/node";
import { createApp } from "./lib/http.server";
import { withAppErrors } from "./lib/http-errors.server";
import { openDatabase, useDatabase } from "./lib/db.server";
import { env } from "./lib/env.server";
import { migrateUp } from "./lib/migrate.server";
import { seedDemoIfEmpty } from "./lib/seed.server";
import { now } from "./lib/clock.server";
import { DiskStorage, useStorage } from "./lib/storage.server";
import { storageFromEnv } from "./lib/storage-config.server";
import { smtpMailer } from "./lib/mailer.server";
import { missingAppUrlWarning } from "./lib/email.server";
import { startScheduler } from "./jobs/scheduler.server";
import { abandonUploads } from "./lib/http/receive-upload.server";
import { warmUpPdfCheck } from "./lib/pdf-check.server";
import { beginStopping } from "./lib/readiness.server";
import { startInboundFromEnv } from "./inbound/inbound-smtp.server";
import { captureConsole, configureLogging, defaultLogFormat } from "./lib/log.server";
import { runMain, stopOnSignals } from "./lib/process.server";
import { enableMetrics } from "./lib/metrics.server";
import { flushUsage } from "./lib/usage-buffer.server";

async function main() {
  const settings = env();
  const log = configureLogging({ name: "web", level: settings.LOG_LEVEL, format: settings.LOG_FORMAT ?? defaultLogFormat(settings.NODE_ENV) });
  captureConsole();
  const database = openDatabase({ url: settings.DATABASE_URL, busyTimeoutMs: settings.SQLITE_BUSY_TIMEOUT_MS });
  useDatabase(database);
  const store = storageFromEnv(settings);
  useStorage(store);
  // Partial files of uploads cut short by a crash (a clean stop removes its own). On S3, a
  // lifecycle rule aborts incomplete multipart uploads (see the README's Configuration).
  if (store instanceof DiskStorage) {
    await store.ensureRoot();
    const removed = await store.removeLeftoverParts(Math.max(3_600_000, 2 * settings.REQUEST_TIMEOUT_S * 1000));
    if (removed) log.info({ removed }, `Removed ${removed} partial upload file${removed === 1 ? "" : "s"} left by an earlier crash.`);
  }

  // pdf.js loads in its worker thread now, so the first PDF upload does not wait for it,
  // and a worker file missing from the install stops the server here rather than later.
  await warmUpPdfCheck();

  const applied = await migrateUp(database);
  if (applied.length) log.info({ migrations: applied }, `Migrations applied: ${applied.join(", ")}`);
  // The demo accounts (an admin among them) share a published password: without an explicit
  // SEED_DEMO they are created only where NODE_ENV says development or test, never merely
  // because NODE_ENV was left unset.
  // (Read from the checked settings: the bundler writes the build's mode in place of a
  // literal process.env.NODE_ENV.)
  const declared = settings.NODE_ENV;
  const seedDemo = settings.SEED_DEMO ?? (declared === "development" || declared === "test" ? "auto" : "never");
  if (seedDemo === "auto" && (await seedDemoIfEmpty(database, now()))) {
    log.info("Created the demo organisation (its accounts are listed in the README).");
  } else if ((await database.models.User.count()) === 0) {
    log.info('No accounts yet: create the first administrator with `npm run db:admin -- you@example.com "Your Name"`.');
  }

  const mailer = settings.SMTP_URL ? smtpMailer(settings.SMTP_URL, settings.MAIL_FROM) : null;
  const linkWarning = missingAppUrlWarning(settings);
  if (linkWarning) log.warn(linkWarning);
  enableMetrics(database);
  const scheduler = settings.JOBS === "on" ? startScheduler({ database, mailer, now, intervalMs: settings.SWEEP_INTERVAL_S * 1000 }) : null;
  const inbound = await startInboundFromEnv(settings, database);

  const app = createApp({
    // Static files are found next to the build, wherever the server is started from.
    publicDir: path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "public"),
    database,
    storage: store,
    build: withAppErrors(build as unknown as ServerBuild),
    appUrl: settings.APP_URL,
    allowedOrigins: settings.APP_ORIGINS,
    logRequests: settings.LOG_REQUESTS === "on",
    trustProxy: settings.TRUST_PROXY,
    logger: log,
    metricsToken: settings.METRICS_TOKEN,
  });

  // A request (an upload above all) that takes longer than REQUEST_TIMEOUT_S is answered
  // 408 and its connection closed; the upload's partial file is removed (receive-upload).
  const requestTimeout = settings.REQUEST_TIMEOUT_S * 1000;
  const server = http.createServer(
    { requestTimeout, headersTimeout: Math.min(60_000, requestTimeout), connectionsCheckingInterval: Math.min(30_000, Math.max(250, requestTimeout / 4)) },
    app,
  );
  server.listen(settings.PORT, settings.HOST, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : settings.PORT;
    log.info({ port }, `Collateral Preview listening on http://localhost:${port}`);
    // Only under `npm run dev`, which sets REMIX_DEV_ORIGIN for live reload.
    if (process.env.REMIX_DEV_ORIGIN) broadcastDevReady(build as unknown as ServerBuild);
  });

  // On SIGTERM/SIGINT: readiness turns 503 and the listener closes at once; open requests
  // (downloads among them) and the sweep in progress get SHUTDOWN_GRACE_S to finish. Past it,
  // uploads still arriving are abandoned (their partial files removed) and the connections
  // left are closed, each download cut that way logging itself as aborted. Both ways the
  // stop is intended, so the exit code is 0.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    beginStopping();
    const inboundClosed = inbound?.close();
    log.info({ signal }, `${signal} received: finishing open requests and the sweep in progress (up to ${settings.SHUTDOWN_GRACE_S} s), then stopping.`);
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // A keep-alive connection between requests holds nothing: closed now. One busy now ends
    // when its answer has been sent (http.server.ts).
    server.closeIdleConnections();
    const sweep = scheduler?.stop() ?? Promise.resolve(0);
    let graceTimer: NodeJS.Timeout | undefined;
    const grace = new Promise<"grace">((resolve) => (graceTimer = setTimeout(() => resolve("grace"), settings.SHUTDOWN_GRACE_S * 1000)));
    let sweepFinished = false;
    const sweepDone = sweep.then(() => void (sweepFinished = true));
    const outcome = await Promise.race([Promise.all([closed, sweepDone]).then(() => "done" as const), grace]);
    clearTimeout(graceTimer);
    if (outcome === "grace") {
      // Set first: an abandoned upload's cleanup waits on the store, and closing waits on the
      // database, either of which may not answer.
      setTimeout(() => {
        log.error(`Still stopping 5 s after the ${settings.SHUTDOWN_GRACE_S} s grace (the file store or the database is not answering); stopping anyway.`);
        process.exit(1);
      }, 5_000).unref();
      await abandonUploads("the server is stopping");
      server.closeAllConnections();
      await closed;
      if (!sweepFinished) {
        log.warn(`The sweep in progress had not finished after ${settings.SHUTDOWN_GRACE_S} s: its open transaction is rolled back, and the next sweep takes up the work left.`);
      }
    }
    // An upload whose connection closed during shutdown finishes removing its partial file first.
    await abandonUploads("the server is stopping");
    mailer?.close();
    await inboundClosed;
    await flushUsage();
    await database.close().catch(() => undefined);
    log.info("Stopped.");
    process.exit(0);
  };
  stopOnSignals(shutdown);
}

runMain(main);
