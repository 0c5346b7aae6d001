import { QueryTypes } from "sequelize";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "~/lib/db.server";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

const isPostgres = process.env.DATABASE_URL?.startsWith("postgres");

describe.runIf(!isPostgres)("SQLite under concurrent writers", () => {
  let tdb: TestDatabase;
  let second: Database;
  beforeAll(async () => {
    tdb = await createTestDatabase();
    // A second handle on the same file behaves like a second server process.
    second = openDatabase({ url: tdb.url, busyTimeoutMs: 10_000 });
  });
  afterAll(async () => {
    await second.close();
    await tdb.cleanup();
  });

  it("runs in WAL mode with foreign keys on", async () => {
    const select = { type: QueryTypes.SELECT } as const;
    const [mode] = await tdb.database.sequelize.query<{ journal_mode: string }>("PRAGMA journal_mode", select);
    expect(mode.journal_mode).toBe("wal");
    // Foreign keys are per connection: check one opened for a write transaction too.
    const [fk] = await tdb.database.write((t) =>
      tdb.database.sequelize.query<{ foreign_keys: number }>("PRAGMA foreign_keys", { ...select, transaction: t }),
    );
    expect(fk.foreign_keys).toBe(1);
  });

  it("read-then-write transactions from two handles never fail with SQLITE_BUSY", async () => {
    const N = 40;
    const work = Array.from({ length: N }, (_, i) => {
      const database = i % 2 === 0 ? tdb.database : second;
      return database.write(async (t) => {
        // Read first, then write: the pattern that deadlocks with deferred transactions.
        await database.models.User.count({ transaction: t });
        await database.models.User.create(
          { name: `Writer ${i}`, email: `w${i}@demo.test`, role: "sales", timeZone: "UTC", passwordHash: null },
          { transaction: t },
        );
      });
    });
    const results = await Promise.allSettled(work);
    const failures = results.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason));
    expect(failures).toEqual([]);
    expect(await tdb.database.models.User.count()).toBe(N);
  });
});
