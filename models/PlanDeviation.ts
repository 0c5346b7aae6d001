import {
  DataTypes,
  Model,
  type CreationOptional,
  type ForeignKey,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from "sequelize";

import type { DeviationKind } from "../app/domain/plans";

/** A way the annual plan differs from its pre-plan; the plan cannot be submitted until each is explained. */
export class PlanDeviation extends Model<InferAttributes<PlanDeviation>, InferCreationAttributes<PlanDeviation>> {
  declare id: CreationOptional<number>;
  declare materialId: ForeignKey<number>;
  declare kind: DeviationKind;
  declare subject: string;
  declare explanation: string | null;
  declare createdById: ForeignKey<number>;
  declare createdAt: Date;
  declare updatedAt: Date;

  static initModel(sequelize: Sequelize) {
    this.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        materialId: { type: DataTypes.INTEGER, allowNull: false },
        kind: { type: DataTypes.STRING(32), allowNull: false },
        subject: { type: DataTypes.STRING(200), allowNull: false },
        explanation: { type: DataTypes.TEXT, allowNull: true },
        createdById: { type: DataTypes.INTEGER, allowNull: false },
        createdAt: { type: DataTypes.DATE, allowNull: false },
        updatedAt: { type: DataTypes.DATE, allowNull: false },
      },
      { sequelize, tableName: "plan_deviations", modelName: "PlanDeviation", timestamps: false },
    );
  }
}
