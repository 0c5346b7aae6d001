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

/** A SMART lead strategy of a pre-plan: what, measured how, to what target, by whom, by when. */
export class LeadStrategy extends Model<InferAttributes<LeadStrategy>, InferCreationAttributes<LeadStrategy>> {
  declare id: CreationOptional<number>;
  declare prePlanId: ForeignKey<number>;
  declare position: number;
  declare what: string;
  declare metric: string;
  declare target: string;
  declare ownerId: ForeignKey<number>;
  declare dueDate: string;

  declare owner?: NonAttribute<User>;

  static initModel(sequelize: Sequelize) {
    this.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        prePlanId: { type: DataTypes.INTEGER, allowNull: false },
        position: { type: DataTypes.INTEGER, allowNull: false },
        what: { type: DataTypes.TEXT, allowNull: false },
        metric: { type: DataTypes.STRING(200), allowNull: false },
        target: { type: DataTypes.STRING(200), allowNull: false },
        ownerId: { type: DataTypes.INTEGER, allowNull: false },
        dueDate: { type: DataTypes.STRING(10), allowNull: false },
      },
      { sequelize, tableName: "lead_strategies", modelName: "LeadStrategy", timestamps: false },
    );
  }
}
