import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from "sequelize";
import type { UsageKind } from "../app/domain/usage";

/** One use of released material by a sales rep: append-only, rolled up into `usage_daily` after USAGE_RAW_DAYS. */
export class UsageEvent extends Model<InferAttributes<UsageEvent>, InferCreationAttributes<UsageEvent>> {
  declare id: CreationOptional<number>;
  declare userId: number;
  declare materialId: number;
  declare versionId: number;
  /** The target team the rep belongs to, when it happened: team totals count by it. */
  declare teamId: number;
  declare kind: UsageKind;
  declare page: CreationOptional<number | null>;
  declare account: CreationOptional<string | null>;
  /** For `used`: the day it was used with the customer (YYYY-MM-DD). */
  declare usedOn: CreationOptional<string | null>;
  declare note: CreationOptional<string | null>;
  declare createdAt: Date;

  static initModel(sequelize: Sequelize) {
    this.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        userId: { type: DataTypes.INTEGER, allowNull: false },
        materialId: { type: DataTypes.INTEGER, allowNull: false },
        versionId: { type: DataTypes.INTEGER, allowNull: false },
        teamId: { type: DataTypes.INTEGER, allowNull: false },
        kind: { type: DataTypes.STRING(16), allowNull: false },
        page: { type: DataTypes.INTEGER, allowNull: true },
        account: { type: DataTypes.STRING(200), allowNull: true },
        usedOn: { type: DataTypes.STRING(10), allowNull: true },
        note: { type: DataTypes.TEXT, allowNull: true },
        createdAt: { type: DataTypes.DATE, allowNull: false },
      },
      { sequelize, tableName: "usage_events", modelName: "UsageEvent", timestamps: false },
    );
  }
}
