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

/** Reverts migrations: the last one by default, or all of them with `{ to: 0 }`. */
export async function migrateDown(database: Database, options: { to?: 0 } = {}): Promise<string[]> {
  const reverted = await migrator(database).down(options.to === 0 ? { to: 0 } : undefined);
  return reverted.map((m) => m.name);
}

export async function pendingMigrations(database: Database): Promise<string[]> {
  return (await migrator(database).pending()).map((m) => m.name);
}
