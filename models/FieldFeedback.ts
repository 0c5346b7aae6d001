import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type NonAttribute, type Sequelize } from "sequelize";
import type { Outcome } from "../app/domain/feedback";
import type { FeedbackReply } from "./FeedbackReply";

/** A rep's report of how a released material went with customers. */
export class FieldFeedback extends Model<InferAttributes<FieldFeedback>, InferCreationAttributes<FieldFeedback>> {
  declare id: CreationOptional<number>;
  declare materialId: number;
  /** The released version the rep had when they wrote. */
  declare versionId: number;
  declare authorId: number;
  /** The target team the rep was in when they wrote: team figures count by it. */
  declare teamId: number;
  declare outcome: Outcome;
  declare segmentId: number;
  declare body: string;
  declare page: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  declare replies?: NonAttribute<FeedbackReply[]>;

  static initModel(sequelize: Sequelize) {
    this.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        materialId: { type: DataTypes.INTEGER, allowNull: false },
        versionId: { type: DataTypes.INTEGER, allowNull: false },
        authorId: { type: DataTypes.INTEGER, allowNull: false },
        teamId: { type: DataTypes.INTEGER, allowNull: false },
        outcome: { type: DataTypes.STRING(16), allowNull: false },
        segmentId: { type: DataTypes.INTEGER, allowNull: false },
        body: { type: DataTypes.TEXT, allowNull: false },
        page: { type: DataTypes.INTEGER, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: "field_feedback", modelName: "FieldFeedback" },
    );
  }
}
