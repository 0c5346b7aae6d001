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
import type { LeadStrategy } from "./LeadStrategy";
import type { SalesTeam } from "./SalesTeam";

/**
 * What the marketing head and a sales team's manager agree before the annual plan: goals,
 * SMART lead strategies, the creative reviewers, the presentation date and the
 * controversial items. Agreed when both have confirmed.
 */
export class PrePlan extends Model<InferAttributes<PrePlan>, InferCreationAttributes<PrePlan>> {
  declare id: CreationOptional<number>;
  declare teamId: ForeignKey<number>;
  declare year: number;
  declare salesGoals: string;
  declare marketingGoals: string;
  declare reviewer1Id: ForeignKey<number>;
  declare reviewer2Id: ForeignKey<number> | null;
  declare presentationDate: string;
  declare strategiesWithoutSales: string;
  declare prospectProfile: string;
  declare prospectProfileWhy: string;
  declare tacticChanges: string;
  declare marketingConfirmedById: CreationOptional<ForeignKey<number> | null>;
  declare marketingConfirmedAt: CreationOptional<Date | null>;
  declare salesConfirmedById: CreationOptional<ForeignKey<number> | null>;
  declare salesConfirmedAt: CreationOptional<Date | null>;
  declare createdById: ForeignKey<number>;
  declare createdAt: Date;
  declare updatedAt: Date;

  declare team?: NonAttribute<SalesTeam>;
  declare strategies?: NonAttribute<LeadStrategy[]>;

  get agreed(): NonAttribute<boolean> {
    return this.marketingConfirmedAt != null && this.salesConfirmedAt != null;
  }

  static initModel(sequelize: Sequelize) {
    this.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        teamId: { type: DataTypes.INTEGER, allowNull: false },
        year: { type: DataTypes.INTEGER, allowNull: false },
        salesGoals: { type: DataTypes.TEXT, allowNull: false },
        marketingGoals: { type: DataTypes.TEXT, allowNull: false },
        reviewer1Id: { type: DataTypes.INTEGER, allowNull: false },
        reviewer2Id: { type: DataTypes.INTEGER, allowNull: true },
        presentationDate: { type: DataTypes.STRING(10), allowNull: false },
        strategiesWithoutSales: { type: DataTypes.TEXT, allowNull: false },
        prospectProfile: { type: DataTypes.TEXT, allowNull: false },
        prospectProfileWhy: { type: DataTypes.TEXT, allowNull: false },
        tacticChanges: { type: DataTypes.TEXT, allowNull: false },
        marketingConfirmedById: { type: DataTypes.INTEGER, allowNull: true },
        marketingConfirmedAt: { type: DataTypes.DATE, allowNull: true },
        salesConfirmedById: { type: DataTypes.INTEGER, allowNull: true },
        salesConfirmedAt: { type: DataTypes.DATE, allowNull: true },
        createdById: { type: DataTypes.INTEGER, allowNull: false },
        createdAt: { type: DataTypes.DATE, allowNull: false },
        updatedAt: { type: DataTypes.DATE, allowNull: false },
      },
      { sequelize, tableName: "pre_plans", modelName: "PrePlan", timestamps: false },
    );
  }
}
