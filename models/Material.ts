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
import type { MaterialKind, MaterialStatus } from "../app/domain/materials";
import type { MaterialTeam } from "./MaterialTeam";
import type { MaterialVersion } from "./MaterialVersion";
import type { User } from "./User";

export class Material extends Model<InferAttributes<Material>, InferCreationAttributes<Material>> {
  declare id: CreationOptional<number>;
  declare title: string;
  declare kind: MaterialKind;
  declare description: CreationOptional<string>;
  declare ownerId: ForeignKey<number>;
  declare status: CreationOptional<MaterialStatus>;
  /** For an annual plan: the pre-plan it is measured against. */
  declare prePlanId: CreationOptional<ForeignKey<number> | null>;
  /** The version the sales teams have: the last one released. A newer one may be in preview. */
  declare releasedVersionId: CreationOptional<number | null>;
  declare releasedAt: CreationOptional<Date | null>;
  /** Archived: out of the library, still readable by those who could see it. */
  declare archivedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  declare owner?: NonAttribute<User>;
  declare targets?: NonAttribute<MaterialTeam[]>;
  declare versions?: NonAttribute<MaterialVersion[]>;

  static initModel(sequelize: Sequelize) {
    this.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        title: { type: DataTypes.STRING(200), allowNull: false },
        kind: { type: DataTypes.STRING(16), allowNull: false },
        description: { type: DataTypes.TEXT, allowNull: false, defaultValue: "" },
        ownerId: { type: DataTypes.INTEGER, allowNull: false },
        status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: "draft" },
        prePlanId: { type: DataTypes.INTEGER, allowNull: true },
        releasedVersionId: { type: DataTypes.INTEGER, allowNull: true },
        releasedAt: { type: DataTypes.DATE, allowNull: true },
        archivedAt: { type: DataTypes.DATE, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: "materials", modelName: "Material" },
    );
  }
}
