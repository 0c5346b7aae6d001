/**
 * Database commands for the terminal: `npm run db:migrate`, `db:rollback`, `db:seed`.
 */
import { openDatabase } from "../lib/db.server";
import { env } from "../lib/env.server";
import { migrateDown, migrateUp } from "../lib/migrate.server";
import { seedDemoIfEmpty } from "../lib/seed.server";
import { now } from "../lib/clock.server";

async function main(command: string | undefined) {
  const settings = env();
  const database = openDatabase({ url: settings.DATABASE_URL, busyTimeoutMs: settings.SQLITE_BUSY_TIMEOUT_MS });
  try {
    switch (command) {
      case "migrate": {
        const applied = await migrateUp(database);
        console.log(applied.length ? `Applied: ${applied.join(", ")}` : "The database is up to date.");
        break;
      }
      case "rollback": {
        const reverted = await migrateDown(database);
        console.log(reverted.length ? `Reverted: ${reverted.join(", ")}` : "Nothing to revert.");
        break;
      }
      case "seed": {
        await migrateUp(database);
        const seeded = await seedDemoIfEmpty(database, now());
        console.log(seeded ? "Created the demo organisation." : "The database already has users; nothing seeded.");
        break;
      }
      default:
        console.error("Usage: tsx app/cli/db.ts migrate|rollback|seed");
        process.exitCode = 2;
    }
  } finally {
    await database.close();
  }
}

main(process.argv[2]).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
