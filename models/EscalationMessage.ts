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

/** A message in an escalation's private discussion: the two parties and the managers addressed. */
export class EscalationMessage extends Model<InferAttributes<EscalationMessage>, InferCreationAttributes<EscalationMessage>> {
  declare id: CreationOptional<number>;
  declare escalationId: ForeignKey<number>;
  declare authorId: ForeignKey<number>;
  declare body: string;
  declare createdAt: Date;

  declare author?: NonAttribute<User>;

  static initModel(sequelize: Sequelize) {
    this.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        escalationId: { type: DataTypes.INTEGER, allowNull: false },
        authorId: { type: DataTypes.INTEGER, allowNull: false },
        body: { type: DataTypes.TEXT, allowNull: false },
        createdAt: { type: DataTypes.DATE, allowNull: false },
      },
      { sequelize, tableName: "escalation_messages", modelName: "EscalationMessage", timestamps: false },
    );
  }
}
