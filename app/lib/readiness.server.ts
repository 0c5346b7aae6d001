import { Op } from "sequelize";
import type { Database } from "./db.server";
import type { Storage } from "./storage.server";

/** Each check's own bound: a dependency that hangs makes /readyz answer "unready", never hang. */
export const CHECK_TIMEOUT_MS = 2_000;

let stopping = false;

/** Called once shutdown begins: from then on /readyz answers 503 "stopping". */
export function beginStopping() {
  stopping = true;
}

export function isStopping() {
  return stopping;
}

export interface Readiness {
  status: "ready" | "unready" | "stopping";
  checks?: {
    database: { ok: boolean; ms: number; error?: string };
    files: { ok: boolean; ms: number; error?: string };
    outbox: { ok: boolean; ms: number; pending: number | null; oldestDueSeconds: number | null; error?: string };
  };
}

/** Runs `probe` with a deadline; resolves with how it went, never rejects. */
async function timed<T>(name: string, probe: (signal: AbortSignal) => Promise<T>, timeoutMs: number) {
  const started = performance.now();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`${name} did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    const value = await Promise.race([probe(controller.signal), deadline]);
    return { ok: true as const, ms: Math.round(performance.now() - started), value };
  } catch (error) {
    return { ok: false as const, ms: Math.round(performance.now() - started), error: error instanceof Error ? error.message || error.name : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Whether this process should be sent traffic: the database answers, the file store answers,
 * and how far behind the outbox is. The outbox backlog is reported but never makes the process
 * unready: it is shared by every instance (taking one out of the balancer does not shrink it),
 * and without SMTP_URL messages stay pending by design.
 */
export async function readiness(options: { database: Database; storage: Pick<Storage, "check">; now?: () => Date; timeoutMs?: number }): Promise<Readiness> {
  if (stopping) return { status: "stopping" };
  const timeoutMs = options.timeoutMs ?? CHECK_TIMEOUT_MS;
  const { database } = options;
  const [db, files, outbox] = await Promise.all([
    timed("the database", () => database.sequelize.query("SELECT 1"), timeoutMs),
    timed("the file store", (signal) => options.storage.check(signal), timeoutMs),
    timed(
      "the outbox count",
      async () => {
        const now = options.now?.() ?? new Date();
        const where = { state: "pending", nextAttemptAt: { [Op.lte]: now } };
        const [pending, oldest] = await Promise.all([
          database.models.OutboxMessage.count({ where }),
          database.models.OutboxMessage.min<Date | string | null, InstanceType<typeof database.models.OutboxMessage>>("nextAttemptAt", { where }),
        ]);
        const oldestDueSeconds = oldest ? Math.max(0, Math.round((now.getTime() - new Date(oldest).getTime()) / 1000)) : 0;
        return { pending, oldestDueSeconds };
      },
      timeoutMs,
    ),
  ]);
  if (stopping) return { status: "stopping" };
  const checks = {
    database: db.ok ? { ok: true, ms: db.ms } : { ok: false, ms: db.ms, error: db.error },
    files: files.ok ? { ok: true, ms: files.ms } : { ok: false, ms: files.ms, error: files.error },
    outbox: outbox.ok
      ? { ok: true, ms: outbox.ms, ...outbox.value }
      : { ok: false, ms: outbox.ms, pending: null, oldestDueSeconds: null, error: outbox.error },
  };
  return { status: checks.database.ok && checks.files.ok ? "ready" : "unready", checks };
}
