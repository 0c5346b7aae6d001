import { DataTypes, type QueryInterface } from "sequelize";

/**
 * Use of released material. `usage_events` is append-only: one row per open, download,
 * "used with a customer" and page seen, with the person and the target team they belong to
 * (team totals are counted by the team as it was when the event happened). Past
 * USAGE_RAW_DAYS the sweep folds raw rows into `usage_daily` — per day, material, team, kind
 * and page, with no person — and deletes them. `page` there is 0 for events about the
 * whole material, so that the unique key the rollup upserts on has no NULL in it.
 */
export async function up({ context: qi }: { context: QueryInterface }) {
  await qi.createTable("usage_events", {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    userId: { type: DataTypes.INTEGER, allowNull: false, references: { model: "users", key: "id" }, onDelete: "CASCADE" },
    materialId: { type: DataTypes.INTEGER, allowNull: false, references: { model: "materials", key: "id" }, onDelete: "CASCADE" },
    versionId: { type: DataTypes.INTEGER, allowNull: false, references: { model: "material_versions", key: "id" }, onDelete: "CASCADE" },
    teamId: { type: DataTypes.INTEGER, allowNull: false, references: { model: "sales_teams", key: "id" }, onDelete: "CASCADE" },
    kind: { type: DataTypes.STRING(16), allowNull: false },
    page: { type: DataTypes.INTEGER, allowNull: true },
    account: { type: DataTypes.STRING(200), allowNull: true },
    usedOn: { type: DataTypes.STRING(10), allowNull: true },
    note: { type: DataTypes.TEXT, allowNull: true },
    createdAt: { type: DataTypes.DATE, allowNull: false },
  });
  // The material page's figures (per material and kind), a rep's own history, and the rollup's oldest-first scan.
  await qi.addIndex("usage_events", ["materialId", "kind"], { name: "usage_events_material_kind" });
  await qi.addIndex("usage_events", ["userId", "materialId"], { name: "usage_events_user_material" });
  await qi.addIndex("usage_events", ["createdAt"], { name: "usage_events_created" });
  await qi.createTable("usage_daily", {
    day: { type: DataTypes.STRING(10), allowNull: false },
    materialId: { type: DataTypes.INTEGER, allowNull: false, references: { model: "materials", key: "id" }, onDelete: "CASCADE" },
    teamId: { type: DataTypes.INTEGER, allowNull: false, references: { model: "sales_teams", key: "id" }, onDelete: "CASCADE" },
    kind: { type: DataTypes.STRING(16), allowNull: false },
    page: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    count: { type: DataTypes.INTEGER, allowNull: false },
  });
  await qi.addIndex("usage_daily", ["materialId", "teamId", "kind", "page", "day"], { unique: true, name: "usage_daily_key" });
}

export async function down({ context: qi }: { context: QueryInterface }) {
  await qi.dropTable("usage_daily");
  await qi.dropTable("usage_events");
}
