import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { SweepResult } from "~/jobs/sweep.server";

const run = promisify(execFile);


/**
 * Runs `npm run jobs -- --once` as its own process against a database, the way an operator
 * runs the worker, and returns the sweep's report (the last line it prints). It runs the
 * built worker (build/cli/jobs.js), which the e2e setup builds.
 */
export async function runJobsOnce(env: { DATABASE_URL: string; SMTP_URL?: string }): Promise<SweepResult> {
  const { stdout } = await run("npm", ["run", "jobs", "--silent", "--", "--once"], {
    env: { ...process.env, NODE_ENV: "test", ...env },
    timeout: 60_000,
  });
  const last = stdout.trim().split("\n").pop() ?? "";
  return JSON.parse(last) as SweepResult;
}

/**
 * Sweeps until a sweep finds no mail to send (each sends at most MAX_PER_SWEEP), so a test's own
 * messages go out however much earlier test files left waiting in the shared outbox.
 * Returns every sweep's report added up.
 */
export async function sweepUntilSent(env: { DATABASE_URL: string; SMTP_URL: string }, maxSweeps = 30): Promise<SweepResult> {
  const total = await runJobsOnce(env);
  for (let sweeps = 1, sent = total.emailsSent; sent > 0; sweeps++) {
    if (sweeps >= maxSweeps) throw new Error(`The outbox still had mail to send after ${maxSweeps} sweeps.`);
    const next = await runJobsOnce(env);
    for (const key of Object.keys(total) as (keyof SweepResult)[]) total[key] += next[key];
    sent = next.emailsSent;
  }
  return total;
}
