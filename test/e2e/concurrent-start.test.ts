import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { QueryTypes } from "sequelize";
import { describe, expect, it } from "vitest";
import { openDatabase } from "~/lib/db.server";
import { DEMO_USERS } from "~/lib/seed.server";
import { migrations } from "../../migrations/index";
import { logLines, logMessages } from "../helpers/logs";
import { startServer, type RunningServer } from "../helpers/server";

describe("servers started together on one empty SQLite file", () => {
  it("all three listen; each migration is applied once and one demo organisation made", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "cp-together-"));
    const databaseUrl = `sqlite:${path.join(dir, "app.sqlite")}`;
    // The test holds the database's write lock while the three start, so that all three reach
    // their migrations before any can begin, and are let go together.
    const holder = openDatabase({ url: databaseUrl });
    let release!: () => void;
    const held = holder.write(() => new Promise<void>((resolve) => (release = resolve)));
    const starting = [0, 1, 2].map(() => startServer({ DATABASE_URL: databaseUrl, JOBS: "off" }));
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    release();
    await held;
    await holder.close();
    const started = await Promise.allSettled(starting);
    const servers = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
    try {
      expect(started.map((s) => (s.status === "rejected" ? String(s.reason) : "listening"))).toEqual(["listening", "listening", "listening"]);
      for (const server of servers) expect((await fetch(`${server.url}/login`)).status).toBe(200);

      const appliedBy = (server: RunningServer) => logLines(server.stdout()).flatMap((line) => (line.migrations as string[] | undefined) ?? []);
      expect(servers.flatMap(appliedBy).sort()).toEqual(migrations.map((m) => m.name).sort());
      expect(servers.filter((s) => logMessages(s.stdout()).some((m) => m.startsWith("Created the demo organisation")))).toHaveLength(1);

      const database = openDatabase({ url: databaseUrl });
      try {
        const ledger = await database.sequelize.query<{ name: string }>("SELECT name FROM schema_migrations", { type: QueryTypes.SELECT });
        expect(ledger.map((r) => r.name).sort()).toEqual(migrations.map((m) => m.name).sort());
        expect(await database.models.User.count()).toBe(DEMO_USERS.length);
        expect(await database.models.SalesTeam.count()).toBe(2);
      } finally {
        await database.close();
      }
    } finally {
      const codes = await Promise.all(servers.map((s) => s.stop("SIGTERM")));
      for (const server of servers) rmSync(server.dataDir, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
      expect(codes).toEqual(servers.map(() => 0));
    }
  });
});
