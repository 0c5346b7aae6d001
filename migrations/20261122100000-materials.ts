import { DataTypes, type QueryInterface } from "sequelize";

/** Materials aimed at sales teams, their immutable file versions, and comments pinned on pages. */
export async function up({ context: qi }: { context: QueryInterface }) {
  const timestamps = {
    createdAt: { type: DataTypes.DATE, allowNull: false },
    updatedAt: { type: DataTypes.DATE, allowNull: false },
  };
  const user = (allowNull: boolean) => ({
    type: DataTypes.INTEGER,
    allowNull,
    references: { model: "users", key: "id" },
    onDelete: allowNull ? "SET NULL" : "RESTRICT",
  });

  await qi.createTable("materials", {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    title: { type: DataTypes.STRING(200), allowNull: false },
    kind: { type: DataTypes.STRING(16), allowNull: false },
    description: { type: DataTypes.TEXT, allowNull: false, defaultValue: "" },
    ownerId: user(false),
    status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: "draft" },
    ...timestamps,
  });
  await qi.addIndex("materials", ["ownerId"], { name: "materials_owner" });
  await qi.addIndex("materials", ["updatedAt"], { name: "materials_updated" });

  await qi.createTable("material_teams", {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    materialId: { type: DataTypes.INTEGER, allowNull: false, references: { model: "materials", key: "id" }, onDelete: "CASCADE" },
    teamId: { type: DataTypes.INTEGER, allowNull: false, references: { model: "sales_teams", key: "id" }, onDelete: "RESTRICT" },
  });
  await qi.addIndex("material_teams", ["materialId", "teamId"], { unique: true, name: "material_teams_unique" });
  await qi.addIndex("material_teams", ["teamId"], { name: "material_teams_team" });

  await qi.createTable("material_versions", {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    materialId: { type: DataTypes.INTEGER, allowNull: false, references: { model: "materials", key: "id" }, onDelete: "CASCADE" },
    number: { type: DataTypes.INTEGER, allowNull: false },
    storageKey: { type: DataTypes.STRING(200), allowNull: false },
    fileName: { type: DataTypes.STRING(255), allowNull: false },
    contentType: { type: DataTypes.STRING(64), allowNull: false },
    size: { type: DataTypes.BIGINT, allowNull: false },
    sha256: { type: DataTypes.STRING(64), allowNull: false },
    pageCount: { type: DataTypes.INTEGER, allowNull: false },
    changeNote: { type: DataTypes.TEXT, allowNull: false, defaultValue: "" },
    uploadedById: user(false),
    createdAt: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex("material_versions", ["materialId", "number"], { unique: true, name: "material_versions_number" });
  await qi.addIndex("material_versions", ["storageKey"], { unique: true, name: "material_versions_key" });

  await qi.createTable("comments", {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    materialId: { type: DataTypes.INTEGER, allowNull: false, references: { model: "materials", key: "id" }, onDelete: "CASCADE" },
    versionId: { type: DataTypes.INTEGER, allowNull: false, references: { model: "material_versions", key: "id" }, onDelete: "CASCADE" },
    parentId: { type: DataTypes.INTEGER, allowNull: true, references: { model: "comments", key: "id" }, onDelete: "CASCADE" },
    authorId: user(false),
    page: { type: DataTypes.INTEGER, allowNull: true },
    x: { type: DataTypes.DOUBLE, allowNull: true },
    y: { type: DataTypes.DOUBLE, allowNull: true },
    category: { type: DataTypes.STRING(32), allowNull: true },
    body: { type: DataTypes.TEXT, allowNull: false },
    state: { type: DataTypes.STRING(16), allowNull: true },
    declineReason: { type: DataTypes.TEXT, allowNull: true },
    answeredById: user(true),
    answeredAt: { type: DataTypes.DATE, allowNull: true },
    settledAt: { type: DataTypes.DATE, allowNull: true },
    ...timestamps,
  });
  await qi.addIndex("comments", ["materialId", "versionId"], { name: "comments_material_version" });
  await qi.addIndex("comments", ["parentId"], { name: "comments_parent" });
  await qi.addIndex("comments", ["state"], { name: "comments_state" });
}

export async function down({ context: qi }: { context: QueryInterface }) {
  await qi.dropTable("comments");
  await qi.dropTable("material_versions");
  await qi.dropTable("material_teams");
  await qi.dropTable("materials");
}
