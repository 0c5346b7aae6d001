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
import type { User } from "./User";

/** One uploaded file of a material. Immutable: a new upload is a new version. */
export class MaterialVersion extends Model<InferAttributes<MaterialVersion>, InferCreationAttributes<MaterialVersion>> {
  declare id: CreationOptional<number>;
  declare materialId: ForeignKey<number>;
  declare number: number;
  declare storageKey: string;
  declare fileName: string;
  declare contentType: string;
  declare size: number;
  declare sha256: string;
  declare pageCount: number;
  /** What the PDF's author restricted, comma-separated (app/lib/pdf-restrictions.ts); null when nothing is. */
  declare restrictions: CreationOptional<string | null>;
  declare changeNote: CreationOptional<string>;
  declare uploadedById: ForeignKey<number>;
  declare createdAt: Date;

  declare uploadedBy?: NonAttribute<User>;

  static initModel(sequelize: Sequelize) {
    this.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        materialId: { type: DataTypes.INTEGER, allowNull: false },
        number: { type: DataTypes.INTEGER, allowNull: false },
        storageKey: { type: DataTypes.STRING(200), allowNull: false },
        fileName: { type: DataTypes.STRING(255), allowNull: false },
        contentType: { type: DataTypes.STRING(64), allowNull: false },
        // BIGINT comes back as a string from PostgreSQL; files are far below 2^53 bytes.
        size: {
          type: DataTypes.BIGINT,
          allowNull: false,
          get(this: MaterialVersion) {
            return Number(this.getDataValue("size"));
          },
        },
        sha256: { type: DataTypes.STRING(64), allowNull: false },
        pageCount: { type: DataTypes.INTEGER, allowNull: false },
        restrictions: { type: DataTypes.STRING(200), allowNull: true },
        changeNote: { type: DataTypes.TEXT, allowNull: false, defaultValue: "" },
        uploadedById: { type: DataTypes.INTEGER, allowNull: false },
        createdAt: { type: DataTypes.DATE, allowNull: false },
      },
      { sequelize, tableName: "material_versions", modelName: "MaterialVersion", timestamps: false },
    );
  }
}
