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
import type { User } from "./User";
import type { PreviewRound } from "./PreviewRound";

export type DecisionValue = "pending" | "approved" | "changes_requested" | "no_objection";

/** A committee member's decision in a round; "no_objection" is recorded at the deadline. */
export class RoundDecision extends Model<InferAttributes<RoundDecision>, InferCreationAttributes<RoundDecision>> {
  declare id: CreationOptional<number>;
  declare roundId: ForeignKey<number>;
  declare userId: ForeignKey<number>;
  declare decision: DecisionValue;
  declare summary: CreationOptional<string | null>;
  declare decidedAt: CreationOptional<Date | null>;
  declare remindedAt: CreationOptional<Date | null>;

  declare user?: NonAttribute<User>;
  declare round?: NonAttribute<PreviewRound>;

  static initModel(sequelize: Sequelize) {
    this.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        roundId: { type: DataTypes.INTEGER, allowNull: false },
        userId: { type: DataTypes.INTEGER, allowNull: false },
        decision: { type: DataTypes.STRING(24), allowNull: false },
        summary: { type: DataTypes.TEXT, allowNull: true },
        decidedAt: { type: DataTypes.DATE, allowNull: true },
        remindedAt: { type: DataTypes.DATE, allowNull: true },
      },
      { sequelize, tableName: "round_decisions", modelName: "RoundDecision", timestamps: false },
    );
  }
}
