import { DataTypes, Model, type ForeignKey, type InferAttributes, type InferCreationAttributes, type Sequelize } from "sequelize";

/**
 * A browser a person has signed in from: only the SHA-256 of its cookie's token is stored.
 * Signing in from it is never slowed by other people's failed guesses at the account.
 */
export class TrustedDevice extends Model<InferAttributes<TrustedDevice>, InferCreationAttributes<TrustedDevice>> {
  declare id: string;
  declare userId: ForeignKey<number>;
  declare createdAt: Date;
  declare lastUsedAt: Date;

  static initModel(sequelize: Sequelize) {
    this.init(
      {
        id: { type: DataTypes.STRING(64), primaryKey: true },
        userId: { type: DataTypes.INTEGER, allowNull: false },
        createdAt: { type: DataTypes.DATE, allowNull: false },
        lastUsedAt: { type: DataTypes.DATE, allowNull: false },
      },
      { sequelize, tableName: "trusted_devices", modelName: "TrustedDevice", timestamps: false },
    );
  }
}
