import type { Model, ModelStatic, QueryInterface, Sequelize, SyncOptions, Transaction } from "sequelize";
import { SequelizeStorage, Umzug } from "umzug";
import { migrations as allMigrations, type Migration } from "../../migrations/index";
import type { Database } from "./db.server";

/** How long a process waits for another one's migration (or demo seeding) before giving up. */
export const MIGRATION_LOCK_TIMEOUT_MS = 120_000;

export interface MigrateOptions {
  /** The migrations to consider; every migration of the app by default. */
  migrations?: Migration[];
  lockTimeoutMs?: number;
}

export class MigrationLockTimeout extends Error {
  constructor(waitedMs: number) {
    super(
      `Another process has held the migration lock for ${Math.round(waitedMs / 1000)} s (it is migrating or seeding this database); ` +
        "nothing was changed. Start again once it has finished, or stop the process that holds it.",
    );
    this.name = "MigrationLockTimeout";
  }
}

// The first half of a two-part PostgreSQL advisory lock key, so the migration lock never
// meets the one-part (bigint) keys the sign-in throttle takes. The second half names the schema.
const LOCK_CLASS = 0x4350_4d47; // "CPMG"

type DriverError = { name?: string; code?: string; parent?: { code?: string }; original?: { code?: string } } | undefined;

function isSqliteBusy(error: unknown): boolean {
  const e = error as DriverError;
  return e?.name === "SequelizeTimeoutError" || [e?.code, e?.parent?.code, e?.original?.code].includes("SQLITE_BUSY");
}

/** 55P03 (lock_not_available): what PostgreSQL raises when lock_timeout runs out. */
function isLockTimeout(error: unknown): boolean {
  return (error as DriverError)?.parent?.code === "55P03";
}

/**
 * Runs `fn` in one write transaction that holds the database-wide migration lock: migrations
 * and demo seeding run one process at a time, and a process that waited sees what the other
 * committed. On PostgreSQL the lock is a transaction-scoped advisory lock (released at commit,
 * at rollback, or when a killed process's connection drops); on SQLite it is the write lock
 * that `BEGIN IMMEDIATE` takes, which other processes wait on. Waiting is bounded by
 * `timeoutMs`, then fails with MigrationLockTimeout.
 */
export async function withMigrationLock<T>(database: Database, fn: (t: Transaction) => Promise<T>, timeoutMs = MIGRATION_LOCK_TIMEOUT_MS): Promise<T> {
  const started = Date.now();
  if (database.dialect === "postgres") {
    return database.write(async (t) => {
      await database.sequelize.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.round(timeoutMs))}`, { transaction: t });
      try {
        await database.sequelize.query(`SELECT pg_advisory_xact_lock(${LOCK_CLASS}, hashtext(current_schema()))`, { transaction: t });
      } catch (error) {
        throw isLockTimeout(error) ? new MigrationLockTimeout(Date.now() - started) : error;
      }
      // The migration's own statements wait for table locks as the server is configured to.
      await database.sequelize.query("SET LOCAL lock_timeout TO DEFAULT", { transaction: t });
      return fn(t);
    });
  }
  // SQLite: BEGIN IMMEDIATE waits up to the busy timeout each time; retried until the bound.
  // A retry is safe: a transaction that failed has rolled back whatever `fn` did in it.
  for (;;) {
    try {
      return await database.write(fn);
    } catch (error) {
      if (!isSqliteBusy(error)) throw error;
      if (Date.now() - started >= timeoutMs) throw new MigrationLockTimeout(Date.now() - started);
    }
  }
}

/**
 * A view of the query interface whose every statement runs in `t`. The query interface's
 * methods, and the migrations' own raw SQL (`qi.sequelize.query`), all send their statements
 * through `this.sequelize.query`; this view answers `sequelize` with one whose `query` adds the
 * transaction, so migrations need no `transaction` argument on every call.
 */
function transactional(qi: QueryInterface, t: Transaction): QueryInterface {
  const sequelize = qi.sequelize;
  const query = ((sql: unknown, options?: { transaction?: Transaction | null }) =>
    sequelize.query(sql as string, { ...options, transaction: options?.transaction ?? t })) as Sequelize["query"];
  const bound = new Proxy(sequelize, {
    get: (target, property, receiver) => (property === "query" ? query : Reflect.get(target, property, receiver)),
  });
  return Object.create(qi, { sequelize: { value: bound } }) as QueryInterface;
}

/** The ledger (`schema_migrations`, SequelizeStorage's table) read and written inside the migration's transaction. */
class TransactionalStorage extends SequelizeStorage {
  constructor(
    sequelize: Sequelize,
    private readonly transaction: Transaction,
  ) {
    super({ sequelize, tableName: "schema_migrations" });
  }
  private get ledger() {
    return this.model as unknown as ModelStatic<Model>;
  }
  override async syncModel() {
    // Sync passes its options to every statement it sends, the transaction included (its type omits it).
    await this.ledger.sync({ transaction: this.transaction } as SyncOptions);
  }
  override async logMigration({ name }: { name: string }) {
    await this.syncModel();
    await this.ledger.create({ [this.columnName]: name }, { transaction: this.transaction });
  }
  override async unlogMigration({ name }: { name: string }) {
    await this.syncModel();
    await this.ledger.destroy({ where: { [this.columnName]: name }, transaction: this.transaction });
  }
  override async executed() {
    await this.syncModel();
    const rows = await this.ledger.findAll({ order: [[this.columnName, "ASC"]], transaction: this.transaction });
    return rows.map((row) => String(row.get(this.columnName)));
  }
}

function migrator(database: Database, t: Transaction, migrations: Migration[]) {
  const context = transactional(database.sequelize.getQueryInterface(), t);
  return new Umzug<QueryInterface>({
    migrations,
    context,
    storage: new TransactionalStorage(database.sequelize, t),
    logger: undefined,
  });
}

/**
 * Applies every pending migration; returns the names applied. Each migration runs in its own
 * transaction with its ledger row, under the migration lock: one killed half-way leaves
 * nothing behind, and processes starting together apply each migration exactly once.
 */
export async function migrateUp(database: Database, options: MigrateOptions = {}): Promise<string[]> {
  const migrations = options.migrations ?? allMigrations;
  const applied: string[] = [];
  for (;;) {
    const step = await withMigrationLock(database, async (t) => (await migrator(database, t, migrations).up({ step: 1 })).map((m) => m.name), options.lockTimeoutMs);
    if (step.length === 0) return applied;
    applied.push(...step);
  }
}

/** Reverts migrations: the last one by default, all of them with `{ to: 0 }`, or back to and including a named one. */
export async function migrateDown(database: Database, options: MigrateOptions & { to?: 0 | string } = {}): Promise<string[]> {
  const migrations = options.migrations ?? allMigrations;
  const reverted: string[] = [];
  for (;;) {
    const step = await withMigrationLock(
      database,
      async (t) => {
        const umzug = migrator(database, t, migrations);
        if (typeof options.to === "string" && !(await umzug.executed()).some((m) => m.name === options.to)) {
          throw new Error(`Cannot revert to ${options.to}: it is not an applied migration.`);
        }
        return (await umzug.down({ step: 1 })).map((m) => m.name);
      },
      options.lockTimeoutMs,
    );
    reverted.push(...step);
    if (step.length === 0 || options.to === undefined || step[0] === options.to) return reverted;
  }
}

export async function pendingMigrations(database: Database, options: MigrateOptions = {}): Promise<string[]> {
  return database.write(async (t) => (await migrator(database, t, options.migrations ?? allMigrations).pending()).map((m) => m.name));
}
