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

/** A manager an escalation is addressed to, at one level, for one side of the dispute. */
export class EscalationAssignee extends Model<InferAttributes<EscalationAssignee>, InferCreationAttributes<EscalationAssignee>> {
  declare id: CreationOptional<number>;
  declare escalationId: ForeignKey<number>;
  declare userId: ForeignKey<number>;
  declare level: number;
  declare side: string;

  declare user?: NonAttribute<User>;

  static initModel(sequelize: Sequelize) {
    this.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        escalationId: { type: DataTypes.INTEGER, allowNull: false },
        userId: { type: DataTypes.INTEGER, allowNull: false },
        level: { type: DataTypes.INTEGER, allowNull: false },
        side: { type: DataTypes.STRING(16), allowNull: false },
      },
      { sequelize, tableName: "escalation_assignees", modelName: "EscalationAssignee", timestamps: false },
    );
  }
}
