import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from "sequelize";

/** A notice whose email waits for the reader's daily digest (at their next 08:00, `dueAt`). */
export class DigestItem extends Model<InferAttributes<DigestItem>, InferCreationAttributes<DigestItem>> {
  declare id: CreationOptional<number>;
  declare userId: number;
  declare kind: string;
  declare materialId: number | null;
  declare materialTitle: string;
  declare subject: string;
  declare text: string;
  declare link: string;
  declare dueAt: Date;
  declare digestId: CreationOptional<number | null>;
  declare createdAt: Date;

  static initModel(sequelize: Sequelize) {
    this.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        userId: { type: DataTypes.INTEGER, allowNull: false },
        kind: { type: DataTypes.STRING(40), allowNull: false },
        materialId: { type: DataTypes.INTEGER, allowNull: true },
        materialTitle: { type: DataTypes.STRING(255), allowNull: false },
        subject: { type: DataTypes.STRING(255), allowNull: false },
        text: { type: DataTypes.TEXT, allowNull: false },
        link: { type: DataTypes.STRING(255), allowNull: false },
        dueAt: { type: DataTypes.DATE, allowNull: false },
        digestId: { type: DataTypes.INTEGER, allowNull: true },
        createdAt: { type: DataTypes.DATE, allowNull: false },
      },
      { sequelize, tableName: "digest_items", modelName: "DigestItem", timestamps: false },
    );
  }
}
