import { createRequire } from "node:module";
import { QueryTypes, Sequelize } from "sequelize";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectRows } from "~/lib/db.server";
import { assertSequelizeHooks, SQLITE_READERS } from "~/lib/sqlite-connections.server";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

const isPostgres = process.env.DATABASE_URL?.startsWith("postgres");

type Manager = { connections: Record<string, unknown>; getConnection: unknown; releaseConnection: unknown; destroyConnection: unknown };
const managerOf = (sequelize: Sequelize) => sequelize.connectionManager as unknown as Manager;

/**
 * The SQLite connection work wraps private parts of Sequelize. These tests fail, saying
 * which part, when an upgrade moves one: first the shapes, then what the wrapping does.
 */
describe.runIf(!isPostgres)("the Sequelize internals behind the SQLite connections", () => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase();
  });
  afterAll(async () => {
    await tdb.cleanup();
  });

  it("are where the connection work reaches for them, on a fresh Sequelize instance", async () => {
    const sequelize = new Sequelize({ dialect: "sqlite", storage: ":memory:", logging: false });
    try {
      const manager = managerOf(sequelize);
      expect(typeof manager.getConnection, "connectionManager.getConnection").toBe("function");
      expect(typeof manager.releaseConnection, "connectionManager.releaseConnection").toBe("function");
      expect(typeof manager.destroyConnection, "connectionManager.destroyConnection").toBe("function");
      expect(typeof manager.connections, "connectionManager.connections").toBe("object");
      const sql = createRequire(import.meta.url)("sequelize/lib/utils/sql") as { injectReplacements?: unknown };
      expect(typeof sql.injectReplacements, 'require("sequelize/lib/utils/sql").injectReplacements').toBe("function");
      expect(() => assertSequelizeHooks(sequelize)).not.toThrow();
    } finally {
      await sequelize.close();
    }
  });

  it("refuse to start, naming the missing hook, when one is gone", async () => {
    const sequelize = new Sequelize({ dialect: "sqlite", storage: ":memory:", logging: false });
    try {
      Object.defineProperty(sequelize.connectionManager, "destroyConnection", { value: undefined });
      expect(() => assertSequelizeHooks(sequelize)).toThrow(/connectionManager\.destroyConnection\(\).*sqlite-connections\.server\.ts/);
    } finally {
      await sequelize.close();
    }
  });

  it("spread plain reads over the read connections: Sequelize still tells getConnection a query is a SELECT", async () => {
    const { sequelize } = tdb.database;
    for (let i = 0; i < SQLITE_READERS * 2; i++) await sequelize.query("SELECT 1 AS one", { type: QueryTypes.SELECT });
    const readers = Object.keys(managerOf(sequelize).connections).filter((name) => name.startsWith("reader-"));
    expect(readers.sort()).toEqual(Array.from({ length: SQLITE_READERS }, (_, i) => `reader-${i}`));
  });

  it("keep one writer connection open across transactions: Sequelize still releases it through releaseConnection", async () => {
    const { database } = tdb;
    const connections = managerOf(database.sequelize).connections;
    const first = await database.write(async () => connections.writer);
    expect(first, "a write transaction runs on the connection named 'writer'").toBeDefined();
    expect(connections.writer, "the writer stays open after its commit").toBe(first);
    const second = await database.write(async () => connections.writer);
    expect(second).toBe(first);
    const transactionNames = Object.keys(connections).filter((name) => name !== "default" && name !== "writer" && !name.startsWith("reader-"));
    expect(transactionNames).toEqual([]);
  });

  it("reads the same rows straight from a read connection as through sequelize.query, replacements and all", async () => {
    const { database } = tdb;
    const sql = "SELECT :text AS text, :number AS number, :colon AS colon, (SELECT COUNT(*) FROM users WHERE email IN (:emails)) AS n";
    const replacements = { text: "it's \"quoted\" -- not a comment", number: 42, colon: "a :name inside", emails: ["x@demo.test", "y@demo.test"] };
    const direct = await selectRows(database, sql, replacements);
    const viaSequelize = await database.sequelize.query(sql, { replacements, type: QueryTypes.SELECT });
    expect(direct).toEqual(viaSequelize);
    expect(direct[0]).toMatchObject({ text: replacements.text, number: 42, colon: "a :name inside" });
  });
});
