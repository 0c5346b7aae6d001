import {
  DataTypes,
  Model,
  type CreationOptional,
  type ForeignKey,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from "sequelize";
/** A day off: for one team, or for every team when `teamId` is null. */
export class Holiday extends Model<InferAttributes<Holiday>, InferCreationAttributes<Holiday>> {
  declare id: CreationOptional<number>;
  declare teamId: ForeignKey<number> | null;
  declare date: string;
  declare name: string;

  static initModel(sequelize: Sequelize) {
    this.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        teamId: { type: DataTypes.INTEGER, allowNull: true },
        date: { type: DataTypes.STRING(10), allowNull: false },
        name: { type: DataTypes.STRING(120), allowNull: false },
      },
      { sequelize, tableName: "holidays", modelName: "Holiday", timestamps: false },
    );
  }
}
