import os from "node:os";
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "~/lib/db.server";
import { visibleText } from "../helpers/http";
import { runJobsOnce } from "../helpers/jobs";
import { startServer, type RunningServer } from "../helpers/server";

/**
 * Each sweeper's heartbeat on the admin home: a `npm run jobs -- --once` worker appears
 * there after its sweep, and one whose heartbeat is old shows as silent, in words.
 */
describe("sweepers on the admin home", () => {
  let server: RunningServer;
  let database: Database;
  let cookie: string;
  const adminHome = async () => {
    const response = await fetch(`${server.url}/admin`, { headers: { Cookie: cookie } });
    expect(response.status).toBe(200);
    return response.text();
  };
  const sweepersSection = (html: string) => visibleText(html.slice(html.indexOf('data-testid="sweepers"')));

  beforeAll(async () => {
    // JOBS=off: the worker below is the only process that sweeps.
    server = await startServer({ JOBS: "off", SWEEP_INTERVAL_S: "30" });
    database = openDatabase({ url: server.databaseUrl });
    const signIn = await fetch(`${server.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url },
      body: new URLSearchParams({ email: "admin@demo.test", password: "preview-demo" }),
    });
    expect(signIn.status).toBe(302);
    cookie = signIn.headers.get("set-cookie")!.split(";")[0];
  }, 90_000);
  afterAll(async () => {
    await database?.close();
    await server?.stop("SIGTERM");
    if (server) rmSync(server.dataDir, { recursive: true, force: true });
  });

  it("says no sweeper has swept before any has", async () => {
    expect(sweepersSection(await adminHome())).toContain("No sweeper has swept yet");
  });

  it("lists the worker after `npm run jobs -- --once`: host, pid, kind, last sweep and counts", async () => {
    await runJobsOnce({ DATABASE_URL: server.databaseUrl });
    const rows = await database.models.Sweeper.findAll();
    expect(rows).toHaveLength(1);
    expect(rows[0].kind).toBe("worker");
    expect(rows[0].pid).not.toBe(process.pid);
    const text = sweepersSection(await adminHome());
    expect(text).not.toContain("No sweeper has swept yet");
    expect(text).toContain(os.hostname());
    expect(text).toContain(String(rows[0].pid));
    expect(text).toContain("worker");
    expect(text).toMatch(/just now|\d+ s ago/);
    expect(text).toContain("nothing due");
    // It exited after its one sweep, on purpose: stopped, not silent.
    expect(text).toContain("Stopped");
    expect(text).not.toContain("Silent");
  }, 90_000);

  it("shows as silent a running sweeper whose heartbeat is older than three intervals, here and on the home page", async () => {
    const [row] = await database.models.Sweeper.findAll();
    // A worker that was killed: not stopped, last heard from five minutes ago.
    const fiveMinutesAgo = new Date(Date.now() - 5 * 60_000);
    await database.write((t) => row.update({ stoppedAt: null, lastSweepAt: fiveMinutesAgo }, { transaction: t }));
    const text = sweepersSection(await adminHome());
    expect(text).toContain("Silent: no sweep for over three intervals");
    expect(text).toContain("5 min ago");
    expect(text).toContain("1 silent");

    const home = await fetch(`${server.url}/`, { headers: { Cookie: cookie } });
    expect(visibleText(await home.text())).toContain("1 sweeper silent");
  });
});
