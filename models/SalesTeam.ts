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
import type { TeamMembership } from "./TeamMembership";
import type { User } from "./User";

export class SalesTeam extends Model<InferAttributes<SalesTeam>, InferCreationAttributes<SalesTeam>> {
  declare id: CreationOptional<number>;
  declare name: string;
  declare timeZone: string;
  declare salesManagerId: ForeignKey<number> | null;
  /** The team's own review window; null means the global default. */
  declare windowUnit: CreationOptional<string | null>;
  declare windowValue: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  declare memberships?: NonAttribute<TeamMembership[]>;
  declare salesManager?: NonAttribute<User | null>;

  static initModel(sequelize: Sequelize) {
    this.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        name: { type: DataTypes.STRING(120), allowNull: false, unique: true, validate: { notEmpty: true } },
        timeZone: { type: DataTypes.STRING(64), allowNull: false, defaultValue: "UTC" },
        salesManagerId: { type: DataTypes.INTEGER, allowNull: true },
        windowUnit: { type: DataTypes.STRING(16), allowNull: true },
        windowValue: { type: DataTypes.INTEGER, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: "sales_teams", modelName: "SalesTeam" },
    );
  }
}
