/**
 * Database commands for the terminal: `npm run db:migrate`, `db:rollback`, `db:seed`, and
 * `db:admin -- EMAIL "NAME"`, which creates an administrator and prints their one-time
 * set-password link (how a new installation gets its first account).
 */
import { openDatabase } from "../lib/db.server";
import { env } from "../lib/env.server";
import { migrateDown, migrateUp } from "../lib/migrate.server";
import { seedDemoIfEmpty } from "../lib/seed.server";
import { now } from "../lib/clock.server";
import { InputError } from "../lib/errors";
import { UserFormSchema } from "../schemas/user";
import { createUser } from "../commands/create-user.server";
import { passwordLink } from "../commands/issue-password-link.server";

async function main(command: string | undefined, args: string[]) {
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
      case "admin": {
        await migrateUp(database);
        const parsed = UserFormSchema.safeParse({ email: args[0], name: args[1], role: "admin", timeZone: args[2] ?? "UTC" });
        if (!parsed.success) {
          console.error(`Usage: npm run db:admin -- EMAIL "NAME" [TIME_ZONE]\n${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n")}`);
          process.exitCode = 2;
          break;
        }
        try {
          const { token } = await createUser(database, null, parsed.data, now());
          console.log(`Created the administrator ${parsed.data.email}. Their one-time link to set a password (valid 72 hours):`);
          console.log(passwordLink(settings.APP_URL ?? `http://localhost:${settings.PORT}`, token));
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          console.error(Object.values(error.fields).join(" "));
          process.exitCode = 2;
        }
        break;
      }
      default:
        console.error("Usage: npm run db:migrate | db:rollback | db:seed | db:admin -- EMAIL \"NAME\" [TIME_ZONE]");
        process.exitCode = 2;
    }
  } finally {
    await database.close();
  }
}

main(process.argv[2], process.argv.slice(3)).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
