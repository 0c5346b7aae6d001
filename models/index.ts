import type { Sequelize } from "sequelize";
import { AuditEvent } from "./AuditEvent";
import { PreviewRound } from "./PreviewRound";
import { RoundDecision } from "./RoundDecision";
import { Escalation } from "./Escalation";
import { EscalationAssignee } from "./EscalationAssignee";
import { OutboxMessage } from "./OutboxMessage";
import { Notification } from "./Notification";
import { Holiday } from "./Holiday";
import { AppSetting } from "./AppSetting";
import { Comment } from "./Comment";
import { Material } from "./Material";
import { MaterialTeam } from "./MaterialTeam";
import { MaterialVersion } from "./MaterialVersion";
import { LoginFailure } from "./LoginFailure";
import { PasswordToken } from "./PasswordToken";
import { SalesTeam } from "./SalesTeam";
import { Session } from "./Session";
import { TeamMembership } from "./TeamMembership";
import { User } from "./User";

export {
  PreviewRound,
  RoundDecision,
  Escalation,
  EscalationAssignee,
  OutboxMessage,
  Notification,
  Holiday,
  AppSetting,
  AuditEvent, Comment, Material, MaterialTeam, MaterialVersion, LoginFailure, PasswordToken, SalesTeam, Session, TeamMembership, User };

export interface Models {
  User: typeof User;
  SalesTeam: typeof SalesTeam;
  TeamMembership: typeof TeamMembership;
  Session: typeof Session;
  PasswordToken: typeof PasswordToken;
  LoginFailure: typeof LoginFailure;
  AuditEvent: typeof AuditEvent;
  Material: typeof Material;
  MaterialTeam: typeof MaterialTeam;
  MaterialVersion: typeof MaterialVersion;
  Comment: typeof Comment;
  PreviewRound: typeof PreviewRound;
  RoundDecision: typeof RoundDecision;
  Escalation: typeof Escalation;
  EscalationAssignee: typeof EscalationAssignee;
  OutboxMessage: typeof OutboxMessage;
  Notification: typeof Notification;
  Holiday: typeof Holiday;
  AppSetting: typeof AppSetting;
}

/**
 * Binds the model classes to a Sequelize instance and wires the associations.
 * The schema itself comes only from migrations/.
 */
export function initModels(sequelize: Sequelize): Models {
  User.initModel(sequelize);
  SalesTeam.initModel(sequelize);
  TeamMembership.initModel(sequelize);
  Session.initModel(sequelize);
  PasswordToken.initModel(sequelize);
  LoginFailure.initModel(sequelize);
  AuditEvent.initModel(sequelize);
  Material.initModel(sequelize);
  MaterialTeam.initModel(sequelize);
  MaterialVersion.initModel(sequelize);
  Comment.initModel(sequelize);
  PreviewRound.initModel(sequelize);
  RoundDecision.initModel(sequelize);
  Escalation.initModel(sequelize);
  EscalationAssignee.initModel(sequelize);
  OutboxMessage.initModel(sequelize);
  Notification.initModel(sequelize);
  Holiday.initModel(sequelize);
  AppSetting.initModel(sequelize);

  User.belongsTo(User, { as: "manager", foreignKey: "reportsToId" });
  User.hasMany(User, { as: "reports", foreignKey: "reportsToId" });
  User.hasMany(TeamMembership, { as: "memberships", foreignKey: "userId" });
  SalesTeam.belongsTo(User, { as: "salesManager", foreignKey: "salesManagerId" });
  SalesTeam.hasMany(TeamMembership, { as: "memberships", foreignKey: "teamId" });
  TeamMembership.belongsTo(User, { as: "user", foreignKey: "userId" });
  TeamMembership.belongsTo(SalesTeam, { as: "team", foreignKey: "teamId" });
  Session.belongsTo(User, { as: "user", foreignKey: "userId" });
  AuditEvent.belongsTo(User, { as: "actor", foreignKey: "actorId" });
  Material.belongsTo(User, { as: "owner", foreignKey: "ownerId" });
  Material.hasMany(MaterialTeam, { as: "targets", foreignKey: "materialId" });
  Material.hasMany(MaterialVersion, { as: "versions", foreignKey: "materialId" });
  MaterialTeam.belongsTo(SalesTeam, { as: "team", foreignKey: "teamId" });
  MaterialVersion.belongsTo(User, { as: "uploadedBy", foreignKey: "uploadedById" });
  Comment.belongsTo(User, { as: "author", foreignKey: "authorId" });
  Comment.belongsTo(User, { as: "answeredBy", foreignKey: "answeredById" });
  PreviewRound.belongsTo(SalesTeam, { as: "team", foreignKey: "teamId" });
  PreviewRound.belongsTo(MaterialVersion, { as: "version", foreignKey: "versionId" });
  PreviewRound.hasMany(RoundDecision, { as: "decisions", foreignKey: "roundId" });
  RoundDecision.belongsTo(User, { as: "user", foreignKey: "userId" });
  Escalation.belongsTo(Comment, { as: "comment", foreignKey: "commentId" });
  Escalation.hasMany(EscalationAssignee, { as: "assignees", foreignKey: "escalationId" });
  EscalationAssignee.belongsTo(User, { as: "user", foreignKey: "userId" });

  return {
    User,
    SalesTeam,
    TeamMembership,
    Session,
    PasswordToken,
    LoginFailure,
    AuditEvent,
    Material,
    MaterialTeam,
    MaterialVersion,
    Comment,
    PreviewRound,
    RoundDecision,
    Escalation,
    EscalationAssignee,
    OutboxMessage,
    Notification,
    Holiday,
    AppSetting,
  };
}
