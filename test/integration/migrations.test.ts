import { createHash } from "node:crypto";
import { QueryTypes } from "sequelize";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDown, migrateUp, pendingMigrations } from "~/lib/migrate.server";
import { migrations } from "../../migrations/index";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

const TABLES = ["users", "sales_teams", "team_memberships", "sessions", "password_tokens", "login_failures", "audit_events", "materials", "material_versions", "comments", "preview_rounds", "round_decisions", "escalations", "escalation_assignees", "outbox_messages", "notifications", "holidays", "app_settings", "sweepers"];

/** A table's column names, in the schema the test database uses (on PostgreSQL, not necessarily `public`). */
async function columnNames(tdb: TestDatabase, table: string): Promise<string[]> {
  const sql =
    tdb.database.dialect === "postgres"
      ? "SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = :table"
      : "SELECT name FROM pragma_table_info(:table)";
  const rows = await tdb.database.sequelize.query<{ name: string }>(sql, { type: QueryTypes.SELECT, replacements: { table } });
  return rows.map((r) => r.name);
}

/** The migrations from `name` on, oldest first: what rolling back to it undoes, and what applying again re-applies. */
function since(name: string): string[] {
  const names = migrations.map((m) => m.name);
  return names.slice(names.indexOf(name));
}

async function tableNames(tdb: TestDatabase): Promise<string[]> {
  const sql =
    tdb.database.dialect === "postgres"
      ? "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()"
      : "SELECT name FROM sqlite_master WHERE type = 'table'";
  const rows = await tdb.database.sequelize.query<{ name: string }>(sql, { type: QueryTypes.SELECT });
  return rows.map((r) => r.name).sort();
}

describe(`migrations on ${process.env.DATABASE_URL?.startsWith("postgres") ? "PostgreSQL" : "SQLite"}`, () => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase({ migrate: false });
  });
  afterAll(() => tdb.cleanup());

  it("applies every migration from an empty database, then has none pending", async () => {
    const applied = await migrateUp(tdb.database);
    expect(applied).toEqual(migrations.map((m) => m.name));
    expect(await pendingMigrations(tdb.database)).toEqual([]);
    const tables = await tableNames(tdb);
    for (const table of TABLES) expect(tables).toContain(table);
  });

  it("rolls everything back with down, leaving only the migration ledger", async () => {
    const reverted = await migrateDown(tdb.database, { to: 0 });
    expect(reverted).toEqual(migrations.map((m) => m.name).reverse());
    const tables = await tableNames(tdb);
    for (const table of TABLES) expect(tables).not.toContain(table);
  });

  it("applies again after a full rollback (down is a true inverse of up)", async () => {
    await migrateUp(tdb.database);
    expect(await pendingMigrations(tdb.database)).toEqual([]);
    expect(await tdb.database.models.User.count()).toBe(0);
  });

  it("enforces unique emails and foreign keys in the schema itself", async () => {
    const { User, TeamMembership } = tdb.database.models;
    await User.create({ name: "A", email: "a@x.test", role: "sales", timeZone: "UTC", passwordHash: null });
    // The model lowercases; the unique index catches the same address in another case.
    await expect(
      User.create({ name: "B", email: "A@X.TEST", role: "sales", timeZone: "UTC", passwordHash: null }),
    ).rejects.toThrow();
    await expect(TeamMembership.create({ teamId: 999, userId: 999, isCommittee: false })).rejects.toThrow();
    expect(await User.count()).toBe(1);
  });

  it("takes the link out of a set-password email queued before the hardening migration, keeping it sendable", async () => {
    expect(await migrateDown(tdb.database, { to: "20261201120000-hardening" })).toContain("20261201120000-hardening");
    const token = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde";
    const digest = createHash("sha256").update(token).digest("hex");
    const sql = (statement: string, replacements: Record<string, unknown>) => tdb.database.sequelize.query(statement, { replacements });
    const now = new Date("2026-11-30T10:00:00Z");
    await sql(`INSERT INTO users (name, email, role, "timeZone", active, "createdAt", "updatedAt") VALUES ('Queued Quinn', 'quinn@x.test', 'sales', 'UTC', :yes, :now, :now)`, { yes: true, now });
    const [user] = await tdb.database.sequelize.query<{ id: number }>(`SELECT id FROM users WHERE email = 'quinn@x.test'`, { type: QueryTypes.SELECT });
    await sql(`INSERT INTO password_tokens (id, "userId", "expiresAt", "createdAt") VALUES (:digest, :userId, :later, :now)`, { digest, userId: user.id, later: new Date(now.getTime() + 86_400_000), now });
    await sql(
      `INSERT INTO outbox_messages ("userId", "toEmail", kind, subject, text, html, state, attempts, "nextAttemptAt", "createdAt")
       VALUES (:userId, 'quinn@x.test', 'set_password', 'Set your password', :text, :html, 'pending', 0, :now, :now)`,
      { userId: user.id, text: `Set your password: https://preview.example/set-password/${token}`, html: `<a href="https://preview.example/set-password/${token}">Set your password</a>`, now },
    );

    expect((await migrateUp(tdb.database))[0]).toBe("20261201120000-hardening");
    const [row] = await tdb.database.sequelize.query<{ text: string; html: string; passwordTokenId: string }>(`SELECT text, html, "passwordTokenId" FROM outbox_messages WHERE "toEmail" = 'quinn@x.test'`, { type: QueryTypes.SELECT });
    expect(row.text).toBe("Set your password: https://preview.example/set-password/one-time-link-minted-when-sent");
    expect(row.html).not.toContain(token);
    expect(row.passwordTokenId).toBe(digest);
  });

  it("adds the PDF restrictions column to versions, and removes it on the way down", async () => {
    const columns = () => columnNames(tdb, "material_versions");
    expect(await columns()).toContain("restrictions");
    expect(await migrateDown(tdb.database, { to: "20261201143000-pdf-restrictions" })).toContain("20261201143000-pdf-restrictions");
    expect(await columns()).not.toContain("restrictions");
    expect(await columns()).toContain("pageCount");
    expect((await migrateUp(tdb.database))[0]).toBe("20261201143000-pdf-restrictions");
    expect(await columns()).toContain("restrictions");
  });

  it("adds and removes the area of a comment (w, h) without touching its point", async () => {
    const columns = () => columnNames(tdb, "comments");
    expect(await columns()).toEqual(expect.arrayContaining(["x", "y", "w", "h"]));
    expect(await migrateDown(tdb.database, { to: "20261202090000-comment-areas" })).toEqual(since("20261202090000-comment-areas").reverse());
    expect(await columns()).toEqual(expect.arrayContaining(["x", "y"]));
    expect(await columns()).not.toContain("w");
    expect(await migrateUp(tdb.database)).toEqual(since("20261202090000-comment-areas"));
    expect(await columns()).toEqual(expect.arrayContaining(["w", "h"]));
  });

  it("adds the sweepers table (one heartbeat row per sweeping process) and drops it on the way down", async () => {
    expect(await tableNames(tdb)).toContain("sweepers");
    expect(await columnNames(tdb, "sweepers")).toEqual(expect.arrayContaining(["id", "host", "pid", "kind", "startedAt", "lastSweepAt", "lastSweepMs", "lastCounts", "lastError", "stoppedAt"]));
    expect(await migrateDown(tdb.database, { to: "20261203090000-sweepers" })).toEqual(since("20261203090000-sweepers").reverse());
    expect(await tableNames(tdb)).not.toContain("sweepers");
    expect(await tableNames(tdb)).toContain("comments");
    expect(await migrateUp(tdb.database)).toEqual(since("20261203090000-sweepers"));
    expect(await tableNames(tdb)).toContain("sweepers");
  });

  it("adds the outbox's mail headers and the installation's signing key, and removes both on the way down", async () => {
    const key = () => tdb.database.models.AppSetting.findByPk("signing_secret");
    expect(await columnNames(tdb, "outbox_messages")).toContain("headers");
    const written = (await key())!.value;
    expect(Buffer.from(written, "base64url")).toHaveLength(32);
    expect(await migrateDown(tdb.database, { to: "20261204090000-mail-headers" })).toEqual(since("20261204090000-mail-headers").reverse());
    expect(await columnNames(tdb, "outbox_messages")).not.toContain("headers");
    expect(await key()).toBeNull();
    expect(await migrateUp(tdb.database)).toEqual(since("20261204090000-mail-headers"));
    expect(await columnNames(tdb, "outbox_messages")).toContain("headers");
    // A new key each time: links signed with the old one stop working, as they should once it is gone.
    expect((await key())!.value).not.toBe(written);
  });
});
