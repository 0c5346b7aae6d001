import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { logMessages, requestLines } from "../helpers/logs";
import { startServer } from "../helpers/server";

describe("the server process", () => {
  it("migrates and seeds an empty database at start, then stops cleanly on SIGTERM", async () => {
    const server = await startServer({ LOG_REQUESTS: "on" });
    try {
      expect(server.output()).toContain("Migrations applied: ");
      expect(server.output()).toContain("Created the demo organisation");
      const health = await fetch(`${server.url}/healthz`);
      expect(await health.json()).toEqual({ status: "ok" });
      const login = await fetch(`${server.url}/login`);
      expect(login.status).toBe(200);
      // Request logs name the method, path and status; one-time links are redacted.
      await fetch(`${server.url}/set-password/secret-token-value-1234567890`);
      // The line is written when the response ends and reaches this process through a pipe.
      await expect.poll(() => logMessages(server.stdout())).toContain("GET /set-password/[redacted] 410");
      expect(requestLines(server.stdout())).toContainEqual(expect.objectContaining({ method: "GET", path: "/healthz", route: "/healthz", status: 200 }));
      expect(server.output()).not.toContain("secret-token-value");
    } finally {
      const code = await server.stop("SIGTERM");
      rmSync(server.dataDir, { recursive: true, force: true });
      expect(code).toBe(0);
    }
    expect(server.output()).toMatch(/shut(ting)? down|stopped/i);
  });

  it("refuses to start with a clear message when a setting is invalid", async () => {
    await expect(startServer({ DATABASE_URL: "mysql://nope" })).rejects.toThrow(/DATABASE_URL: must start with sqlite: or postgres:\/\//);
  });

  it("serves its scripts, styles and PDF worker when started from another folder", async () => {
    const elsewhere = mkdtempSync(path.join(os.tmpdir(), "cp-cwd-"));
    const server = await startServer({}, { cwd: elsewhere });
    try {
      const page = await (await fetch(`${server.url}/login`)).text();
      const assets = [...page.matchAll(/(?:href|src)="(\/build\/[^"]+)"/g)].map((m) => m[1]);
      expect(assets.length).toBeGreaterThan(0);
      for (const asset of [...assets, "/pdf.worker.min.mjs"]) {
        const response = await fetch(server.url + asset);
        expect(response.status, asset).toBe(200);
        await response.arrayBuffer(); // read to the end, so the connection is idle and the stop is quick
      }
    } finally {
      await server.stop("SIGTERM");
      rmSync(server.dataDir, { recursive: true, force: true });
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
