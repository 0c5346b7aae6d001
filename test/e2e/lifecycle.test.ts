import { rmSync } from "node:fs";
import { describe, expect, it } from "vitest";
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
      await expect.poll(() => server.output()).toContain("GET /set-password/[redacted] 410");
      expect(server.output()).toMatch(/GET \/healthz 200 /);
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
});
