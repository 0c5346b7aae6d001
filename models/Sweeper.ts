import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from "sequelize";

/**
 * A process that runs the scheduler, and its heartbeat: what its last sweep did and when.
 * Each process writes only its own row (after each sweep, and when it stops cleanly).
 */
export class Sweeper extends Model<InferAttributes<Sweeper>, InferCreationAttributes<Sweeper>> {
  declare id: string;
  declare host: string;
  declare pid: number;
  declare kind: "web" | "worker";
  declare startedAt: Date;
  declare lastSweepAt: CreationOptional<Date | null>;
  declare lastSweepMs: CreationOptional<number | null>;
  /** The last successful sweep's counts (SweepResult), as JSON. */
  declare lastCounts: CreationOptional<string | null>;
  declare lastErrorAt: CreationOptional<Date | null>;
  declare lastError: CreationOptional<string | null>;
  declare stoppedAt: CreationOptional<Date | null>;

  static initModel(sequelize: Sequelize) {
    this.init(
      {
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
      },
      { sequelize, tableName: "sweepers", modelName: "Sweeper", timestamps: false },
    );
  }
}
