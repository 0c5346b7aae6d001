import type { Database } from "../lib/db.server";
import type { Mailer } from "../lib/mailer.server";
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
}) {
  const log = options.log ?? ((line: string) => console.log(line));
  let running: Promise<void> | null = null;
  let stopped = false;
  let sweeps = 0;
  const tick = () => {
    if (running || stopped) return;
    const started = Date.now();
    running = runSweep(options.database, { now: options.now(), mailer: options.mailer })
      .then((result) => {
        sweeps++;
        const counts = Object.entries(result).filter(([, n]) => options.worker || n > 0);
        if (counts.length) log(`Sweep ${options.worker ? `${sweeps} ` : ""}in ${Date.now() - started} ms: ${counts.map(([k, n]) => `${k}=${n}`).join(" ")}`);
      })
      .catch((error) => log(`Sweep failed (will retry): ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, options.intervalMs ?? SWEEP_INTERVAL_MS);
  if (!options.worker) timer.unref();
  setTimeout(tick, 1_000).unref();
  return {
    /** Stops the timer and waits for a sweep in progress to finish; resolves with the number of sweeps run. */
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      return sweeps;
    },
  };
}

export type { SweepResult };
