import { DataTypes, type QueryInterface } from "sequelize";

/**
 * Sweepers: one row per process that runs the scheduler (a web server with JOBS=on, or a
 * `npm run jobs` worker), written after each of its sweeps, so the admin sees each one's
 * heartbeat instead of one shared "last sweep" that a live process hides a dead one behind.
 */
export async function up({ context: qi }: { context: QueryInterface }) {
  await qi.createTable("sweepers", {
    id: { type: DataTypes.STRING(200), primaryKey: true },
    host: { type: DataTypes.STRING(255), allowNull: false },
    pid: { type: DataTypes.INTEGER, allowNull: false },
    kind: { type: DataTypes.STRING(16), allowNull: false },
    startedAt: { type: DataTypes.DATE, allowNull: false },
    lastSweepAt: { type: DataTypes.DATE, allowNull: true },
    lastSweepMs: { type: DataTypes.INTEGER, allowNull: true },
    lastCounts: { type: DataTypes.TEXT, allowNull: true },
    lastErrorAt: { type: DataTypes.DATE, allowNull: true },
    lastError: { type: DataTypes.TEXT, allowNull: true },
    stoppedAt: { type: DataTypes.DATE, allowNull: true },
  });
}

export async function down({ context: qi }: { context: QueryInterface }) {
  await qi.dropTable("sweepers");
}
