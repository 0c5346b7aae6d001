import { mkdirSync } from "node:fs";
import path from "node:path";
import { QueryTypes, Sequelize, Transaction } from "sequelize";
import pg from "pg";
import { initModels, type Models } from "../../models/index";
import { configuredSqlite, manageSqliteConnections, sqliteSelect, writeQueue } from "./sqlite-connections.server";

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

  if (dialect === "sqlite") manageSqliteConnections(sequelize, options.readers);
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

/**
 * Plain rows of a read query with named replacements, no model instances built. For the
 * pages everyone opens many times a day, where building instances cost more than the query.
 *
 * On SQLite the statement goes straight to a read connection (see sqliteSelect).
 */
export function selectRows<T extends object>(database: Database, sql: string, replacements: Record<string, unknown> = {}): Promise<T[]> {
  if (database.dialect === "sqlite") return sqliteSelect<T>(database.sequelize, sql, replacements);
  return database.sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT });
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
