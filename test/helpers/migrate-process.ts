/**
 * A separate process that migrates and seeds a database, as a starting server does, for
 * tests of processes starting together. Run with tsx; DATABASE_URL (and DATABASE_SCHEMA on
 * PostgreSQL) name the database. It prints "ready" once the database is open, waits for a
 * line on stdin, then migrates and prints one JSON line with what it did.
 *
 * MIGRATION_HANGS_AFTER=<name>: that migration's `up` completes, "half-way" is printed, and
 * the process waits there, inside the migration's transaction, for the test to kill it.
 */
import { openDatabase } from "../../app/lib/db.server";
import { migrateUp } from "../../app/lib/migrate.server";
import { seedDemoIfEmpty } from "../../app/lib/seed.server";
import { migrations } from "../../migrations/index";

const url = process.env.DATABASE_URL!;
const schema = process.env.DATABASE_SCHEMA || undefined;
const hangsAfter = process.env.MIGRATION_HANGS_AFTER;

const list = migrations.map((m) =>
  m.name !== hangsAfter
    ? m
    : {
        ...m,
        async up(params: Parameters<typeof m.up>[0]) {
          await m.up(params);
          console.log("half-way");
          await new Promise(() => setInterval(() => {}, 60_000));
        },
      },
);

const database = openDatabase({ url, schema });
await database.sequelize.query("SELECT 1");
console.log("ready");
await new Promise<void>((resolve) => {
  process.stdin.once("data", () => resolve());
  process.stdin.once("end", () => resolve());
});
process.stdin.destroy();
try {
  const applied = await migrateUp(database, { migrations: list, lockTimeoutMs: 30_000 });
  const seeded = await seedDemoIfEmpty(database, new Date());
  console.log(JSON.stringify({ applied, seeded }));
} catch (error) {
  console.log(JSON.stringify({ error: String((error as Error)?.stack ?? error) }));
  process.exitCode = 1;
} finally {
  await database.close();
}
