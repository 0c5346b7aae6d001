import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { logLines, logMessages } from "../helpers/logs";

/**
 * The scheduler as its own worker, the way an operator runs it next to web processes on
 * JOBS=off: it stays up and sweeps until told to stop, then stops cleanly.
 */
describe("the jobs worker", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "cp-worker-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps sweeping (every SWEEP_INTERVAL_S) for longer than a sweep and an idle pool last, logs each sweep, and exits 0 on SIGTERM", async () => {
    const worker = spawn(process.execPath, [path.resolve("build/cli/jobs.js")], {
      env: { ...process.env, NODE_ENV: "test", DATABASE_URL: `sqlite:${path.join(dir, "worker.sqlite")}`, SWEEP_INTERVAL_S: "2" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let stdout = "";
    worker.stdout!.on("data", (chunk) => {
      output += chunk;
      stdout += chunk;
    });
    worker.stderr!.on("data", (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => worker.once("exit", (code) => resolve(code)));
    try {
      // Longer than the database pool's idle time (10 s), after which nothing else holds the process.
      await new Promise((resolve) => setTimeout(resolve, 20_000));
      expect(worker.exitCode, output).toBeNull();
      // Each sweep is one JSON line: its number, duration and every count, from the worker's process.
      const sweeps = logLines(stdout).filter((line) => /^Sweep \d+ in \d+ ms: reminders=\d+ roundsClosed=\d+/.test(line.msg));
      expect(sweeps.length, output).toBeGreaterThanOrEqual(5);
      expect(sweeps[0]).toMatchObject({ level: "info", name: "worker", pid: worker.pid, sweep: { n: 1, ms: expect.any(Number), reminders: 0, roundsClosed: 0, emailsSent: 0 } });

      worker.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(logMessages(stdout)).toContain("SIGTERM received: finishing the sweep in progress, then stopping.");
      expect(logMessages(stdout).at(-1)).toMatch(/^Stopped after \d+ sweeps\.$/);
    } finally {
      if (worker.exitCode === null) worker.kill("SIGKILL");
    }
  }, 60_000);
});
