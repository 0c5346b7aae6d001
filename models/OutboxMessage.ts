import {
  DataTypes,
  Model,
  type CreationOptional,
  type ForeignKey,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from "sequelize";
/** An email, written in the same transaction as the change that caused it, delivered later. */
export class OutboxMessage extends Model<InferAttributes<OutboxMessage>, InferCreationAttributes<OutboxMessage>> {
  declare id: CreationOptional<number>;
  declare userId: ForeignKey<number> | null;
  declare toEmail: string;
  declare kind: string;
  declare subject: string;
  declare text: string;
  declare html: string;
  declare state: "pending" | "sent" | "failed";
  declare attempts: CreationOptional<number>;
  declare nextAttemptAt: Date;
  declare lastError: CreationOptional<string | null>;
  declare sentAt: CreationOptional<Date | null>;
  declare createdAt: Date;
  /** A set-password email: the link's token row; the link itself is minted when the email is sent. */
  declare passwordTokenId: CreationOptional<string | null>;
  /** Extra mail headers (a JSON object of name → value), such as the Reply-To of an email about a thread. */
  declare headers: CreationOptional<string | null>;

  static initModel(sequelize: Sequelize) {
    this.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        userId: { type: DataTypes.INTEGER, allowNull: true },
        toEmail: { type: DataTypes.STRING(254), allowNull: false },
        kind: { type: DataTypes.STRING(32), allowNull: false },
        subject: { type: DataTypes.STRING(255), allowNull: false },
        text: { type: DataTypes.TEXT, allowNull: false },
        html: { type: DataTypes.TEXT, allowNull: false },
        state: { type: DataTypes.STRING(16), allowNull: false },
        attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        nextAttemptAt: { type: DataTypes.DATE, allowNull: false },
        lastError: { type: DataTypes.TEXT, allowNull: true },
        sentAt: { type: DataTypes.DATE, allowNull: true },
        createdAt: { type: DataTypes.DATE, allowNull: false },
        passwordTokenId: { type: DataTypes.STRING(64), allowNull: true },
        headers: { type: DataTypes.TEXT, allowNull: true },
      },
      { sequelize, tableName: "outbox_messages", modelName: "OutboxMessage", timestamps: false },
    );
  }
}
