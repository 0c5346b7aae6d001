import { DataTypes, type QueryInterface } from "sequelize";

/**
 * The workflow's second version: a comment's kind (a pinned comment, or a committee's
 * objection that marketing asked to release over), the version a material was last
 * released at (so a new version can be previewed while the library keeps the released
 * one) and when it was archived, "to check" items on the next version, joint decisions of
 * two managers (proposals) and the private discussion of an escalation.
 */
export async function up({ context: qi }: { context: QueryInterface }) {
  const sql = (statement: string) => qi.sequelize.query(statement);
  const timestamp = qi.sequelize.getDialect() === "postgres" ? "TIMESTAMP WITH TIME ZONE" : "DATETIME";
  await sql(`ALTER TABLE comments ADD COLUMN "kind" VARCHAR(16) NOT NULL DEFAULT 'comment'`);
  // Plain integer columns (no REFERENCES) so that SQLite can drop them again in `down`.
  await sql(`ALTER TABLE materials ADD COLUMN "releasedVersionId" INTEGER`);
  await sql(`ALTER TABLE materials ADD COLUMN "releasedAt" ${timestamp}`);
  await sql(`ALTER TABLE materials ADD COLUMN "archivedAt" ${timestamp}`);
  // A decision carried to the next version: "to check", then ticked off as done or reopened
  // (the reopened one is a new comment that follows the old).
  await sql(`ALTER TABLE comments ADD COLUMN "checkState" VARCHAR(16)`);
  await sql(`ALTER TABLE comments ADD COLUMN "checkedAt" ${timestamp}`);
  await sql(`ALTER TABLE comments ADD COLUMN "checkedById" INTEGER`);
  await sql(`ALTER TABLE comments ADD COLUMN "followsId" INTEGER`);
  await sql(
    `UPDATE materials SET "releasedVersionId" = (SELECT v.id FROM material_versions v WHERE v."materialId" = materials.id ORDER BY v.number DESC LIMIT 1),
       "releasedAt" = "updatedAt" WHERE status = 'released'`,
  );

  const ref = (model: string, allowNull = false) => ({
    type: DataTypes.INTEGER,
    allowNull,
    references: { model, key: "id" },
    onDelete: allowNull ? "SET NULL" : "CASCADE",
  });
  await qi.createTable("escalation_proposals", {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    escalationId: ref("escalations"),
    level: { type: DataTypes.INTEGER, allowNull: false },
    proposedById: ref("users"),
    decision: { type: DataTypes.STRING(16), allowNull: false },
    note: { type: DataTypes.TEXT, allowNull: true },
    state: { type: DataTypes.STRING(16), allowNull: false },
    answeredById: ref("users", true),
    answeredAt: { type: DataTypes.DATE, allowNull: true },
    createdAt: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex("escalation_proposals", ["escalationId", "state"], { name: "proposals_escalation" });

  await qi.createTable("escalation_messages", {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    escalationId: ref("escalations"),
    authorId: ref("users"),
    body: { type: DataTypes.TEXT, allowNull: false },
    createdAt: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex("escalation_messages", ["escalationId", "id"], { name: "messages_escalation" });
}

export async function down({ context: qi }: { context: QueryInterface }) {
  await qi.dropTable("escalation_messages");
  await qi.dropTable("escalation_proposals");
  for (const [table, column] of [
    ["comments", "followsId"],
    ["comments", "checkedById"],
    ["comments", "checkedAt"],
    ["comments", "checkState"],
    ["materials", "archivedAt"],
    ["materials", "releasedAt"],
    ["materials", "releasedVersionId"],
    ["comments", "kind"],
  ]) {
    await qi.sequelize.query(`ALTER TABLE ${table} DROP COLUMN "${column}"`);
  }
}
