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
import type { Comment } from "./Comment";
import type { EscalationAssignee } from "./EscalationAssignee";
import type { EscalationProposal } from "./EscalationProposal";

export type EscalationDecision = "uphold" | "overrule" | "compromise";

/** A dispute put before managers, one level of the chain of command at a time. */
export class Escalation extends Model<InferAttributes<Escalation>, InferCreationAttributes<Escalation>> {
  declare id: CreationOptional<number>;
  declare commentId: ForeignKey<number>;
  declare materialId: ForeignKey<number>;
  declare roundId: ForeignKey<number> | null;
  declare level: number;
  declare state: "open" | "decided" | "withdrawn";
  declare decideBy: Date;
  declare overdue: CreationOptional<boolean>;
  declare decision: CreationOptional<EscalationDecision | null>;
  declare note: CreationOptional<string | null>;
  declare decidedById: ForeignKey<number> | null;
  declare decidedAt: CreationOptional<Date | null>;
  declare createdAt: Date;

  declare comment?: NonAttribute<Comment>;
  declare assignees?: NonAttribute<EscalationAssignee[]>;
  declare proposals?: NonAttribute<EscalationProposal[]>;

  static initModel(sequelize: Sequelize) {
    this.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        commentId: { type: DataTypes.INTEGER, allowNull: false },
        materialId: { type: DataTypes.INTEGER, allowNull: false },
        roundId: { type: DataTypes.INTEGER, allowNull: true },
        level: { type: DataTypes.INTEGER, allowNull: false },
        state: { type: DataTypes.STRING(16), allowNull: false },
        decideBy: { type: DataTypes.DATE, allowNull: false },
        overdue: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        decision: { type: DataTypes.STRING(16), allowNull: true },
        note: { type: DataTypes.TEXT, allowNull: true },
        decidedById: { type: DataTypes.INTEGER, allowNull: true },
        decidedAt: { type: DataTypes.DATE, allowNull: true },
        createdAt: { type: DataTypes.DATE, allowNull: false },
      },
      { sequelize, tableName: "escalations", modelName: "Escalation", timestamps: false },
    );
  }
}
