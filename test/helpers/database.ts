import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureSchema, openDatabase, type Database } from "~/lib/db.server";
import { migrateUp } from "~/lib/migrate.server";

export interface TestDatabase {
  database: Database;
  url: string;
  /** A second, independent handle on the same database, as another process would have. */
  reopen(): Database;
  cleanup(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: a new SQLite file in a temporary directory,
 * or — when DATABASE_URL points at PostgreSQL — a new schema in that cluster.
 */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const pgUrl = process.env.DATABASE_URL?.startsWith("postgres") ? process.env.DATABASE_URL : null;
  let database: Database;
  let url: string;
  let dispose: () => Promise<void>;
  let reopen: () => Database;

  if (pgUrl) {
    const schema = `t_${randomBytes(6).toString("hex")}`;
    const admin = openDatabase({ url: pgUrl });
    await ensureSchema(admin, schema);
    database = openDatabase({ url: pgUrl, schema });
    url = pgUrl;
    reopen = () => openDatabase({ url: pgUrl, schema });
    dispose = async () => {
      await database.close();
      await admin.sequelize.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    };
  } else {
    const dir = mkdtempSync(path.join(os.tmpdir(), "cp-test-"));
    url = `sqlite:${path.join(dir, "test.sqlite")}`;
    database = openDatabase({ url, busyTimeoutMs: 10_000 });
    const fileUrl = url;
    reopen = () => openDatabase({ url: fileUrl, busyTimeoutMs: 10_000 });
    dispose = async () => {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  if (options.migrate !== false) await migrateUp(database);
  return { database, url, reopen, cleanup: dispose };
}

/** Row counts of every table that a rejected change must leave untouched. */
export async function tableCounts(database: Database) {
  const m = database.models;
  return {
    users: await m.User.count(),
    teams: await m.SalesTeam.count(),
    memberships: await m.TeamMembership.count(),
    committee: await m.TeamMembership.count({ where: { isCommittee: true } }),
    audit: await m.AuditEvent.count(),
    sessions: await m.Session.count(),
    passwordTokens: await m.PasswordToken.count(),
  };
}
