import os from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordSweep, sweeperIdentity } from "~/jobs/heartbeat.server";
import { startScheduler, sweepOnce } from "~/jobs/scheduler.server";
import { runSweep } from "~/jobs/sweep.server";
import { createLogger } from "~/lib/log.server";
import { sweeperStatus } from "~/queries/sweepers.server";
import { systemHealth } from "~/queries/home-queues.server";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

const T0 = new Date("2026-12-01T09:00:00Z");
const seconds = (s: number) => new Date(T0.getTime() + s * 1000);

describe("sweeper heartbeats", () => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase();
  });
  afterAll(() => tdb.cleanup());

  it("says no sweeper has swept while the table is empty", async () => {
    const status = await sweeperStatus(tdb.database, T0, 30);
    expect(status.sweepers).toEqual([]);
    expect(status.lastSweepAt).toBeNull();
  });

  it("a running scheduler writes its own row after its sweep, with the app's clock, and marks it stopped on stop", async () => {
    const scheduler = startScheduler({ database: tdb.database, mailer: null, now: () => T0, kind: "web", intervalMs: 60_000, logger: createLogger({ name: "test", level: "silent" }) });
    // The first sweep runs a second after the start.
    const deadline = Date.now() + 10_000;
    while ((await tdb.database.models.Sweeper.count()) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await scheduler.stop()).toBe(1);
    const rows = await tdb.database.models.Sweeper.findAll();
    expect(rows).toHaveLength(1);
    const row = rows[0];
    expect(row.id).toContain(`${os.hostname()}:${process.pid}:`);
    expect(row).toMatchObject({ host: os.hostname(), pid: process.pid, kind: "web", lastError: null });
    expect(row.startedAt.toISOString()).toBe(T0.toISOString());
    expect(row.lastSweepAt?.toISOString()).toBe(T0.toISOString());
    expect(row.lastSweepMs).toBe(0);
    expect(JSON.parse(row.lastCounts!)).toEqual({ reminders: 0, roundsClosed: 0, lateEscalations: 0, movedUp: 0, flaggedOverdue: 0, emailsSent: 0, emailsFailed: 0, digests: 0 });
    expect(row.stoppedAt?.toISOString()).toBe(T0.toISOString());
    await tdb.database.models.Sweeper.destroy({ where: {} });
  });

  it("upserts one row per process: a second sweep updates it, a failure keeps the last good sweep and adds the error", async () => {
    const me = sweeperIdentity("worker", T0);
    const result = await runSweep(tdb.database, { now: seconds(10) });
    await recordSweep(tdb.database, me, { at: seconds(10), durationMs: 12, result });
    await recordSweep(tdb.database, me, { at: seconds(40), durationMs: 7, result: { ...result, reminders: 2 } });
    await recordSweep(tdb.database, me, { at: seconds(70), error: "database is locked" });
    const rows = await tdb.database.models.Sweeper.findAll();
    expect(rows).toHaveLength(1);
    expect(rows[0].lastSweepAt?.toISOString()).toBe(seconds(40).toISOString());
    expect(rows[0].lastSweepMs).toBe(7);
    expect(JSON.parse(rows[0].lastCounts!).reminders).toBe(2);
    expect(rows[0].lastError).toBe("database is locked");
    expect(rows[0].lastErrorAt?.toISOString()).toBe(seconds(70).toISOString());
    await recordSweep(tdb.database, me, { at: seconds(100), durationMs: 5, result });
    expect((await tdb.database.models.Sweeper.findByPk(me.id))?.lastError).toBeNull();
    await tdb.database.models.Sweeper.destroy({ where: {} });
  });

  it("flags as silent a running sweeper whose last sweep is older than 3 × SWEEP_INTERVAL_S, never a stopped one", async () => {
    const result = await runSweep(tdb.database, { now: T0 });
    const alive = sweeperIdentity("web", T0);
    const dead = sweeperIdentity("worker", T0);
    await recordSweep(tdb.database, alive, { at: seconds(200), durationMs: 3, result });
    await recordSweep(tdb.database, dead, { at: seconds(100), durationMs: 3, result });
    await sweepOnce({ database: tdb.database, mailer: null, now: () => seconds(0), kind: "worker" });

    // At 190 s: the dead one's last sweep is 90 s old, exactly three 30 s intervals: not yet silent.
    let status = await sweeperStatus(tdb.database, seconds(190), 30);
    expect(status.sweepers.filter((s) => s.silent)).toEqual([]);
    // At 191 s it is.
    status = await sweeperStatus(tdb.database, seconds(191), 30);
    expect(status.sweepers.map((s) => [s.id, s.silent])).toEqual([
      [dead.id, true],
      [alive.id, false],
      [expect.any(String), false], // the --once sweeper: stopped, so never silent however old
    ]);
    expect(status.sweepers[2].stoppedAt).not.toBeNull();
    expect(status.silent).toBe(1);
    expect(status.lastSweepAt).toBe(seconds(200).toISOString());
    // The same rule with a longer interval: 91 s is well within 3 × 60 s.
    expect((await sweeperStatus(tdb.database, seconds(191), 60)).silent).toBe(0);
    // The home page's health counts the same silent sweepers.
    expect((await systemHealth(tdb.database, seconds(191), 30)).silentSweepers).toBe(1);
  });

  it("hides and prunes sweepers stopped more than a day ago; keeps silent ones for a week", async () => {
    const dayLater = seconds(86_400 + 1);
    const status = await sweeperStatus(tdb.database, dayLater, 30);
    expect(status.sweepers.map((s) => s.kind).sort()).toEqual(["web", "worker"]);
    expect(status.sweepers.every((s) => s.silent)).toBe(true);
    await runSweep(tdb.database, { now: dayLater });
    expect(await tdb.database.models.Sweeper.count()).toBe(2);
    await runSweep(tdb.database, { now: seconds(8 * 86_400) });
    expect(await tdb.database.models.Sweeper.count()).toBe(0);
  });
});
