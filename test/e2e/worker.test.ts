import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

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
    worker.stdout!.on("data", (chunk) => (output += chunk));
    worker.stderr!.on("data", (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => worker.once("exit", (code) => resolve(code)));
    try {
      // Longer than the database pool's idle time (10 s), after which nothing else holds the process.
      await new Promise((resolve) => setTimeout(resolve, 20_000));
      expect(worker.exitCode, output).toBeNull();
      const sweeps = output.split("\n").filter((line) => /^Sweep \d+ in \d+ ms: reminders=\d+ roundsClosed=\d+/.test(line));
      expect(sweeps.length, output).toBeGreaterThanOrEqual(5);

      worker.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(output).toContain("SIGTERM received: finishing the sweep in progress, then stopping.");
      expect(output).toMatch(/Stopped after \d+ sweeps\./);
    } finally {
      if (worker.exitCode === null) worker.kill("SIGKILL");
    }
  }, 60_000);
});
