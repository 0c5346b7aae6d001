import { SequelizeStorage, Umzug } from "umzug";
import { migrations } from "../../migrations/index";
import type { Database } from "./db.server";

function migrator(database: Database) {
  return new Umzug({
    migrations,
    context: database.sequelize.getQueryInterface(),
    storage: new SequelizeStorage({ sequelize: database.sequelize, tableName: "schema_migrations" }),
    logger: undefined,
  });
}

/** Applies every pending migration; returns the names applied. */
export async function migrateUp(database: Database): Promise<string[]> {
  const applied = await migrator(database).up();
  return applied.map((m) => m.name);
}

/** Reverts migrations: the last one by default, all of them with `{ to: 0 }`, or back to and including a named one. */
export async function migrateDown(database: Database, options: { to?: 0 | string } = {}): Promise<string[]> {
  const reverted = await migrator(database).down(options.to === undefined ? undefined : { to: options.to });
  return reverted.map((m) => m.name);
}

export async function pendingMigrations(database: Database): Promise<string[]> {
  return (await migrator(database).pending()).map((m) => m.name);
}
