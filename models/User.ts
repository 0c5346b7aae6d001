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
import { ROLES, type Role } from "../app/domain/roles";
import type { TeamMembership } from "./TeamMembership";

export class User extends Model<InferAttributes<User>, InferCreationAttributes<User>> {
  declare id: CreationOptional<number>;
  declare name: string;
  /** Stored lower-cased, so the unique index makes emails unique regardless of case. */
  declare email: string;
  declare passwordHash: string | null;
  declare role: Role;
  declare reportsToId: ForeignKey<number> | null;
  declare timeZone: string;
  declare active: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  declare manager?: NonAttribute<User | null>;
  declare memberships?: NonAttribute<TeamMembership[]>;

  static initModel(sequelize: Sequelize) {
    this.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        name: { type: DataTypes.STRING(120), allowNull: false, validate: { notEmpty: true } },
        email: {
          type: DataTypes.STRING(254),
          allowNull: false,
          unique: true,
          set(value: string) {
            this.setDataValue("email", value.trim().toLowerCase());
          },
        },
        passwordHash: { type: DataTypes.STRING(255), allowNull: true },
        role: { type: DataTypes.STRING(16), allowNull: false, validate: { isIn: [ROLES as unknown as string[]] } },
        reportsToId: { type: DataTypes.INTEGER, allowNull: true },
        timeZone: { type: DataTypes.STRING(64), allowNull: false, defaultValue: "UTC" },
        active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: "users", modelName: "User" },
    );
  }
}
