import type { Database } from "../lib/db.server";
import type { Mailer } from "../lib/mailer.server";
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
  log?: (line: string) => void;
  /**
   * The worker (`npm run jobs`) is nothing but its timer: the timer keeps the process up
   * until it is stopped, and every sweep is logged with its counts. Inside the web server
   * the timer does not hold the process open, and only sweeps that did something are logged.
   */
  worker?: boolean;
  /** What the heartbeat row calls this process; the worker's by default when `worker` is set, else the web server's. */
  kind?: SweeperKind;
}) {
  const log = options.log ?? ((line: string) => console.log(line));
  const me = sweeperIdentity(options.kind ?? (options.worker ? "worker" : "web"), options.now());
  // A heartbeat that cannot be written (the database is down) is logged, not fatal: the sweep's own outcome is.
  const beat = (outcome: Parameters<typeof recordSweep>[2]) =>
    recordSweep(options.database, me, outcome).catch((error) => log(`Heartbeat not recorded: ${error instanceof Error ? error.message : String(error)}`));
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
        const counts = Object.entries(result).filter(([, n]) => options.worker || n > 0);
        if (counts.length) log(`Sweep ${options.worker ? `${sweeps} ` : ""}in ${durationMs} ms: ${counts.map(([k, n]) => `${k}=${n}`).join(" ")}`);
        await beat({ at: started, durationMs, result });
      })
      .catch(async (error) => {
        const message = error instanceof Error ? error.message : String(error);
        log(`Sweep failed (will retry): ${message}`);
        await beat({ at: options.now(), error: message });
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
      await markStopped(options.database, me, options.now()).catch((error) => log(`Heartbeat not marked stopped: ${error instanceof Error ? error.message : String(error)}`));
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
    await recordSweep(options.database, me, { at: started, durationMs: options.now().getTime() - started.getTime(), result });
    return result;
  } catch (error) {
    await recordSweep(options.database, me, { at: options.now(), error: error instanceof Error ? error.message : String(error) }).catch(() => undefined);
    throw error;
  } finally {
    await markStopped(options.database, me, options.now()).catch(() => undefined);
  }
}

export type { SweepResult };
