/**
 * How this app uses SQLite connections, and the one place that reaches into Sequelize's
 * private internals (sequelize is pinned to an exact version in package.json for it).
 *
 * It changes three things in Sequelize's SQLite connection manager (`connectionManager`,
 * whose `getConnection`, `releaseConnection`, `destroyConnection` and `connections` it
 * wraps) and borrows one private helper (`sequelize/lib/utils/sql`'s `injectReplacements`):
 *
 * - reads outside a transaction take turns over a few connections instead of queueing on
 *   Sequelize's single "default" one, because WAL lets SQLite readers run side by side;
 * - write transactions reuse one kept-open connection instead of opening and closing one
 *   each, because opening costs three trips through libuv's busy thread pool;
 * - `sqliteSelect` sends a read straight to a read connection, because Sequelize's own path
 *   around a query costs several times the statement itself on the hottest pages.
 *
 * `assertSequelizeHooks` checks at start-up that the internals are still where this file
 * expects them, and `test/integration/sqlite-connections.test.ts` checks what they do; after
 * a Sequelize upgrade, both must pass before the pin moves.
 */
import { createRequire } from "node:module";
import sqlite3 from "sqlite3";
import type { Sequelize } from "sequelize";

type Connection = { uuid?: string; close(callback?: () => void): void };

/** The private surface of Sequelize's SQLite connection manager this file relies on. */
interface ConnectionManager {
  connections: Record<string, Connection>;
  getConnection(options?: { uuid?: string; type?: string }): Promise<Connection>;
  releaseConnection(connection: Connection, force?: boolean): unknown;
  destroyConnection(connection: Connection): Promise<void>;
}

type InjectReplacements = (sql: string, dialect: unknown, replacements: Record<string, unknown>) => string;

// Sequelize's SQL-aware replacement formatter (CommonJS, not re-exported by its index).
const sqlUtils = createRequire(import.meta.url)("sequelize/lib/utils/sql") as { injectReplacements?: InjectReplacements };

/**
 * Throws, naming what is missing, when the Sequelize in use no longer has the private hooks
 * this file wraps: a silent mismatch would otherwise break every page at its first query.
 */
export function assertSequelizeHooks(sequelize: Sequelize) {
  const manager = sequelize.connectionManager as unknown as Partial<Record<keyof ConnectionManager, unknown>>;
  const missing = [
    typeof manager.getConnection !== "function" && "connectionManager.getConnection()",
    typeof manager.releaseConnection !== "function" && "connectionManager.releaseConnection()",
    typeof manager.destroyConnection !== "function" && "connectionManager.destroyConnection()",
    (typeof manager.connections !== "object" || manager.connections === null) && "connectionManager.connections",
    typeof (sequelize as unknown as { dialect?: unknown }).dialect !== "object" && "sequelize.dialect",
    typeof sqlUtils.injectReplacements !== "function" && 'require("sequelize/lib/utils/sql").injectReplacements()',
  ].filter((name): name is string => typeof name === "string");
  if (missing.length > 0) {
    throw new Error(
      `This Sequelize release no longer has ${missing.join(", ")}, which app/lib/sqlite-connections.server.ts relies on; ` +
        `pin the version it was written for or update that file.`,
    );
  }
}

/**
 * The sqlite3 module with every connection configured the same way: Sequelize opens a
 * new connection for each transaction, so the busy timeout and WAL must be set per
 * connection, not once.
 */
export function configuredSqlite(busyTimeoutMs: number) {
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
export const SQLITE_READERS = 4;

/**
 * Spreads reads made outside a transaction over a few SQLite connections, in turn.
 * Sequelize keeps one connection per `uuid` and, without one, sends every such statement
 * through a single "default" connection, which serialises all page loads; in WAL mode
 * readers on separate connections run side by side (and alongside the one writer).
 * Transactions pass their own uuid and keep their own connection, as before.
 */
function spreadReads(sequelize: Sequelize, readers: number) {
  if (readers <= 1) return;
  const manager = sequelize.connectionManager as unknown as ConnectionManager;
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
  const manager = sequelize.connectionManager as unknown as ConnectionManager;
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

/** Installs the read spreading and the kept-open writer on a SQLite Sequelize instance. */
export function manageSqliteConnections(sequelize: Sequelize, readers: number = SQLITE_READERS) {
  assertSequelizeHooks(sequelize);
  spreadReads(sequelize, readers);
  persistentWriter(sequelize);
}

/**
 * Runs SQLite write transactions of this process one at a time. SQLite allows one writer
 * anyway; queueing here matters because node-sqlite3 runs statements on libuv's small
 * thread pool: a few transactions blocked in BEGIN IMMEDIATE would occupy every thread and
 * starve the one holding the lock, until the busy timeout fails them all. Other processes
 * on the same file still wait through the busy timeout.
 */
export function writeQueue() {
  let tail: Promise<unknown> = Promise.resolve();
  return function enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}

/**
 * Plain rows of a read query with named replacements, sent straight to one of the read
 * connections: Sequelize's own path around a query costs ~250 µs of the event loop's time
 * (options, logging, result handling) against ~70 µs for the statement itself. The
 * replacements are inlined by Sequelize's own SQL-aware formatter, exactly as
 * `sequelize.query` would, so the SQL that runs is the same.
 */
export function sqliteSelect<T extends object>(sequelize: Sequelize, sql: string, replacements: Record<string, unknown>): Promise<T[]> {
  const { dialect } = sequelize as unknown as { dialect: unknown };
  const statement = sqlUtils.injectReplacements!(sql, dialect, replacements);
  const manager = sequelize.connectionManager as unknown as { getConnection(options: { type: string }): Promise<sqlite3.Database> };
  return manager.getConnection({ type: "SELECT" }).then(
    (connection) =>
      new Promise<T[]>((resolve, reject) =>
        connection.all(statement, (error: Error | null, rows: T[]) => (error ? reject(Object.assign(error, { sql: statement })) : resolve(rows))),
      ),
  );
}
