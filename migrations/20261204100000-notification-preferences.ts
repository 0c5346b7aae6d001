import { DataTypes, type QueryInterface } from "sequelize";

/**
 * What each person wants to be told, and how: one row per person and preference they
 * changed (no row: email at once). Digest items wait for the person's next 08:00; a digest
 * row per person and local day makes the daily email go out once, whichever sweeper gets
 * there, however late.
 */
export async function up({ context: qi }: { context: QueryInterface }) {
  await qi.createTable("notification_preferences", {
    userId: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true, references: { model: "users", key: "id" }, onDelete: "CASCADE" },
    kind: { type: DataTypes.STRING(40), allowNull: false, primaryKey: true },
    delivery: { type: DataTypes.STRING(16), allowNull: false },
    updatedAt: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.createTable("digests", {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    userId: { type: DataTypes.INTEGER, allowNull: false, references: { model: "users", key: "id" }, onDelete: "CASCADE" },
    day: { type: DataTypes.STRING(10), allowNull: false },
    items: { type: DataTypes.INTEGER, allowNull: false },
    createdAt: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex("digests", ["userId", "day"], { unique: true, name: "digests_user_day" });
  await qi.createTable("digest_items", {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    userId: { type: DataTypes.INTEGER, allowNull: false, references: { model: "users", key: "id" }, onDelete: "CASCADE" },
    kind: { type: DataTypes.STRING(40), allowNull: false },
    materialId: { type: DataTypes.INTEGER, allowNull: true },
    materialTitle: { type: DataTypes.STRING(255), allowNull: false },
    subject: { type: DataTypes.STRING(255), allowNull: false },
    text: { type: DataTypes.TEXT, allowNull: false },
    link: { type: DataTypes.STRING(255), allowNull: false },
    dueAt: { type: DataTypes.DATE, allowNull: false },
    digestId: { type: DataTypes.INTEGER, allowNull: true, references: { model: "digests", key: "id" }, onDelete: "SET NULL" },
    createdAt: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex("digest_items", ["digestId", "dueAt"], { name: "digest_items_due" });
  await qi.addIndex("digest_items", ["userId", "digestId"], { name: "digest_items_user" });
}

export async function down({ context: qi }: { context: QueryInterface }) {
  await qi.dropTable("digest_items");
  await qi.dropTable("digests");
  await qi.dropTable("notification_preferences");
}
