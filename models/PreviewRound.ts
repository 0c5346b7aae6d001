import {
  DataTypes,
  Model,
  type CreationOptional,
  type ForeignKey,
  type InferAttributes,
  type InferCreationAttributes,
  type NonAttribute,
  type Sequelize,
} from "sequelize";
import type { MaterialVersion } from "./MaterialVersion";
import type { RoundDecision } from "./RoundDecision";
import type { SalesTeam } from "./SalesTeam";

/** One version shown to one team's committee, open until all decide or `dueAt` passes. */
export class PreviewRound extends Model<InferAttributes<PreviewRound>, InferCreationAttributes<PreviewRound>> {
  declare id: CreationOptional<number>;
  declare materialId: ForeignKey<number>;
  declare versionId: ForeignKey<number>;
  declare teamId: ForeignKey<number>;
  declare submittedById: ForeignKey<number>;
  declare state: "open" | "closed" | "withdrawn";
  declare openedAt: Date;
  declare dueAt: Date;
  declare reminderAt: Date;
  declare remindedAt: CreationOptional<Date | null>;
  declare closedAt: CreationOptional<Date | null>;

  declare team?: NonAttribute<SalesTeam>;
  declare version?: NonAttribute<MaterialVersion>;
  declare decisions?: NonAttribute<RoundDecision[]>;

  static initModel(sequelize: Sequelize) {
    this.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        materialId: { type: DataTypes.INTEGER, allowNull: false },
        versionId: { type: DataTypes.INTEGER, allowNull: false },
        teamId: { type: DataTypes.INTEGER, allowNull: false },
        submittedById: { type: DataTypes.INTEGER, allowNull: false },
        state: { type: DataTypes.STRING(16), allowNull: false },
        openedAt: { type: DataTypes.DATE, allowNull: false },
        dueAt: { type: DataTypes.DATE, allowNull: false },
        reminderAt: { type: DataTypes.DATE, allowNull: false },
        remindedAt: { type: DataTypes.DATE, allowNull: true },
        closedAt: { type: DataTypes.DATE, allowNull: true },
      },
      { sequelize, tableName: "preview_rounds", modelName: "PreviewRound", timestamps: false },
    );
  }
}
