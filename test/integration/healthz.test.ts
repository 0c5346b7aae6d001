import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import os from "node:os";
import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "~/lib/http.server";
import { readiness } from "~/lib/readiness.server";
import { DiskStorage } from "~/lib/storage.server";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

/** /healthz and /readyz are answered by the Express layer before Remix, so no route build is needed here. */
const NO_ROUTES = { routes: {}, assets: { routes: {} }, entry: { module: {} }, future: {} } as unknown as ServerBuild;

describe("GET /healthz and GET /readyz", () => {
  let tdb: TestDatabase;
  let server: Server;
  let base: string;
  let filesDir: string;
  beforeAll(async () => {
    tdb = await createTestDatabase();
    filesDir = mkdtempSync(path.join(os.tmpdir(), "cp-readyz-"));
    const app = createApp({ database: tdb.database, storage: new DiskStorage(filesDir), build: NO_ROUTES, logRequests: false });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await tdb.cleanup().catch(() => undefined);
    rmSync(filesDir, { recursive: true, force: true });
  });

  it("/readyz is 200 ready with the database, files and outbox checks named, and counts the outbox messages due", async () => {
    const message = (subject: string, at: Date) =>
      tdb.database.models.OutboxMessage.create({ userId: null, toEmail: "a@demo.test", kind: "test", subject, text: "x", html: "<p>x</p>", state: "pending", attempts: 0, nextAttemptAt: at, createdAt: at, passwordTokenId: null });
    await message("Due 90 s ago", new Date(Date.now() - 90_000));
    await message("Due in an hour", new Date(Date.now() + 3_600_000));
    const response = await fetch(`${base}/readyz`);
    const body = await response.json();
    expect(response.status, JSON.stringify(body)).toBe(200);
    expect(body.status).toBe("ready");
    expect(body.checks.database).toEqual({ ok: true, ms: expect.any(Number) });
    expect(body.checks.files).toEqual({ ok: true, ms: expect.any(Number) });
    expect(body.checks.outbox).toMatchObject({ ok: true, pending: 1 });
    expect(body.checks.outbox.oldestDueSeconds).toBeGreaterThanOrEqual(89);
  });

  it("is unready naming files when the files folder is missing, and within the check's bound when the store hangs", async () => {
    const gone = new DiskStorage(path.join(filesDir, "missing"));
    const missing = await readiness({ database: tdb.database, storage: gone });
    expect(missing.status).toBe("unready");
    expect(missing.checks!.files).toMatchObject({ ok: false, error: expect.stringMatching(/ENOENT/) });

    const started = Date.now();
    const hanging = await readiness({ database: tdb.database, storage: { check: () => new Promise<void>(() => undefined) }, timeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(hanging.status).toBe("unready");
    expect(hanging.checks!.files).toMatchObject({ ok: false, error: "the file store did not answer within 300 ms" });
  });

  it("once the database cannot be queried, /readyz is 503 naming it while /healthz (liveness) stays 200", async () => {
    await tdb.database.close();
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    const body = await ready.json();
    expect(body.status).toBe("unready");
    expect(body.checks.database.ok).toBe(false);
    expect(body.checks.database.error).toBeTruthy();
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
  });
});
