import type { Database } from "../lib/db.server";
import type { Mailer } from "../lib/mailer.server";
import { runSweep, type SweepResult } from "./sweep.server";

export const SWEEP_INTERVAL_MS = 30_000;

/**
 * Runs a sweep every 30 s. A sweep never overlaps the previous one in this process; other
 * processes may sweep at the same time, which the conditional updates make safe.
 */
export function startScheduler(options: {
  database: Database;
  mailer: Mailer | null;
  now: () => Date;
  intervalMs?: number;
  log?: (line: string) => void;
}) {
  const log = options.log ?? ((line: string) => console.log(line));
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = runSweep(options.database, { now: options.now(), mailer: options.mailer })
      .then((result) => {
        const busy = Object.entries(result).filter(([, n]) => n > 0);
        if (busy.length) log(`Sweep: ${busy.map(([k, n]) => `${k}=${n}`).join(" ")}`);
      })
      .catch((error) => log(`Sweep failed (will retry): ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, options.intervalMs ?? SWEEP_INTERVAL_MS);
  timer.unref();
  setTimeout(tick, 1_000).unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

export type { SweepResult };
