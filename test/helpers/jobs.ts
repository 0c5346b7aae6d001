import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { SweepResult } from "~/jobs/sweep.server";

const run = promisify(execFile);


/**
 * Runs `npm run jobs -- --once` as its own process against a database, the way an operator
 * runs the worker, and returns the sweep's report (the last line it prints).
 */
export async function runJobsOnce(env: { DATABASE_URL: string; SMTP_URL?: string }): Promise<SweepResult> {
  const { stdout } = await run("npm", ["run", "jobs", "--silent", "--", "--once"], {
    env: { ...process.env, NODE_ENV: "test", ...env },
    timeout: 60_000,
  });
  const last = stdout.trim().split("\n").pop() ?? "";
  return JSON.parse(last) as SweepResult;
}
