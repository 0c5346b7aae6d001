import { DataTypes, Model, type InferAttributes, type InferCreationAttributes, type Sequelize } from "sequelize";
import type { Delivery, PreferenceKind } from "../app/domain/notifications";

/** A person's choice for one kind of notice; without a row, the email goes at once. */
export class NotificationPreference extends Model<InferAttributes<NotificationPreference>, InferCreationAttributes<NotificationPreference>> {
  declare userId: number;
  declare kind: PreferenceKind;
  declare delivery: Delivery;
  declare updatedAt: Date;

  static initModel(sequelize: Sequelize) {
    this.init(
      {
        userId: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true },
        kind: { type: DataTypes.STRING(40), allowNull: false, primaryKey: true },
        delivery: { type: DataTypes.STRING(16), allowNull: false },
        updatedAt: { type: DataTypes.DATE, allowNull: false },
      },
      { sequelize, tableName: "notification_preferences", modelName: "NotificationPreference", timestamps: false },
    );
  }
}
