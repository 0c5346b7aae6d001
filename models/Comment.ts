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
import type { CommentCategory, CommentKind, CommentState } from "../app/domain/materials";
import type { User } from "./User";

/**
 * A comment on a version: pinned to a page and a point (x, y as fractions of the page), to
 * an area (x, y its top-left corner, w, h its size, all fractions of the page), or on the
 * whole document (page null). A reply has a parent and no category or state.
 */
export class Comment extends Model<InferAttributes<Comment>, InferCreationAttributes<Comment>> {
  declare id: CreationOptional<number>;
  declare materialId: ForeignKey<number>;
  declare versionId: ForeignKey<number>;
  declare parentId: ForeignKey<number> | null;
  declare authorId: ForeignKey<number>;
  declare page: number | null;
  declare x: number | null;
  declare y: number | null;
  declare w: CreationOptional<number | null>;
  declare h: CreationOptional<number | null>;
  declare category: CommentCategory | null;
  declare body: string;
  declare state: CommentState | null;
  /** A pinned comment, or a committee's objection that marketing asked to release over. */
  declare kind: CreationOptional<CommentKind>;
  /** A decision carried to a later version: ticked off as done there, or reopened (as the comment that follows it). */
  declare checkState: CreationOptional<"done" | "reopened" | null>;
  declare checkedAt: CreationOptional<Date | null>;
  declare checkedById: CreationOptional<number | null>;
  /** The earlier comment this one reopens. */
  declare followsId: CreationOptional<number | null>;
  declare declineReason: CreationOptional<string | null>;
  declare answeredById: ForeignKey<number> | null;
  declare answeredAt: CreationOptional<Date | null>;
  declare settledAt: CreationOptional<Date | null>;
  declare roundId: CreationOptional<ForeignKey<number> | null>;
  /** For a decline made after its round closed: when it escalates if still disputed. */
  declare escalateAt: CreationOptional<Date | null>;
  declare escalatedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  declare author?: NonAttribute<User>;
  declare answeredBy?: NonAttribute<User | null>;

  static initModel(sequelize: Sequelize) {
    this.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        materialId: { type: DataTypes.INTEGER, allowNull: false },
        versionId: { type: DataTypes.INTEGER, allowNull: false },
        parentId: { type: DataTypes.INTEGER, allowNull: true },
        authorId: { type: DataTypes.INTEGER, allowNull: false },
        page: { type: DataTypes.INTEGER, allowNull: true },
        x: { type: DataTypes.DOUBLE, allowNull: true },
        y: { type: DataTypes.DOUBLE, allowNull: true },
        w: { type: DataTypes.DOUBLE, allowNull: true },
        h: { type: DataTypes.DOUBLE, allowNull: true },
        category: { type: DataTypes.STRING(32), allowNull: true },
        body: { type: DataTypes.TEXT, allowNull: false },
        state: { type: DataTypes.STRING(16), allowNull: true },
        kind: { type: DataTypes.STRING(16), allowNull: false, defaultValue: "comment" },
        checkState: { type: DataTypes.STRING(16), allowNull: true },
        checkedAt: { type: DataTypes.DATE, allowNull: true },
        checkedById: { type: DataTypes.INTEGER, allowNull: true },
        followsId: { type: DataTypes.INTEGER, allowNull: true },
        declineReason: { type: DataTypes.TEXT, allowNull: true },
        answeredById: { type: DataTypes.INTEGER, allowNull: true },
        answeredAt: { type: DataTypes.DATE, allowNull: true },
        settledAt: { type: DataTypes.DATE, allowNull: true },
        roundId: { type: DataTypes.INTEGER, allowNull: true },
        escalateAt: { type: DataTypes.DATE, allowNull: true },
        escalatedAt: { type: DataTypes.DATE, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: "comments", modelName: "Comment" },
    );
  }
}
