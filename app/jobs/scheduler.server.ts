import type { Database } from "../lib/db.server";
import type { Mailer } from "../lib/mailer.server";
import { logger as processLogger, type Logger } from "../lib/log.server";
import { observeSweep } from "../lib/metrics.server";
import { markStopped, recordSweep, sweeperIdentity, type SweeperKind } from "./heartbeat.server";
import { runSweep, type SweepResult } from "./sweep.server";

export const SWEEP_INTERVAL_MS = 30_000;

/**
 * Runs a sweep every 30 s (SWEEP_INTERVAL_S). A sweep never overlaps the previous one in this process; other
 * processes may sweep at the same time, which the conditional updates make safe.
 */
export function startScheduler(options: {
  database: Database;
  mailer: Mailer | null;
  now: () => Date;
  intervalMs?: number;
  /** Where the sweep lines go; the process's logger by default. */
  logger?: Logger;
  /**
   * The worker (`npm run jobs`) is nothing but its timer: the timer keeps the process up
   * until it is stopped. Inside the web server the timer does not hold the process open.
   */
  worker?: boolean;
  /** What the heartbeat row calls this process; the worker's by default when `worker` is set, else the web server's. */
  kind?: SweeperKind;
}) {
  const log = () => options.logger ?? processLogger();
  const me = sweeperIdentity(options.kind ?? (options.worker ? "worker" : "web"), options.now());
  // A heartbeat that cannot be written (the database is down) is logged, not fatal: the sweep's own outcome is.
  const beat = (outcome: Parameters<typeof recordSweep>[2]) =>
    recordSweep(options.database, me, outcome).catch((error) => log().warn({ error: messageOf(error) }, `Heartbeat not recorded: ${messageOf(error)}`));
  let running: Promise<void> | null = null;
  let stopped = false;
  let sweeps = 0;
  const tick = () => {
    if (running || stopped) return;
    const started = options.now();
    running = runSweep(options.database, { now: started, mailer: options.mailer })
      .then(async (result) => {
        sweeps++;
        const durationMs = options.now().getTime() - started.getTime();
        observeSweep({ durationMs, result });
        logSweep(log(), { sweep: sweeps, durationMs, result, quietWhenIdle: !options.worker });
        await beat({ at: started, durationMs, result });
      })
      .catch(async (error) => {
        const durationMs = options.now().getTime() - started.getTime();
        observeSweep({ durationMs });
        log().error({ sweep: { ms: durationMs, failed: true }, err: error }, `Sweep failed (will retry): ${messageOf(error)}`);
        await beat({ at: options.now(), error: messageOf(error) });
      })
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, options.intervalMs ?? SWEEP_INTERVAL_MS);
  if (!options.worker) timer.unref();
  setTimeout(tick, 1_000).unref();
  return {
    /**
     * Stops the timer, waits for a sweep in progress to finish and marks this sweeper
     * stopped; resolves with the number of sweeps run.
     */
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      await markStopped(options.database, me, options.now()).catch((error) => log().warn({ error: messageOf(error) }, `Heartbeat not marked stopped: ${messageOf(error)}`));
      return sweeps;
    },
  };
}

/**
 * One sweep by a process that then exits (`npm run jobs -- --once`): it leaves a heartbeat
 * like any sweeper, marked stopped. A failed sweep is recorded, then thrown.
 */
export async function sweepOnce(options: { database: Database; mailer: Mailer | null; now: () => Date; kind: SweeperKind }): Promise<SweepResult> {
  const started = options.now();
  const me = sweeperIdentity(options.kind, started);
  try {
    const result = await runSweep(options.database, { now: started, mailer: options.mailer });
    const durationMs = options.now().getTime() - started.getTime();
    observeSweep({ durationMs, result });
    await recordSweep(options.database, me, { at: started, durationMs, result });
    return result;
  } catch (error) {
    await recordSweep(options.database, me, { at: options.now(), error: error instanceof Error ? error.message : String(error) }).catch(() => undefined);
    throw error;
  } finally {
    await markStopped(options.database, me, options.now()).catch(() => undefined);
  }
}

/**
 * One line per sweep: `{"msg":"Sweep 3 in 41 ms: reminders=0 roundsClosed=2 …","sweep":{"n":3,"ms":41,"reminders":0,"roundsClosed":2,…}}`.
 * In the web server a sweep that found nothing to do is a debug line (one every 30 s from
 * every process would bury the rest); the worker, whose sweeps are its only sign of life,
 * logs every one at info.
 */
export function logSweep(log: Logger, options: { sweep?: number; durationMs: number; result: SweepResult; quietWhenIdle?: boolean }) {
  const counts = Object.entries(options.result);
  const idle = counts.every(([, n]) => n === 0);
  const shown = options.quietWhenIdle && !idle ? counts.filter(([, n]) => n > 0) : counts;
  const number = options.sweep !== undefined && !options.quietWhenIdle ? `${options.sweep} ` : "";
  const msg = `Sweep ${number}in ${options.durationMs} ms: ${shown.map(([k, n]) => `${k}=${n}`).join(" ")}`;
  const fields = { sweep: { ...(options.sweep !== undefined ? { n: options.sweep } : {}), ms: options.durationMs, ...options.result } };
  log[options.quietWhenIdle && idle ? "debug" : "info"](fields, msg);
}

function messageOf(error: unknown) {
  return error instanceof Error ? error.message : String(error);
}

export type { SweepResult };
