import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from "sequelize";

/** One message in the thread under a piece of field feedback. */
export class FeedbackReply extends Model<InferAttributes<FeedbackReply>, InferCreationAttributes<FeedbackReply>> {
  declare id: CreationOptional<number>;
  declare feedbackId: number;
  declare authorId: number;
  declare body: string;
  declare createdAt: Date;

  static initModel(sequelize: Sequelize) {
    this.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        feedbackId: { type: DataTypes.INTEGER, allowNull: false },
        authorId: { type: DataTypes.INTEGER, allowNull: false },
        body: { type: DataTypes.TEXT, allowNull: false },
        createdAt: { type: DataTypes.DATE, allowNull: false },
      },
      { sequelize, tableName: "feedback_replies", modelName: "FeedbackReply", timestamps: false },
    );
  }
}
