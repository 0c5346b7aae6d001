import {
  DataTypes,
  Model,
  type CreationOptional,
  type ForeignKey,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from "sequelize";
/** An in-app notice with a link; unread until the person opens their notifications. */
export class Notification extends Model<InferAttributes<Notification>, InferCreationAttributes<Notification>> {
  declare id: CreationOptional<number>;
  declare userId: ForeignKey<number>;
  declare text: string;
  declare link: string;
  declare readAt: CreationOptional<Date | null>;
  declare createdAt: Date;

  static initModel(sequelize: Sequelize) {
    this.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        userId: { type: DataTypes.INTEGER, allowNull: false },
        text: { type: DataTypes.STRING(500), allowNull: false },
        link: { type: DataTypes.STRING(255), allowNull: false },
        readAt: { type: DataTypes.DATE, allowNull: true },
        createdAt: { type: DataTypes.DATE, allowNull: false },
      },
      { sequelize, tableName: "notifications", modelName: "Notification", timestamps: false },
    );
  }
}
