import { DataTypes, type QueryInterface } from "sequelize";

/**
 * The yearly loop: a pre-plan per sales team and year (goals, SMART lead strategies, the
 * creative reviewers, the presentation date, the controversial items), the plan's listed
 * deviations from it, and private calendar-feed tokens.
 */
export async function up({ context: qi }: { context: QueryInterface }) {
  const ref = (model: string, allowNull = false, onDelete = "CASCADE") => ({
    type: DataTypes.INTEGER,
    allowNull,
    references: { model, key: "id" },
    onDelete: allowNull && onDelete === "CASCADE" ? "SET NULL" : onDelete,
  });
  const date = (allowNull = true) => ({ type: DataTypes.DATE, allowNull });
  const text = (allowNull = false) => ({ type: DataTypes.TEXT, allowNull });

  await qi.createTable("pre_plans", {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    teamId: ref("sales_teams", false, "RESTRICT"),
    year: { type: DataTypes.INTEGER, allowNull: false },
    salesGoals: text(),
    marketingGoals: text(),
    reviewer1Id: ref("users", false, "RESTRICT"),
    reviewer2Id: ref("users", true, "RESTRICT"),
    presentationDate: { type: DataTypes.STRING(10), allowNull: false },
    strategiesWithoutSales: text(),
    prospectProfile: text(),
    prospectProfileWhy: text(),
    tacticChanges: text(),
    marketingConfirmedById: ref("users", true, "RESTRICT"),
    marketingConfirmedAt: date(),
    salesConfirmedById: ref("users", true, "RESTRICT"),
    salesConfirmedAt: date(),
    createdById: ref("users", false, "RESTRICT"),
    createdAt: date(false),
    updatedAt: date(false),
  });
  await qi.addIndex("pre_plans", ["teamId", "year"], { unique: true, name: "pre_plans_team_year" });

  await qi.createTable("lead_strategies", {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    prePlanId: ref("pre_plans"),
    position: { type: DataTypes.INTEGER, allowNull: false },
    what: text(),
    metric: { type: DataTypes.STRING(200), allowNull: false },
    target: { type: DataTypes.STRING(200), allowNull: false },
    ownerId: ref("users", false, "RESTRICT"),
    dueDate: { type: DataTypes.STRING(10), allowNull: false },
  });
  await qi.addIndex("lead_strategies", ["prePlanId", "position"], { name: "lead_strategies_plan" });

  // Raw SQL: queryInterface.addColumn names the table with the "public" schema on
  // PostgreSQL, ignoring the search path the test runs use.
  await qi.sequelize.query(`ALTER TABLE materials ADD COLUMN "prePlanId" INTEGER REFERENCES pre_plans (id) ON DELETE SET NULL`);
  await qi.addIndex("materials", ["prePlanId"], { name: "materials_pre_plan" });

  await qi.createTable("plan_deviations", {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    materialId: ref("materials"),
    kind: { type: DataTypes.STRING(32), allowNull: false },
    subject: { type: DataTypes.STRING(200), allowNull: false },
    explanation: text(true),
    createdById: ref("users", false, "RESTRICT"),
    createdAt: date(false),
    updatedAt: date(false),
  });
  await qi.addIndex("plan_deviations", ["materialId"], { name: "plan_deviations_material" });

  await qi.createTable("calendar_tokens", {
    id: { type: DataTypes.STRING(64), primaryKey: true },
    userId: ref("users"),
    createdAt: date(false),
    revokedAt: date(),
  });
  await qi.addIndex("calendar_tokens", ["userId"], { name: "calendar_tokens_user" });
}

export async function down({ context: qi }: { context: QueryInterface }) {
  await qi.dropTable("calendar_tokens");
  await qi.dropTable("plan_deviations");
  await qi.removeIndex("materials", "materials_pre_plan");
  if (qi.sequelize.getDialect() === "postgres") await qi.sequelize.query(`ALTER TABLE materials DROP COLUMN "prePlanId"`);
  else await qi.removeColumn("materials", "prePlanId");
  await qi.dropTable("lead_strategies");
  await qi.dropTable("pre_plans");
}
