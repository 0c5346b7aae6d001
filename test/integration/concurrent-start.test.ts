import { spawn, type ChildProcess } from "node:child_process";
import { QueryTypes } from "sequelize";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "~/lib/db.server";
import { MigrationLockTimeout, migrateUp, pendingMigrations, withMigrationLock } from "~/lib/migrate.server";
import { DEMO_USERS } from "~/lib/seed.server";
import { migrations } from "../../migrations/index";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

const engine = process.env.DATABASE_URL?.startsWith("postgres") ? "PostgreSQL" : "SQLite";

interface Child {
  process: ChildProcess;
  output: () => string;
  /** Resolves once the child printed `line` (or rejects when it exits first, or after 30 s). */
  printed(line: string): Promise<void>;
  exited: Promise<number | null>;
}

/** Starts test/helpers/migrate-process.ts on the test database, as its own process with its own connections. */
async function startChild(tdb: TestDatabase, env: Record<string, string> = {}): Promise<Child> {
  const schema =
    tdb.database.dialect === "postgres"
      ? (await tdb.database.sequelize.query<{ schema: string }>("SELECT current_schema() AS schema", { type: QueryTypes.SELECT }))[0].schema
      : "";
  // tsx as a loader inside this one process (its CLI would run the script in a grandchild
  // that a kill of the CLI leaves running).
  const child = spawn(process.execPath, ["--import", "tsx", "test/helpers/migrate-process.ts"], {
    env: { ...process.env, DATABASE_URL: tdb.url, DATABASE_SCHEMA: schema, ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const printed = (line: string) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`No "${line}" from the child in 30 s:\n${output}`)), 30_000);
      const check = () => {
        if (!output.split("\n").includes(line)) return;
        clearTimeout(timer);
        resolve();
      };
      child.stdout!.on("data", check);
      void exited.then(() => {
        clearTimeout(timer);
        if (!output.split("\n").includes(line)) reject(new Error(`The child exited before "${line}":\n${output}`));
      });
      check();
    });
  return { process: child, output: () => output, printed, exited };
}

function result(child: Child): { applied?: string[]; seeded?: boolean; error?: string } {
  const line = child.output().split("\n").find((l) => l.startsWith("{"));
  if (!line) throw new Error(`The child printed no result:\n${child.output()}`);
  return JSON.parse(line);
}

async function tableNames(database: Database): Promise<string[]> {
  const sql =
    database.dialect === "postgres"
      ? "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()"
      : "SELECT name FROM sqlite_master WHERE type = 'table'";
  return (await database.sequelize.query<{ name: string }>(sql, { type: QueryTypes.SELECT })).map((r) => r.name);
}

async function columnNames(database: Database, table: string): Promise<string[]> {
  const sql =
    database.dialect === "postgres"
      ? "SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = :table"
      : "SELECT name FROM pragma_table_info(:table)";
  return (await database.sequelize.query<{ name: string }>(sql, { type: QueryTypes.SELECT, replacements: { table } })).map((r) => r.name);
}

async function ledger(database: Database): Promise<string[]> {
  const rows = await database.sequelize.query<{ name: string }>("SELECT name FROM schema_migrations ORDER BY name", { type: QueryTypes.SELECT });
  return rows.map((r) => r.name);
}

describe(`processes starting together on ${engine}`, () => {
  let tdb: TestDatabase | undefined;
  const children: Child[] = [];
  afterEach(async () => {
    for (const child of children.splice(0)) if (child.process.exitCode === null) child.process.kill("SIGKILL");
    await tdb?.cleanup();
    tdb = undefined;
  });

  it("three processes on an empty database: all succeed, each migration applied once, one demo organisation", async () => {
    tdb = await createTestDatabase({ migrate: false });
    for (let i = 0; i < 3; i++) children.push(await startChild(tdb));
    await Promise.all(children.map((c) => c.printed("ready")));
    // Released together, once every process has its database open.
    for (const child of children) child.process.stdin!.end("go\n");
    const codes = await Promise.all(children.map((c) => c.exited));
    const results = children.map(result);
    expect(results.map((r) => r.error)).toEqual([undefined, undefined, undefined]);
    expect(codes).toEqual([0, 0, 0]);

    // Every migration applied by exactly one process; the others found nothing pending.
    const applied = results.flatMap((r) => r.applied!);
    expect(applied.sort()).toEqual(migrations.map((m) => m.name).sort());
    expect(results.filter((r) => r.seeded)).toHaveLength(1);
    expect(await ledger(tdb.database)).toEqual(migrations.map((m) => m.name).sort());
    expect(await tdb.database.models.User.count()).toBe(DEMO_USERS.length);
    expect(await tdb.database.models.SalesTeam.count()).toBe(2);
    expect(await tdb.database.models.AuditEvent.count({ where: { action: "demo.seeded" } })).toBe(1);
  }, 60_000);

  it("a process killed half-way through a migration leaves nothing of it; the next start applies it cleanly", async () => {
    tdb = await createTestDatabase({ migrate: false });
    const interrupted = "20261122120000-workflow";
    const child = await startChild(tdb, { MIGRATION_HANGS_AFTER: interrupted });
    children.push(child);
    await child.printed("ready");
    child.process.stdin!.end("go\n");
    // Its tables are created and its columns added, the ledger row not yet written.
    await child.printed("half-way");
    child.process.kill("SIGKILL");
    await child.exited;

    const before = migrations.findIndex((m) => m.name === interrupted);
    expect(await ledger(tdb.database)).toEqual(migrations.slice(0, before).map((m) => m.name));
    expect(await tableNames(tdb.database)).not.toContain("preview_rounds");
    expect(await columnNames(tdb.database, "comments")).not.toContain("roundId");

    expect(await migrateUp(tdb.database)).toEqual(migrations.slice(before).map((m) => m.name));
    expect(await pendingMigrations(tdb.database)).toEqual([]);
    expect(await tableNames(tdb.database)).toEqual(expect.arrayContaining(["preview_rounds", "round_decisions", "escalations", "comments"]));
    expect(await columnNames(tdb.database, "comments")).toEqual(expect.arrayContaining(["roundId", "escalateAt", "kind", "w", "h"]));
    expect(await columnNames(tdb.database, "sales_teams")).toEqual(expect.arrayContaining(["windowUnit", "windowValue"]));
  }, 60_000);

  it("a process that waits longer than the bound for the migration lock stops with a clear message and changes nothing", async () => {
    tdb = await createTestDatabase({ migrate: false });
    // Another handle, as another process has (its own connections); a short busy timeout so
    // SQLite reports the wait quickly and the bound decides.
    const other = tdb.database.dialect === "postgres" ? tdb.reopen() : openDatabase({ url: tdb.url, busyTimeoutMs: 200 });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let holding!: () => void;
    const taken = new Promise<void>((resolve) => (holding = resolve));
    const holder = withMigrationLock(tdb.database, async () => {
      holding();
      await held;
    });
    try {
      await taken;
      const startedAt = Date.now();
      const error = await migrateUp(other, { lockTimeoutMs: 1_500 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationLockTimeout);
      expect((error as Error).message).toMatch(/^Another process has held the migration lock for \d+ s \(it is migrating or seeding this database\); nothing was changed/);
      expect(Date.now() - startedAt).toBeLessThan(10_000);
    } finally {
      release();
      await holder;
    }
    expect(await tableNames(other)).not.toContain("users");
    // Once the lock is free the same call goes through.
    expect(await migrateUp(other)).toEqual(migrations.map((m) => m.name));
    await other.close();
  }, 30_000);
});
