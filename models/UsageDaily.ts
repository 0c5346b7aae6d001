import { DataTypes, Model, type InferAttributes, type InferCreationAttributes, type Sequelize } from "sequelize";
import type { UsageKind } from "../app/domain/usage";

/** Team totals of old usage events per day, material, kind and page (0: the whole material). Nobody's name is kept. */
export class UsageDaily extends Model<InferAttributes<UsageDaily>, InferCreationAttributes<UsageDaily>> {
  declare day: string;
  declare materialId: number;
  declare teamId: number;
  declare kind: UsageKind;
  declare page: number;
  declare count: number;

  static initModel(sequelize: Sequelize) {
    this.init(
      {
        day: { type: DataTypes.STRING(10), allowNull: false, primaryKey: true },
        materialId: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true },
        teamId: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true },
        kind: { type: DataTypes.STRING(16), allowNull: false, primaryKey: true },
        page: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true, defaultValue: 0 },
        count: { type: DataTypes.INTEGER, allowNull: false },
      },
      { sequelize, tableName: "usage_daily", modelName: "UsageDaily", timestamps: false },
    );
  }
}
