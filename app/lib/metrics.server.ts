import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { NextFunction, Request, Response } from "express";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { Op } from "sequelize";
import type { Database } from "./db.server";
import { now } from "./clock.server";
import { logger } from "./log.server";

/**
 * The process's Prometheus metrics (prom-client), served at /metrics/prometheus when
 * METRICS_TOKEN is set. Every label takes a bounded set of values: requests are counted by
 * route pattern (a Remix route id such as `routes/materials.$materialId._index`, or one of
 * the server's own paths), never by the address with its ids.
 */
export const registry = new Registry();

const PREFIX = "cp_";

export const httpRequests = new Counter({
  name: `${PREFIX}http_requests_total`,
  help: "HTTP requests answered, by method, route pattern and status class (2xx … 5xx, or aborted: the connection closed before the answer was sent).",
  labelNames: ["method", "route", "status_class"] as const,
  registers: [registry],
});

export const httpDuration = new Histogram({
  name: `${PREFIX}http_request_duration_seconds`,
  help: "Time from a request's arrival to the last byte of its answer, by method, route pattern and status class.",
  labelNames: ["method", "route", "status_class"] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120],
  registers: [registry],
});

export const sweepDuration = new Histogram({
  name: `${PREFIX}sweep_duration_seconds`,
  help: "How long each sweep of the scheduler in this process took, by outcome (ok, failed).",
  labelNames: ["outcome"] as const,
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
  registers: [registry],
});

export const sweepItems = new Counter({
  name: `${PREFIX}sweep_items_total`,
  help: "What this process's sweeps did, by kind: each count of the sweep's report (reminders, roundsClosed, lateEscalations, movedUp, flaggedOverdue, emailsSent, emailsFailed …).",
  labelNames: ["kind"] as const,
  registers: [registry],
});

export const emailFailures = new Counter({
  name: `${PREFIX}email_delivery_failures_total`,
  help: "Attempts to hand an outbox message to the SMTP server that failed (each is retried with backoff, up to its last attempt).",
  registers: [registry],
});

export const uploadBytes = new Counter({
  name: `${PREFIX}upload_bytes_total`,
  help: "Bytes of uploaded files received by this process (counted as they arrive, refused files included).",
  registers: [registry],
});

let outboxDatabase: Database | null = null;

/**
 * Runs a query against the database for a gauge at scrape time. When it fails the scrape
 * still answers (process metrics, counters) with the gauge left out, so an alert on it sees
 * "no data" rather than a false zero.
 */
async function readForGauge(gauge: { reset(): void }, read: (database: Database) => Promise<void>) {
  gauge.reset();
  if (!outboxDatabase) return;
  try {
    await read(outboxDatabase);
  } catch (error) {
    logger().warn({ error: error instanceof Error ? error.message : String(error) }, "Outbox backlog not read for the metrics");
  }
}

// The outbox backlog is shared by every process, so any one of them reports it: indexed
// reads on (state, nextAttemptAt), made when Prometheus scrapes.
new Gauge({
  name: `${PREFIX}outbox_messages`,
  help: "Outbox messages by state: pending (not sent yet: due, or waiting for a retry) and failed (given up on). Shared by every process.",
  labelNames: ["state"] as const,
  registers: [registry],
  async collect() {
    await readForGauge(this, async ({ models: { OutboxMessage } }) => {
      const [pending, failed] = await Promise.all([
        OutboxMessage.count({ where: { state: "pending" } }),
        OutboxMessage.count({ where: { state: "failed" } }),
      ]);
      this.set({ state: "pending" }, pending);
      this.set({ state: "failed" }, failed);
    });
  },
});

new Gauge({
  name: `${PREFIX}outbox_oldest_due_seconds`,
  help: "How long the oldest due pending outbox message has waited; 0 when none is due. Shared by every process.",
  registers: [registry],
  async collect() {
    await readForGauge(this, async ({ models: { OutboxMessage } }) => {
      const at = now();
      const oldest = await OutboxMessage.min<Date | string | null, InstanceType<typeof OutboxMessage>>("nextAttemptAt", {
        where: { state: "pending", nextAttemptAt: { [Op.lte]: at } },
      });
      this.set(oldest ? Math.max(0, (at.getTime() - new Date(oldest).getTime()) / 1000) : 0);
    });
  },
});

/** Starts the process metrics (CPU, memory, event-loop lag, open handles) and the outbox gauges. */
export function enableMetrics(database: Database) {
  outboxDatabase = database;
  if (!registry.getSingleMetric("process_cpu_seconds_total")) collectDefaultMetrics({ register: registry });
}

/** Counts one sweep of this process: its duration, and what it did by kind. */
export function observeSweep(outcome: { durationMs: number; result?: object }) {
  sweepDuration.observe({ outcome: outcome.result ? "ok" : "failed" }, outcome.durationMs / 1000);
  for (const [kind, n] of Object.entries(outcome.result ?? {}) as [string, number][]) {
    // Every kind appears from the first sweep on, so a rate over it is never "no data".
    sweepItems.inc({ kind }, n);
    if (kind === "emailsFailed") emailFailures.inc(n);
  }
}

export function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}

function digest(value: string) {
  return createHash("sha256").update(value).digest();
}

/** Whether an Authorization header carries the token, compared in constant time (digests of equal length). */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer +(\S+) *$/i.exec(header ?? "")?.[1] ?? "";
  return timingSafeEqual(digest(given), digest(token)) && given.length > 0;
}

/**
 * A scrape, whatever serves it: 401 without `Authorization: Bearer <token>`, else the
 * metrics in Prometheus's text format.
 */
export async function scrape(authorization: string | undefined, token: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  if (!bearerMatches(authorization, token)) {
    return {
      status: 401,
      headers: { "Cache-Control": "no-store", "WWW-Authenticate": 'Bearer realm="metrics"', "Content-Type": "text/plain; charset=utf-8" },
      body: "The metrics need Authorization: Bearer followed by METRICS_TOKEN.\n",
    };
  }
  return { status: 200, headers: { "Cache-Control": "no-store", "Content-Type": registry.contentType }, body: await registry.metrics() };
}

/**
 * GET /metrics/prometheus in the web server: off (the request goes on to the app, which
 * answers 404) unless a token is set.
 */
export function prometheusEndpoint(token: string | undefined) {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (!token) return next();
    try {
      const answer = await scrape(req.get("authorization"), token);
      res.status(answer.status).set(answer.headers).end(answer.body);
    } catch (error) {
      next(error);
    }
  };
}

/**
 * The worker's own metrics listener (it serves nothing else): GET /metrics/prometheus on
 * METRICS_PORT, so its sweeps can be scraped like the web processes' requests.
 */
export function startMetricsServer(options: { token: string; port: number; host: string }): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? "").split("?")[0];
    if (req.method !== "GET" || path !== "/metrics/prometheus") {
      res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("Only GET /metrics/prometheus is served here.\n");
      return;
    }
    scrape(req.headers.authorization, options.token).then(
      (answer) => res.writeHead(answer.status, answer.headers).end(answer.body),
      (error: unknown) => {
        logger().error({ err: error }, "The metrics could not be collected");
        res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" }).end("The metrics could not be collected.\n");
      },
    );
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve(server));
  });
}
