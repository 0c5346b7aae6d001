import {
  DataTypes,
  Model,
  type CreationOptional,
  type ForeignKey,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from "sequelize";
import type { EscalationDecision } from "./Escalation";

/**
 * One manager's proposed decision on an escalation addressed to two people. Another
 * addressed manager agrees (the decision is made) or counter-proposes (this one is
 * superseded). Proposals made at a lower level stay as history when it moves up.
 */
export class EscalationProposal extends Model<InferAttributes<EscalationProposal>, InferCreationAttributes<EscalationProposal>> {
  declare id: CreationOptional<number>;
  declare escalationId: ForeignKey<number>;
  declare level: number;
  declare proposedById: ForeignKey<number>;
  declare decision: EscalationDecision;
  declare note: string | null;
  declare state: "open" | "agreed" | "superseded";
  declare answeredById: CreationOptional<ForeignKey<number> | null>;
  declare answeredAt: CreationOptional<Date | null>;
  declare createdAt: Date;

  static initModel(sequelize: Sequelize) {
    this.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        escalationId: { type: DataTypes.INTEGER, allowNull: false },
        level: { type: DataTypes.INTEGER, allowNull: false },
        proposedById: { type: DataTypes.INTEGER, allowNull: false },
        decision: { type: DataTypes.STRING(16), allowNull: false },
        note: { type: DataTypes.TEXT, allowNull: true },
        state: { type: DataTypes.STRING(16), allowNull: false },
        answeredById: { type: DataTypes.INTEGER, allowNull: true },
        answeredAt: { type: DataTypes.DATE, allowNull: true },
        createdAt: { type: DataTypes.DATE, allowNull: false },
      },
      { sequelize, tableName: "escalation_proposals", modelName: "EscalationProposal", timestamps: false },
    );
  }
}
