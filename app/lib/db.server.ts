import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import sqlite3 from "sqlite3";
import { QueryTypes, Sequelize, Transaction } from "sequelize";
import pg from "pg";
import { initModels, type Models } from "../../models/index";

export interface Database {
  sequelize: Sequelize;
  models: Models;
  dialect: "sqlite" | "postgres";
  /**
   * Runs `fn` in one write transaction. On SQLite the transaction is BEGIN IMMEDIATE:
   * it takes the write lock up front (waiting up to the busy timeout), so two requests
   * that read and then write never deadlock into SQLITE_BUSY.
   */
  write<T>(fn: (t: Transaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  url: string;
  busyTimeoutMs?: number;
  /** PostgreSQL only: a schema to create and use, so test files can share one cluster. */
  schema?: string;
  logging?: boolean;
  /** SQLite: how many connections serve statements made outside a transaction. */
  readers?: number;
}

/**
 * The sqlite3 module with every connection configured the same way: Sequelize opens a
 * new connection for each transaction, so the busy timeout and WAL must be set per
 * connection, not once.
 */
function configuredSqlite(busyTimeoutMs: number) {
  class ConfiguredDatabase extends sqlite3.Database {
    constructor(filename: string, mode?: number, callback?: (err: Error | null) => void) {
      super(filename, mode as number, callback);
      this.configure("busyTimeout", busyTimeoutMs);
      this.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;", () => {});
    }
  }
  return { ...sqlite3, Database: ConfiguredDatabase };
}

/** Read connections per SQLite database: as many as libuv's thread pool runs at once. */
const SQLITE_READERS = 4;

/**
 * Spreads reads made outside a transaction over a few SQLite connections, in turn.
 * Sequelize keeps one connection per `uuid` and, without one, sends every such statement
 * through a single "default" connection, which serialises all page loads; in WAL mode
 * readers on separate connections run side by side (and alongside the one writer).
 * Transactions pass their own uuid and keep their own connection, as before.
 */
function spreadReads(sequelize: Sequelize, readers: number) {
  if (readers <= 1) return;
  const manager = sequelize.connectionManager as unknown as { getConnection(options?: { uuid?: string; type?: string }): Promise<unknown> };
  const getConnection = manager.getConnection.bind(manager);
  let next = 0;
  manager.getConnection = (options = {}) => {
    // Only plain reads: schema changes and other statements stay on the default connection,
    // where a multi-statement change (a table rebuild) sees its own earlier steps.
    if (!options.uuid && options.type === "SELECT") options.uuid = `reader-${next++ % readers}`;
    return getConnection(options);
  };
}

/**
 * Keeps one SQLite connection for write transactions instead of Sequelize's default of
 * opening a new connection for every transaction and closing it at commit. Opening costs
 * three trips through libuv's thread pool (open, pragmas, close), and under load each trip
 * waits behind the page reads queued there, so a comment spent more time connecting than
 * writing. Safe because this process runs its SQLite write transactions one at a time (see
 * writeQueue): the writer connection never holds two transactions at once.
 */
function persistentWriter(sequelize: Sequelize) {
  type Connection = { uuid?: string; close(callback?: () => void): void };
  const manager = sequelize.connectionManager as unknown as {
    connections: Record<string, Connection>;
    getConnection(options?: { uuid?: string }): Promise<Connection>;
    releaseConnection(connection: Connection, force?: boolean): unknown;
    destroyConnection(connection: Connection): Promise<void>;
  };
  const getConnection = manager.getConnection.bind(manager);
  const releaseConnection = manager.releaseConnection.bind(manager);
  let writer: Connection | null = null;
  manager.getConnection = async (options = {}) => {
    const uuid = options.uuid;
    if (!uuid || uuid === "default" || uuid.startsWith("reader-")) return getConnection(options);
    // A transaction: Sequelize names its connection after the transaction id.
    options.uuid = "writer";
    writer = await getConnection(options);
    return writer;
  };
  manager.releaseConnection = (connection, force) => {
    if (connection === writer && !force) {
      // Keep it open for the next transaction; Sequelize marked it with the last one's id.
      delete connection.uuid;
      return;
    }
    return releaseConnection(connection, force);
  };
  // A COMMIT or ROLLBACK that failed leaves the connection in an unknown state: Sequelize
  // destroys it, and the next transaction opens a fresh writer.
  const destroyConnection = manager.destroyConnection.bind(manager);
  manager.destroyConnection = async (connection) => {
    if (connection !== writer) return destroyConnection(connection);
    writer = null;
    delete manager.connections.writer;
    await new Promise<void>((resolve) => connection.close(() => resolve()));
  };
}

/**
 * Runs SQLite write transactions of this process one at a time. SQLite allows one writer
 * anyway; queueing here matters because node-sqlite3 runs statements on libuv's small
 * thread pool: a few transactions blocked in BEGIN IMMEDIATE would occupy every thread and
 * starve the one holding the lock, until the busy timeout fails them all. Other processes
 * on the same file still wait through the busy timeout.
 */
function writeQueue() {
  let tail: Promise<unknown> = Promise.resolve();
  return function enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}

function sqliteStorage(url: string): string {
  // sqlite:./data/app.sqlite, sqlite:/abs/path.sqlite or sqlite::memory:
  const file = url.replace(/^sqlite:(\/\/)?/, "");
  if (file === ":memory:") return file;
  const resolved = path.resolve(file);
  mkdirSync(path.dirname(resolved), { recursive: true });
  return resolved;
}

export function openDatabase(options: DatabaseOptions): Database {
  const busyTimeoutMs = options.busyTimeoutMs ?? 10_000;
  const logging = options.logging ? (sql: string) => console.log(sql) : false;
  let sequelize: Sequelize;
  let dialect: Database["dialect"];

  if (options.url.startsWith("sqlite:")) {
    dialect = "sqlite";
    sequelize = new Sequelize({
      dialect: "sqlite",
      storage: sqliteStorage(options.url),
      dialectModule: configuredSqlite(busyTimeoutMs),
      logging,
      // Session, audit and user writes are tiny; one shared connection for reads is plenty.
      pool: { max: 1, min: 0 },
    });
  } else {
    dialect = "postgres";
    sequelize = new Sequelize(options.url, {
      dialect: "postgres",
      dialectModule: pg,
      logging,
      pool: { max: 10, min: 0, idle: 10_000 },
      dialectOptions: options.schema ? { options: `-c search_path=${options.schema}` } : {},
    });
  }

  if (dialect === "sqlite") {
    spreadReads(sequelize, options.readers ?? SQLITE_READERS);
    persistentWriter(sequelize);
  }
  const models = initModels(sequelize);
  const queue = dialect === "sqlite" ? writeQueue() : null;

  return {
    sequelize,
    models,
    dialect,
    write(fn) {
      if (!queue) return sequelize.transaction(fn);
      return queue(() => sequelize.transaction({ type: Transaction.TYPES.IMMEDIATE }, fn));
    },
    close: () => sequelize.close(),
  };
}

/** Creates the PostgreSQL schema named in the options, for isolated test runs. */
export async function ensureSchema(db: Database, schema: string) {
  if (db.dialect !== "postgres") return;
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`Bad schema name ${schema}`);
  await db.sequelize.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
}

let current: Database | undefined;

/** The process-wide database, opened by the server or a CLI at start-up. */
export function db(): Database {
  if (!current) throw new Error("The database has not been opened yet (call useDatabase first).");
  return current;
}

export function useDatabase(database: Database) {
  current = database;
}

/** A timestamp as the driver returns it from raw SQL: a Date (PostgreSQL) or "YYYY-MM-DD HH:MM:SS.SSS +00:00" (SQLite). */
export function sqlDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value.replace(" ", "T").replace(" ", ""));
}

/** The UTC day (YYYY-MM-DD) of a timestamp column, read without building a Date where it can. */
export function sqlDay(value: Date | string): string {
  // SQLite keeps Sequelize's timestamps as UTC text ("2026-11-20 12:00:00.000 +00:00").
  if (typeof value === "string" && value.endsWith("+00:00")) return value.slice(0, 10);
  return sqlDate(value).toISOString().slice(0, 10);
}

// Sequelize's SQL-aware replacement formatter (CommonJS, not re-exported by its index).
const { injectReplacements } = createRequire(import.meta.url)("sequelize/lib/utils/sql") as typeof import("sequelize/lib/utils/sql");

/**
 * Plain rows of a read query with named replacements, no model instances built. For the
 * pages everyone opens many times a day, where building instances cost more than the query.
 *
 * On SQLite the statement goes straight to one of the read connections: Sequelize's own
 * path around a query costs ~250 µs of the event loop's time (options, logging, result
 * handling) against ~70 µs for the statement itself, and a page makes six or seven of
 * them. The replacements are inlined by Sequelize's own SQL-aware formatter, exactly as
 * `sequelize.query` would, so the SQL that runs is the same.
 */
export function selectRows<T extends object>(database: Database, sql: string, replacements: Record<string, unknown> = {}): Promise<T[]> {
  if (database.dialect !== "sqlite") return database.sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT });
  const { dialect } = database.sequelize as unknown as { dialect: Parameters<typeof injectReplacements>[1] };
  const statement = injectReplacements(sql, dialect, replacements);
  const manager = database.sequelize.connectionManager as unknown as { getConnection(options: { type: string }): Promise<sqlite3.Database> };
  return manager.getConnection({ type: "SELECT" }).then(
    (connection) =>
      new Promise<T[]>((resolve, reject) =>
        connection.all(statement, (error: Error | null, rows: T[]) => (error ? reject(Object.assign(error, { sql: statement })) : resolve(rows))),
      ),
  );
}

/**
 * Locks one row until the end of the transaction `t`, so that a check-then-insert inside it
 * (is there a twin of this comment?) holds against a concurrent request. PostgreSQL only:
 * SQLite write transactions of this process already run one at a time, and there the
 * SELECT would be one more round trip while every other writer waits.
 */
export async function lockRow(database: Database, t: Transaction, table: "users" | "materials" | "material_versions" | "comments" | "preview_rounds" | "escalations", id: number) {
  if (database.dialect !== "postgres") return;
  // NO KEY UPDATE: it does not block the foreign-key checks of rows that refer to this one.
  await database.sequelize.query(`SELECT id FROM ${table} WHERE id = :id FOR NO KEY UPDATE`, { replacements: { id }, transaction: t });
}

/**
 * Inserts rows into `table` in one statement, inside the caller's transaction, without
 * building a model instance per row (the hot paths — audit, outbox, notifications — write
 * many small rows). Objects (JSON columns) are written as JSON text; `undefined` is NULL.
 */
export async function insertRows(database: Database, t: Transaction, table: string, rows: Record<string, unknown>[]) {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const replacements: Record<string, unknown> = {};
  const values = rows.map((row, i) => {
    const names = columns.map((column, j) => {
      const value = row[column];
      replacements[`v${i}_${j}`] = value === undefined ? null : value !== null && typeof value === "object" && !(value instanceof Date) ? JSON.stringify(value) : value;
      return `:v${i}_${j}`;
    });
    return `(${names.join(", ")})`;
  });
  await database.sequelize.query(`INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(", ")}) VALUES ${values.join(", ")}`, {
    replacements,
    type: QueryTypes.INSERT,
    transaction: t,
  });
}

/** Inserts one row (see insertRows) and resolves to its new id. */
export async function insertRow(database: Database, t: Transaction, table: string, row: Record<string, unknown>): Promise<number> {
  const columns = Object.keys(row);
  const sql = `INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns.map((c) => `:${c}`).join(", ")})`;
  const replacements = Object.fromEntries(columns.map((c) => [c, row[c] === undefined ? null : row[c]]));
  if (database.dialect === "postgres") {
    const [rows] = (await database.sequelize.query(`${sql} RETURNING id`, { replacements, type: QueryTypes.INSERT, transaction: t })) as unknown as [{ id: number }[]];
    return Number(rows[0].id);
  }
  // SQLite reports the new rowid of an INSERT as the first element.
  const [id] = (await database.sequelize.query(sql, { replacements, type: QueryTypes.INSERT, transaction: t })) as unknown as [number];
  return Number(id);
}

/** An UPDATE (or DELETE) inside the caller's transaction; resolves to the number of rows it changed. */
export async function execute(database: Database, t: Transaction, sql: string, replacements: Record<string, unknown>): Promise<number> {
  const [, changed] = (await database.sequelize.query(sql, { replacements, type: QueryTypes.UPDATE, transaction: t })) as unknown as [unknown, number];
  return Number(changed);
}
