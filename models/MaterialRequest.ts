import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from "sequelize";
import type { AnswerKind, RequestState } from "../app/domain/requests";

/** A rep's request to marketing for material that does not exist yet. */
export class MaterialRequest extends Model<InferAttributes<MaterialRequest>, InferCreationAttributes<MaterialRequest>> {
  declare id: CreationOptional<number>;
  declare requesterId: number;
  /** The requester's sales team when they asked. */
  declare teamId: number;
  /** What is needed. */
  declare need: string;
  /** For which customers. */
  declare customers: string;
  /** By when (YYYY-MM-DD, the requester's calendar day). */
  declare neededBy: string;
  declare details: CreationOptional<string | null>;
  /** The rep's own version, attached as an example: a storage key and what was uploaded. */
  declare exampleKey: CreationOptional<string | null>;
  declare exampleName: CreationOptional<string | null>;
  declare exampleMime: CreationOptional<string | null>;
  declare exampleSize: CreationOptional<number | null>;
  declare state: CreationOptional<RequestState>;
  declare declineReason: CreationOptional<string | null>;
  declare answeredMaterialId: CreationOptional<number | null>;
  declare answerKind: CreationOptional<AnswerKind | null>;
  /** The marketer who last accepted, declined or answered it. */
  declare handledById: CreationOptional<number | null>;
  declare acceptedAt: CreationOptional<Date | null>;
  declare answeredAt: CreationOptional<Date | null>;
  declare declinedAt: CreationOptional<Date | null>;
  /** When the requester heard that the linked material was released. */
  declare releaseToldAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    this.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        requesterId: { type: DataTypes.INTEGER, allowNull: false },
        teamId: { type: DataTypes.INTEGER, allowNull: false },
        need: { type: DataTypes.STRING(200), allowNull: false },
        customers: { type: DataTypes.STRING(500), allowNull: false },
        neededBy: { type: DataTypes.STRING(10), allowNull: false },
        details: { type: DataTypes.TEXT, allowNull: true },
        exampleKey: { type: DataTypes.STRING(255), allowNull: true },
        exampleName: { type: DataTypes.STRING(255), allowNull: true },
        exampleMime: { type: DataTypes.STRING(100), allowNull: true },
        exampleSize: { type: DataTypes.INTEGER, allowNull: true },
        state: { type: DataTypes.STRING(16), allowNull: false, defaultValue: "open" },
        declineReason: { type: DataTypes.TEXT, allowNull: true },
        answeredMaterialId: { type: DataTypes.INTEGER, allowNull: true },
        answerKind: { type: DataTypes.STRING(16), allowNull: true },
        handledById: { type: DataTypes.INTEGER, allowNull: true },
        acceptedAt: { type: DataTypes.DATE, allowNull: true },
        answeredAt: { type: DataTypes.DATE, allowNull: true },
        declinedAt: { type: DataTypes.DATE, allowNull: true },
        releaseToldAt: { type: DataTypes.DATE, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: "material_requests", modelName: "MaterialRequest" },
    );
  }
}
