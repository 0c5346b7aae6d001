import {
  DataTypes,
  Model,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from "sequelize";
/** A global setting the admin changes in the app (the default review window). */
export class AppSetting extends Model<InferAttributes<AppSetting>, InferCreationAttributes<AppSetting>> {
  declare key: string;
  declare value: string;

  static initModel(sequelize: Sequelize) {
    this.init(
      {
        key: { type: DataTypes.STRING(64), primaryKey: true },
        value: { type: DataTypes.TEXT, allowNull: false },
      },
      { sequelize, tableName: "app_settings", modelName: "AppSetting", timestamps: false },
    );
  }
}
