import type { Sequelize } from "sequelize";
import { AuditEvent as AuditEventBase } from "./AuditEvent";
import { PreviewRound as PreviewRoundBase } from "./PreviewRound";
import { RoundDecision as RoundDecisionBase } from "./RoundDecision";
import { Escalation as EscalationBase } from "./Escalation";
import { EscalationAssignee as EscalationAssigneeBase } from "./EscalationAssignee";
import { EscalationProposal as EscalationProposalBase } from "./EscalationProposal";
import { EscalationMessage as EscalationMessageBase } from "./EscalationMessage";
import { OutboxMessage as OutboxMessageBase } from "./OutboxMessage";
import { Notification as NotificationBase } from "./Notification";
import { Holiday as HolidayBase } from "./Holiday";
import { AppSetting as AppSettingBase } from "./AppSetting";
import { Comment as CommentBase } from "./Comment";
import { Material as MaterialBase } from "./Material";
import { MaterialTeam as MaterialTeamBase } from "./MaterialTeam";
import { MaterialVersion as MaterialVersionBase } from "./MaterialVersion";
import { LoginFailure as LoginFailureBase } from "./LoginFailure";
import { PasswordToken as PasswordTokenBase } from "./PasswordToken";
import { SalesTeam as SalesTeamBase } from "./SalesTeam";
import { Session as SessionBase } from "./Session";
import { TeamMembership as TeamMembershipBase } from "./TeamMembership";
import { User as UserBase } from "./User";
import { PrePlan as PrePlanBase } from "./PrePlan";
import { LeadStrategy as LeadStrategyBase } from "./LeadStrategy";
import { PlanDeviation as PlanDeviationBase } from "./PlanDeviation";
import { CalendarToken as CalendarTokenBase } from "./CalendarToken";
import { TrustedDevice as TrustedDeviceBase } from "./TrustedDevice";
import { Sweeper as SweeperBase } from "./Sweeper";
import { NotificationPreference as NotificationPreferenceBase } from "./NotificationPreference";
import { DigestItem as DigestItemBase } from "./DigestItem";
import { UsageEvent as UsageEventBase } from "./UsageEvent";
import { UsageDaily as UsageDailyBase } from "./UsageDaily";
import { CustomerSegment as CustomerSegmentBase } from "./CustomerSegment";
import { FieldFeedback as FieldFeedbackBase } from "./FieldFeedback";
import { FeedbackReply as FeedbackReplyBase } from "./FeedbackReply";
import { MaterialRequest as MaterialRequestBase } from "./MaterialRequest";

export {
  AuditEventBase as AuditEvent,
  PreviewRoundBase as PreviewRound,
  RoundDecisionBase as RoundDecision,
  EscalationBase as Escalation,
  EscalationAssigneeBase as EscalationAssignee,
  EscalationProposalBase as EscalationProposal,
  EscalationMessageBase as EscalationMessage,
  OutboxMessageBase as OutboxMessage,
  NotificationBase as Notification,
  HolidayBase as Holiday,
  AppSettingBase as AppSetting,
  CommentBase as Comment,
  MaterialBase as Material,
  MaterialTeamBase as MaterialTeam,
  MaterialVersionBase as MaterialVersion,
  LoginFailureBase as LoginFailure,
  PasswordTokenBase as PasswordToken,
  SalesTeamBase as SalesTeam,
  SessionBase as Session,
  TeamMembershipBase as TeamMembership,
  UserBase as User,
  PrePlanBase as PrePlan,
  LeadStrategyBase as LeadStrategy,
  PlanDeviationBase as PlanDeviation,
  CalendarTokenBase as CalendarToken,
  TrustedDeviceBase as TrustedDevice,
  SweeperBase as Sweeper,
  NotificationPreferenceBase as NotificationPreference,
  DigestItemBase as DigestItem,
  UsageEventBase as UsageEvent,
  UsageDailyBase as UsageDaily,
  CustomerSegmentBase as CustomerSegment,
  FieldFeedbackBase as FieldFeedback,
  FeedbackReplyBase as FeedbackReply,
  MaterialRequestBase as MaterialRequest,
};

export interface Models {
  User: typeof UserBase;
  SalesTeam: typeof SalesTeamBase;
  TeamMembership: typeof TeamMembershipBase;
  Session: typeof SessionBase;
  PasswordToken: typeof PasswordTokenBase;
  LoginFailure: typeof LoginFailureBase;
  AuditEvent: typeof AuditEventBase;
  Material: typeof MaterialBase;
  MaterialTeam: typeof MaterialTeamBase;
  MaterialVersion: typeof MaterialVersionBase;
  Comment: typeof CommentBase;
  PreviewRound: typeof PreviewRoundBase;
  RoundDecision: typeof RoundDecisionBase;
  Escalation: typeof EscalationBase;
  EscalationAssignee: typeof EscalationAssigneeBase;
  EscalationProposal: typeof EscalationProposalBase;
  EscalationMessage: typeof EscalationMessageBase;
  OutboxMessage: typeof OutboxMessageBase;
  Notification: typeof NotificationBase;
  Holiday: typeof HolidayBase;
  AppSetting: typeof AppSettingBase;
  PrePlan: typeof PrePlanBase;
  LeadStrategy: typeof LeadStrategyBase;
  PlanDeviation: typeof PlanDeviationBase;
  CalendarToken: typeof CalendarTokenBase;
  TrustedDevice: typeof TrustedDeviceBase;
  Sweeper: typeof SweeperBase;
  NotificationPreference: typeof NotificationPreferenceBase;
  DigestItem: typeof DigestItemBase;
  UsageEvent: typeof UsageEventBase;
  UsageDaily: typeof UsageDailyBase;
  CustomerSegment: typeof CustomerSegmentBase;
  FieldFeedback: typeof FieldFeedbackBase;
  FeedbackReply: typeof FeedbackReplyBase;
  MaterialRequest: typeof MaterialRequestBase;
}

/**
 * Binds the model classes to a Sequelize instance and wires the associations.
 * The schema itself comes only from migrations/.
 */
export function initModels(sequelize: Sequelize): Models {
  // Each database handle gets its own model subclasses, so opening a second handle (a
  // second pool, or a test standing in for another process) never rebinds the first.
  const scoped = <T extends { initModel(sequelize: Sequelize): void }>(base: T): T => {
    const Scoped = class extends (base as unknown as new () => object) {} as unknown as T;
    Scoped.initModel(sequelize);
    return Scoped;
  };
  const User = scoped(UserBase);
  const SalesTeam = scoped(SalesTeamBase);
  const TeamMembership = scoped(TeamMembershipBase);
  const Session = scoped(SessionBase);
  const PasswordToken = scoped(PasswordTokenBase);
  const LoginFailure = scoped(LoginFailureBase);
  const AuditEvent = scoped(AuditEventBase);
  const Material = scoped(MaterialBase);
  const MaterialTeam = scoped(MaterialTeamBase);
  const MaterialVersion = scoped(MaterialVersionBase);
  const Comment = scoped(CommentBase);
  const PreviewRound = scoped(PreviewRoundBase);
  const RoundDecision = scoped(RoundDecisionBase);
  const Escalation = scoped(EscalationBase);
  const EscalationAssignee = scoped(EscalationAssigneeBase);
  const EscalationProposal = scoped(EscalationProposalBase);
  const EscalationMessage = scoped(EscalationMessageBase);
  const OutboxMessage = scoped(OutboxMessageBase);
  const Notification = scoped(NotificationBase);
  const Holiday = scoped(HolidayBase);
  const AppSetting = scoped(AppSettingBase);
  const PrePlan = scoped(PrePlanBase);
  const LeadStrategy = scoped(LeadStrategyBase);
  const PlanDeviation = scoped(PlanDeviationBase);
  const CalendarToken = scoped(CalendarTokenBase);
  const TrustedDevice = scoped(TrustedDeviceBase);
  const Sweeper = scoped(SweeperBase);
  const NotificationPreference = scoped(NotificationPreferenceBase);
  const DigestItem = scoped(DigestItemBase);
  const UsageEvent = scoped(UsageEventBase);
  const UsageDaily = scoped(UsageDailyBase);
  const CustomerSegment = scoped(CustomerSegmentBase);
  const FieldFeedback = scoped(FieldFeedbackBase);
  const FeedbackReply = scoped(FeedbackReplyBase);
  const MaterialRequest = scoped(MaterialRequestBase);

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
  RoundDecision.belongsTo(PreviewRound, { as: "round", foreignKey: "roundId" });
  Escalation.belongsTo(Comment, { as: "comment", foreignKey: "commentId" });
  Escalation.hasMany(EscalationAssignee, { as: "assignees", foreignKey: "escalationId" });
  EscalationAssignee.belongsTo(User, { as: "user", foreignKey: "userId" });
  Escalation.hasMany(EscalationProposal, { as: "proposals", foreignKey: "escalationId" });
  EscalationMessage.belongsTo(User, { as: "author", foreignKey: "authorId" });
  PrePlan.belongsTo(SalesTeam, { as: "team", foreignKey: "teamId" });
  PrePlan.hasMany(LeadStrategy, { as: "strategies", foreignKey: "prePlanId" });
  LeadStrategy.belongsTo(User, { as: "owner", foreignKey: "ownerId" });
  FieldFeedback.belongsTo(User, { as: "author", foreignKey: "authorId" });
  FieldFeedback.belongsTo(CustomerSegment, { as: "segment", foreignKey: "segmentId" });
  FieldFeedback.belongsTo(Material, { as: "material", foreignKey: "materialId" });
  FieldFeedback.hasMany(FeedbackReply, { as: "replies", foreignKey: "feedbackId" });
  FeedbackReply.belongsTo(User, { as: "author", foreignKey: "authorId" });
  MaterialRequest.belongsTo(User, { as: "requester", foreignKey: "requesterId" });
  MaterialRequest.belongsTo(SalesTeam, { as: "team", foreignKey: "teamId" });
  MaterialRequest.belongsTo(Material, { as: "answeredMaterial", foreignKey: "answeredMaterialId" });

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
    EscalationProposal,
    EscalationMessage,
    OutboxMessage,
    Notification,
    Holiday,
    AppSetting,
    PrePlan,
    LeadStrategy,
    PlanDeviation,
    CalendarToken,
    TrustedDevice,
    Sweeper,
    NotificationPreference,
    DigestItem,
    UsageEvent,
    UsageDaily,
    CustomerSegment,
    FieldFeedback,
    FeedbackReply,
    MaterialRequest,
  };
}
