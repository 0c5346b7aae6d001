import { DataTypes, type QueryInterface } from "sequelize";

/**
 * The review workflow: preview rounds and decisions, escalations up the chain of command,
 * the working calendar, the email outbox and in-app notifications. Every column the
 * scheduler searches by time is indexed together with its state.
 */
export async function up({ context: qi }: { context: QueryInterface }) {
  const ref = (model: string, allowNull = false, onDelete = "CASCADE") => ({
    type: DataTypes.INTEGER,
    allowNull,
    references: { model, key: "id" },
    onDelete: allowNull ? "SET NULL" : onDelete,
  });
  const date = (allowNull = true) => ({ type: DataTypes.DATE, allowNull });

  // Columns are added with plain SQL: it reads the same on SQLite and PostgreSQL, and on
  // PostgreSQL it respects the search_path (the test suite runs each file in its own schema).
  const sql = (statement: string) => qi.sequelize.query(statement);
  await sql(`ALTER TABLE sales_teams ADD COLUMN "windowUnit" VARCHAR(16)`);
  await sql(`ALTER TABLE sales_teams ADD COLUMN "windowValue" INTEGER`);

  await qi.createTable("app_settings", {
    key: { type: DataTypes.STRING(64), primaryKey: true },
    value: { type: DataTypes.TEXT, allowNull: false },
  });

  await qi.createTable("holidays", {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    teamId: ref("sales_teams", true),
    date: { type: DataTypes.STRING(10), allowNull: false },
    name: { type: DataTypes.STRING(120), allowNull: false },
  });
  await qi.addIndex("holidays", ["teamId", "date"], { name: "holidays_team_date" });

  await qi.createTable("preview_rounds", {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    materialId: ref("materials"),
    versionId: ref("material_versions"),
    teamId: ref("sales_teams", false, "RESTRICT"),
    submittedById: ref("users", false, "RESTRICT"),
    state: { type: DataTypes.STRING(16), allowNull: false },
    openedAt: date(false),
    dueAt: date(false),
    reminderAt: date(false),
    remindedAt: date(),
    closedAt: date(),
  });
  await qi.addIndex("preview_rounds", ["state", "dueAt"], { name: "rounds_due" });
  await qi.addIndex("preview_rounds", ["state", "reminderAt"], { name: "rounds_reminder" });
  await qi.addIndex("preview_rounds", ["materialId", "versionId"], { name: "rounds_material" });

  await qi.createTable("round_decisions", {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    roundId: ref("preview_rounds"),
    userId: ref("users", false, "RESTRICT"),
    decision: { type: DataTypes.STRING(24), allowNull: false },
    summary: { type: DataTypes.TEXT, allowNull: true },
    decidedAt: date(),
    remindedAt: date(),
  });
  await qi.addIndex("round_decisions", ["roundId", "userId"], { unique: true, name: "decisions_unique" });
  await qi.addIndex("round_decisions", ["userId", "decision"], { name: "decisions_user" });

  const timestamp = qi.sequelize.getDialect() === "postgres" ? "TIMESTAMP WITH TIME ZONE" : "DATETIME";
  await sql(`ALTER TABLE comments ADD COLUMN "roundId" INTEGER REFERENCES preview_rounds (id) ON DELETE SET NULL`);
  await sql(`ALTER TABLE comments ADD COLUMN "escalateAt" ${timestamp}`);
  await sql(`ALTER TABLE comments ADD COLUMN "escalatedAt" ${timestamp}`);
  await qi.addIndex("comments", ["escalateAt"], { name: "comments_escalate_at" });
  await qi.addIndex("comments", ["roundId"], { name: "comments_round" });

  await qi.createTable("escalations", {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    commentId: ref("comments"),
    materialId: ref("materials"),
    roundId: ref("preview_rounds", true),
    level: { type: DataTypes.INTEGER, allowNull: false },
    state: { type: DataTypes.STRING(16), allowNull: false },
    decideBy: date(false),
    overdue: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    decision: { type: DataTypes.STRING(16), allowNull: true },
    note: { type: DataTypes.TEXT, allowNull: true },
    decidedById: ref("users", true),
    decidedAt: date(),
    createdAt: date(false),
  });
  await qi.addIndex("escalations", ["commentId"], { unique: true, name: "escalations_comment" });
  await qi.addIndex("escalations", ["state", "overdue", "decideBy"], { name: "escalations_due" });
  await qi.addIndex("escalations", ["materialId", "state"], { name: "escalations_material" });

  await qi.createTable("escalation_assignees", {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    escalationId: ref("escalations"),
    userId: ref("users", false, "RESTRICT"),
    level: { type: DataTypes.INTEGER, allowNull: false },
    side: { type: DataTypes.STRING(16), allowNull: false },
  });
  await qi.addIndex("escalation_assignees", ["escalationId", "level", "userId"], { unique: true, name: "assignees_unique" });
  await qi.addIndex("escalation_assignees", ["userId"], { name: "assignees_user" });

  await qi.createTable("outbox_messages", {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    userId: ref("users", true),
    toEmail: { type: DataTypes.STRING(254), allowNull: false },
    kind: { type: DataTypes.STRING(32), allowNull: false },
    subject: { type: DataTypes.STRING(255), allowNull: false },
    text: { type: DataTypes.TEXT, allowNull: false },
    html: { type: DataTypes.TEXT, allowNull: false },
    state: { type: DataTypes.STRING(16), allowNull: false },
    attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    nextAttemptAt: date(false),
    lastError: { type: DataTypes.TEXT, allowNull: true },
    sentAt: date(),
    createdAt: date(false),
  });
  await qi.addIndex("outbox_messages", ["state", "nextAttemptAt"], { name: "outbox_due" });

  await qi.createTable("notifications", {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    userId: ref("users"),
    text: { type: DataTypes.STRING(500), allowNull: false },
    link: { type: DataTypes.STRING(255), allowNull: false },
    readAt: date(),
    createdAt: date(false),
  });
  await qi.addIndex("notifications", ["userId", "readAt"], { name: "notifications_user" });
}

export async function down({ context: qi }: { context: QueryInterface }) {
  await qi.dropTable("notifications");
  await qi.dropTable("outbox_messages");
  await qi.dropTable("escalation_assignees");
  await qi.dropTable("escalations");
  await qi.removeIndex("comments", "comments_round");
  await qi.removeIndex("comments", "comments_escalate_at");
  const dropColumns = async (table: string, columns: string[]) => {
    if (qi.sequelize.getDialect() === "postgres") {
      for (const column of columns) await qi.sequelize.query(`ALTER TABLE ${table} DROP COLUMN "${column}"`);
    } else {
      // SQLite cannot drop a column that is part of a foreign key; Sequelize rebuilds the table.
      for (const column of columns) await qi.removeColumn(table, column);
    }
  };
  await dropColumns("comments", ["escalatedAt", "escalateAt", "roundId"]);
  await qi.dropTable("round_decisions");
  await qi.dropTable("preview_rounds");
  await qi.dropTable("holidays");
  await qi.dropTable("app_settings");
  await dropColumns("sales_teams", ["windowValue", "windowUnit"]);
}
