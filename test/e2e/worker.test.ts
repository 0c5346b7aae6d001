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
const TOKEN = "worker-scrape-token-0123456789";

describe("the jobs worker", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "cp-worker-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps sweeping (every SWEEP_INTERVAL_S) for longer than a sweep and an idle pool last, logs each sweep, and exits 0 on SIGTERM", async () => {
    const worker = spawn(process.execPath, [path.resolve("build/cli/jobs.js")], {
      env: { ...process.env, NODE_ENV: "test", DATABASE_URL: `sqlite:${path.join(dir, "worker.sqlite")}`, SWEEP_INTERVAL_S: "2", METRICS_TOKEN: TOKEN, METRICS_PORT: "0", HOST: "127.0.0.1" },
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

      // Its sweeps are scraped from its own metrics listener (METRICS_PORT), with the token only.
      const port = logLines(stdout).find((line) => typeof line.metricsPort === "number")?.metricsPort;
      expect(port, output).toBeGreaterThan(0);
      const metrics = `http://127.0.0.1:${port}/metrics/prometheus`;
      expect((await fetch(metrics)).status).toBe(401);
      const scraped = await fetch(metrics, { headers: { Authorization: `Bearer ${TOKEN}` } });
      expect(scraped.status).toBe(200);
      const text = await scraped.text();
      const count = Number(/^cp_sweep_duration_seconds_count\{outcome="ok"\} (\d+)$/m.exec(text)?.[1]);
      expect(count).toBeGreaterThanOrEqual(sweeps.length);
      expect(text).toMatch(/^cp_sweep_items_total\{kind="roundsClosed"\} 0$/m);
      expect(text).toMatch(/^cp_outbox_messages\{state="pending"\} \d+$/m);

      worker.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(logMessages(stdout)).toContain("SIGTERM received: finishing the sweep in progress, then stopping.");
      expect(logMessages(stdout).at(-1)).toMatch(/^Stopped after \d+ sweeps\.$/);
    } finally {
      if (worker.exitCode === null) worker.kill("SIGKILL");
    }
  }, 60_000);
});
