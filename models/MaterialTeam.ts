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

/** A sales team a material is aimed at. */
export class MaterialTeam extends Model<InferAttributes<MaterialTeam>, InferCreationAttributes<MaterialTeam>> {
  declare id: CreationOptional<number>;
  declare materialId: ForeignKey<number>;
  declare teamId: ForeignKey<number>;

  declare team?: NonAttribute<SalesTeam>;

  static initModel(sequelize: Sequelize) {
    this.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        materialId: { type: DataTypes.INTEGER, allowNull: false },
        teamId: { type: DataTypes.INTEGER, allowNull: false },
      },
      { sequelize, tableName: "material_teams", modelName: "MaterialTeam", timestamps: false },
    );
  }
}
