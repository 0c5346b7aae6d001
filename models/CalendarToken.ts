import { DataTypes, Model, type CreationOptional, type ForeignKey, type InferAttributes, type InferCreationAttributes, type Sequelize } from "sequelize";

/** A private calendar-feed link: only the SHA-256 of its token is stored; revoking it ends the feed. */
export class CalendarToken extends Model<InferAttributes<CalendarToken>, InferCreationAttributes<CalendarToken>> {
  declare id: string;
  declare userId: ForeignKey<number>;
  declare createdAt: Date;
  declare revokedAt: CreationOptional<Date | null>;

  static initModel(sequelize: Sequelize) {
    this.init(
      {
        id: { type: DataTypes.STRING(64), primaryKey: true },
        userId: { type: DataTypes.INTEGER, allowNull: false },
        createdAt: { type: DataTypes.DATE, allowNull: false },
        revokedAt: { type: DataTypes.DATE, allowNull: true },
      },
      { sequelize, tableName: "calendar_tokens", modelName: "CalendarToken", timestamps: false },
    );
  }
}
