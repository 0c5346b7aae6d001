import { DataTypes, type QueryInterface } from "sequelize";

/** Accounts, sales teams and their committees, sessions, set-password links, throttling, audit. */
export async function up({ context: qi }: { context: QueryInterface }) {
  const timestamps = {
    createdAt: { type: DataTypes.DATE, allowNull: false },
    updatedAt: { type: DataTypes.DATE, allowNull: false },
  };

  await qi.createTable("users", {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    name: { type: DataTypes.STRING(120), allowNull: false },
    email: { type: DataTypes.STRING(254), allowNull: false },
    passwordHash: { type: DataTypes.STRING(255), allowNull: true },
    role: { type: DataTypes.STRING(16), allowNull: false },
    reportsToId: {
      type: DataTypes.INTEGER,
      allowNull: true,
      references: { model: "users", key: "id" },
      onDelete: "SET NULL",
    },
    timeZone: { type: DataTypes.STRING(64), allowNull: false, defaultValue: "UTC" },
    active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    ...timestamps,
  });
  await qi.addIndex("users", ["email"], { unique: true, name: "users_email_unique" });
  await qi.addIndex("users", ["reportsToId"], { name: "users_reports_to" });

  await qi.createTable("sales_teams", {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    name: { type: DataTypes.STRING(120), allowNull: false },
    timeZone: { type: DataTypes.STRING(64), allowNull: false, defaultValue: "UTC" },
    salesManagerId: {
      type: DataTypes.INTEGER,
      allowNull: true,
      references: { model: "users", key: "id" },
      onDelete: "SET NULL",
    },
    ...timestamps,
  });
  await qi.addIndex("sales_teams", ["name"], { unique: true, name: "sales_teams_name_unique" });

  await qi.createTable("team_memberships", {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    teamId: {
      type: DataTypes.INTEGER,
      allowNull: false,
      references: { model: "sales_teams", key: "id" },
      onDelete: "CASCADE",
    },
    userId: {
      type: DataTypes.INTEGER,
      allowNull: false,
      references: { model: "users", key: "id" },
      onDelete: "CASCADE",
    },
    isCommittee: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    ...timestamps,
  });
  await qi.addIndex("team_memberships", ["teamId", "userId"], {
    unique: true,
    name: "team_memberships_team_user_unique",
  });
  await qi.addIndex("team_memberships", ["userId"], { name: "team_memberships_user" });

  await qi.createTable("sessions", {
    id: { type: DataTypes.STRING(64), primaryKey: true },
    userId: {
      type: DataTypes.INTEGER,
      allowNull: false,
      references: { model: "users", key: "id" },
      onDelete: "CASCADE",
    },
    expiresAt: { type: DataTypes.DATE, allowNull: false },
    ip: { type: DataTypes.STRING(64), allowNull: true },
    userAgent: { type: DataTypes.STRING(255), allowNull: true },
    ...timestamps,
  });
  await qi.addIndex("sessions", ["userId"], { name: "sessions_user" });
  await qi.addIndex("sessions", ["expiresAt"], { name: "sessions_expires_at" });

  await qi.createTable("password_tokens", {
    id: { type: DataTypes.STRING(64), primaryKey: true },
    userId: {
      type: DataTypes.INTEGER,
      allowNull: false,
      references: { model: "users", key: "id" },
      onDelete: "CASCADE",
    },
    expiresAt: { type: DataTypes.DATE, allowNull: false },
    usedAt: { type: DataTypes.DATE, allowNull: true },
    createdAt: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex("password_tokens", ["userId"], { name: "password_tokens_user" });

  await qi.createTable("login_failures", {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    key: { type: DataTypes.STRING(300), allowNull: false },
    createdAt: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex("login_failures", ["key", "createdAt"], { name: "login_failures_key_time" });

  await qi.createTable("audit_events", {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    actorId: {
      type: DataTypes.INTEGER,
      allowNull: true,
      references: { model: "users", key: "id" },
      onDelete: "SET NULL",
    },
    action: { type: DataTypes.STRING(64), allowNull: false },
    entityType: { type: DataTypes.STRING(32), allowNull: false },
    entityId: { type: DataTypes.STRING(64), allowNull: false },
    before: { type: DataTypes.JSON, allowNull: true },
    after: { type: DataTypes.JSON, allowNull: true },
    createdAt: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex("audit_events", ["entityType", "entityId"], { name: "audit_events_entity" });
  await qi.addIndex("audit_events", ["createdAt"], { name: "audit_events_created_at" });
}

export async function down({ context: qi }: { context: QueryInterface }) {
  for (const table of [
    "audit_events",
    "login_failures",
    "password_tokens",
    "sessions",
    "team_memberships",
    "sales_teams",
    "users",
  ]) {
    await qi.dropTable(table);
  }
}
