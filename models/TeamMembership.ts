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
import type { SalesTeam } from "./SalesTeam";
import type { User } from "./User";

export class TeamMembership extends Model<
  InferAttributes<TeamMembership>,
  InferCreationAttributes<TeamMembership>
> {
  declare id: CreationOptional<number>;
  declare teamId: ForeignKey<number>;
  declare userId: ForeignKey<number>;
  declare isCommittee: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  declare user?: NonAttribute<User>;
  declare team?: NonAttribute<SalesTeam>;

  static initModel(sequelize: Sequelize) {
    this.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        teamId: { type: DataTypes.INTEGER, allowNull: false },
        userId: { type: DataTypes.INTEGER, allowNull: false },
        isCommittee: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: "team_memberships", modelName: "TeamMembership" },
    );
  }
}
