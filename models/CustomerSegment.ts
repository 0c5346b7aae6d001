import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from "sequelize";

/** A customer segment or industry the admin keeps for field feedback. Archived, never deleted, once used. */
export class CustomerSegment extends Model<InferAttributes<CustomerSegment>, InferCreationAttributes<CustomerSegment>> {
  declare id: CreationOptional<number>;
  declare name: string;
  declare archived: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    this.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        name: { type: DataTypes.STRING(80), allowNull: false },
        archived: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: "customer_segments", modelName: "CustomerSegment" },
    );
  }
}
