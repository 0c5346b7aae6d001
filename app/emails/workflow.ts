/**
 * The workflow's emails: one template per event kind, worded for the person reading it.
 * Use cases decide who is told (the domain's notices); these decide what they read.
 */
import type { EmailContent } from "../lib/email.server";
import { formatDeadline } from "../domain/business-time";
import { COMMENT_CATEGORY_LABELS, type CommentCategory } from "../domain/materials";
import { DECISION_LABELS, OBJECTION_DECISION_LABELS, type EscalationDecision, type NoticeKind } from "../domain/workflow";

export interface Reader {
  id: number;
  name: string;
  timeZone: string;
}

/** What a workflow email may speak of; each template reads the parts its kind has. */
export interface WorkflowEmailFacts {
  material: { id: number; title: string };
  team?: string;
  comment?: { body: string; page: number | null; category: CommentCategory | null; kind: "comment" | "objection"; declineReason: string | null };
  commenter?: string;
  marketer?: string;
  actor?: string;
  escalation?: { id: number; decideBy: Date; level: number };
  decision?: { decision: EscalationDecision; note: string | null };
  round?: { reason?: "all_decided" | "deadline"; lines?: string[]; dueAt?: Date };
  release?: { version: number; lines: string[] };
  /** The version a preview is of. */
  version?: number;
  /** How an escalation ended without a decision: the commenter withdrew, or marketing accepted after all. */
  ended?: "withdrawn" | "accepted";
  /** The thread a notice is about: its first comment, and the reply or message just written. */
  post?: { commentId?: number; text?: string; isReply?: boolean; where?: "comment" | "reply" | "discussion" };
  /** A committee member's decision. */
  member?: { name: string; decision: string; summary: string | null };
  /** A pre-plan or annual plan. */
  plan?: { teamId: number; team: string; year: number; presentationDate?: string; dueAt?: Date };
  /** Comments to check on a new version. */
  checks?: { version: number; comments: string[] };
  /** Feedback from the field: how it went, in words, and what the rep wrote. */
  feedback?: { id: number; outcome: string; segment: string; page: number | null; body: string; author: string };
  /** A request for material from the field (`material` is the one linked to it, if any). */
  request?: { id: number; need: string; customers: string; neededBy: string; requester: string; team: string; declineReason?: string | null; answerKind?: "existing" | "new" | null };
}

type Template = (f: WorkflowEmailFacts, reader: Reader) => EmailContent;

const materialLink = (f: WorkflowEmailFacts) => `/materials/${f.material.id}`;
const threadLink = (f: WorkflowEmailFacts) => (f.post?.commentId ? `/materials/${f.material.id}#comment-${f.post.commentId}` : materialLink(f));
const planLink = (f: WorkflowEmailFacts) => `/plans/${f.plan!.teamId}/${f.plan!.year}`;
const quote = (text: string | undefined) => `“${(text ?? "").length > 300 ? `${(text ?? "").slice(0, 299)}…` : (text ?? "")}”`;
const feedbackLink = (f: WorkflowEmailFacts) => `/materials/${f.material.id}#feedback-${f.feedback!.id}`;
const feedbackLine = (f: WorkflowEmailFacts) =>
  `${f.feedback!.author} (${f.feedback!.segment}${f.feedback!.page ? `, page ${f.feedback!.page}` : ""}): ${f.feedback!.outcome}. ${quote(f.feedback!.body)}`;
const escalationLink = (f: WorkflowEmailFacts) => `/escalations/${f.escalation!.id}`;
const labels = (f: WorkflowEmailFacts) => (f.comment?.kind === "objection" ? OBJECTION_DECISION_LABELS : DECISION_LABELS);

function briefLines(f: WorkflowEmailFacts): string[] {
  const c = f.comment!;
  if (c.kind === "objection") {
    return [`The committee's objection to releasing "${f.material.title}":`, c.body, `Marketing's reason to release anyway (${f.marketer ?? "marketing"}): ${c.declineReason ?? ""}`];
  }
  return [
    `Comment (${COMMENT_CATEGORY_LABELS[c.category ?? "other"]}, ${c.page ? `page ${c.page}` : "whole document"}) by ${f.commenter ?? "a committee member"}: ${c.body}`,
    c.declineReason ? `Marketing's reason (${f.marketer ?? "marketing"}): ${c.declineReason}` : `Marketing (${f.marketer ?? "the material's owner"}) did not answer it in time.`,
  ];
}

const askToDecide = (f: WorkflowEmailFacts, reader: Reader) =>
  `Please decide by ${formatDeadline(f.escalation!.decideBy, reader.timeZone)}: uphold the ${f.comment?.kind === "objection" ? "objection (not released)" : "comment (marketing changes it)"}, overrule it (${f.comment?.kind === "objection" ? "released as is" : "proceed as is"}), or write a compromise. If two of you are addressed, one proposes and the other agrees.`;

const requestLink = (f: WorkflowEmailFacts) => `/requests/${f.request!.id}`;
const requestAbout = (f: WorkflowEmailFacts) => `${f.request?.requester ?? "A rep"} (${f.request?.team ?? ""}) asked for ${quote(f.request?.need)} for ${f.request?.customers ?? ""}, needed by ${f.request?.neededBy ?? ""}.`;

export const WORKFLOW_EMAILS: Record<NoticeKind, Template> = {
  comment_posted: (f, reader) => ({
    subject: f.post?.isReply ? `${f.actor ?? "Someone"} replied on "${f.material.title}"` : `New comment on "${f.material.title}"`,
    lines: [
      f.post?.isReply
        ? `${f.actor ?? "Someone"} replied in a thread on "${f.material.title}": ${quote(f.post?.text)}`
        : `${f.actor ?? "A committee member"} commented on "${f.material.title}"${f.comment?.page ? ` (page ${f.comment.page})` : ""}: ${quote(f.post?.text)}`,
      f.post?.isReply
        ? "Reply in the thread if you have something to add."
        : `Marketing answers it: accept it, or decline it with a reason${f.round?.dueAt ? `, by ${formatDeadline(f.round.dueAt, reader.timeZone)} when the preview closes` : ""}. A comment still unanswered one business day after the preview closes goes to the managers.`,
    ],
    link: threadLink(f),
    linkLabel: "Open the thread",
  }),
  mentioned: (f) => ({
    subject: `${f.actor ?? "Someone"} mentioned you on "${f.material.title}"`,
    lines: [
      `${f.actor ?? "Someone"} mentioned you in ${f.post?.where === "discussion" ? "an escalation's discussion" : f.post?.where === "reply" ? "a reply" : "a comment"} on "${f.material.title}": ${quote(f.post?.text)}`,
      "Read it and answer there if it needs you.",
    ],
    link: f.post?.where === "discussion" && f.escalation ? escalationLink(f) : threadLink(f),
    linkLabel: f.post?.where === "discussion" ? "Open the discussion" : "Open the thread",
  }),
  comment_accepted: (f) => ({
    subject: `Marketing accepted your comment on "${f.material.title}"`,
    lines: [
      `Your comment: ${quote(f.comment?.body)}`,
      `${f.marketer ?? "Marketing"} accepted it: the next version should take it into account. When that version comes, it shows this comment as one to check.`,
    ],
    link: threadLink(f),
    linkLabel: "Open the comment",
  }),
  comment_held: (f) => ({
    subject: `Your decline was held on "${f.material.title}"`,
    lines: [
      `${f.commenter ?? "The commenter"} holds the comment you declined: ${quote(f.comment?.body)}`,
      `Your reason was: ${f.comment?.declineReason ?? ""}`,
      "It is now a dispute: unless you accept it, it goes to your managers and theirs to decide when the round closes.",
    ],
    link: threadLink(f),
    linkLabel: "Open the comment",
  }),
  comment_withdrawn: (f) => ({
    subject: `A comment you declined was withdrawn on "${f.material.title}"`,
    lines: [`${f.commenter ?? "The commenter"} withdrew the comment you declined: ${quote(f.comment?.body)}`, "It is settled; nothing more is needed from you."],
    link: threadLink(f),
    linkLabel: "Open the comment",
  }),
  member_decided: (f) => ({
    subject: `${f.member?.name ?? "A committee member"} decided on "${f.material.title}": ${f.member?.decision ?? ""}`,
    lines: [
      `${f.member?.name ?? "A committee member"} of ${f.team ?? "the committee"}: ${f.member?.decision ?? ""}${f.member?.summary ? ` — ${f.member.summary}` : ""}`,
      "The preview closes when every member has decided, or when its window ends.",
    ],
    link: materialLink(f),
    linkLabel: "Open the preview",
  }),
  escalation_moved_on: (f) => ({
    subject: `Escalation moved up past you: ${f.material.title}`,
    lines: [
      `The dispute on "${f.material.title}" was not decided in time at level ${(f.escalation?.level ?? 2) - 1}, so it now goes to level ${f.escalation?.level ?? ""} with its history.`,
      "It is no longer yours to decide; you can still read the brief and its discussion.",
    ],
    link: escalationLink(f),
    linkLabel: "Follow the escalation",
  }),
  pre_plan_to_confirm: (f) => ({
    subject: `Please confirm ${f.plan?.team ?? ""}'s pre-plan for ${f.plan?.year ?? ""}`,
    lines: [
      `${f.actor ?? "The other head"} confirmed ${f.plan?.team ?? ""}'s pre-plan for ${f.plan?.year ?? ""}. It is agreed once you confirm it too.`,
      `Read it and confirm it, or change it (a change asks both heads to confirm again). Marketing presents the plan on ${f.plan?.presentationDate ?? "the date it names"}.`,
    ],
    link: planLink(f),
    linkLabel: "Read and confirm the pre-plan",
  }),
  pre_plan_unconfirmed: (f) => ({
    subject: `Your confirmation of ${f.plan?.team ?? ""}'s pre-plan was withdrawn`,
    lines: [
      `${f.actor ?? "Someone"} changed ${f.plan?.team ?? ""}'s pre-plan for ${f.plan?.year ?? ""} after you confirmed it, so your confirmation no longer stands.`,
      "Read what it says now and confirm it again if you agree.",
    ],
    link: planLink(f),
    linkLabel: "Read the pre-plan",
  }),
  pre_plan_agreed: (f) => ({
    subject: `Pre-plan agreed: ${f.plan?.team ?? ""} ${f.plan?.year ?? ""}`,
    lines: [
      `Marketing and sales have agreed ${f.plan?.team ?? ""}'s pre-plan for ${f.plan?.year ?? ""}. Marketing presents the plan on ${f.plan?.presentationDate ?? ""}.`,
      "Its creative reviewers are now the team's committee. The annual plan will be previewed against it.",
    ],
    link: planLink(f),
    linkLabel: "Open the pre-plan",
  }),
  plan_submitted: (f, reader) => ({
    subject: `${f.plan?.team ?? ""}'s annual plan for ${f.plan?.year ?? ""} is in preview`,
    lines: [
      `Marketing submitted "${f.material.title}" for preview against the pre-plan you agreed.`,
      f.plan?.dueAt ? `The team comments and the committee decides by ${formatDeadline(f.plan.dueAt, reader.timeZone)}; what stays disputed comes to the managers.` : "The team comments and the committee decides; what stays disputed comes to the managers.",
    ],
    link: materialLink(f),
    linkLabel: "Read the plan",
  }),
  to_check: (f) => ({
    subject: `Check your comments on version ${f.checks?.version ?? ""} of "${f.material.title}"`,
    lines: [
      `Marketing uploaded version ${f.checks?.version ?? ""}. These comments of yours were accepted or upheld; check that the new version takes them into account:`,
      ...(f.checks?.comments ?? []).map((c) => `• ${quote(c)}`),
      "Tick each off as done, or reopen it with a note.",
    ],
    link: materialLink(f),
    linkLabel: "Check the new version",
  }),
  preview_requested: (f, reader) => ({
    subject: `Preview requested: ${f.material.title} (${f.team ?? ""})`,
    lines: [
      `Marketing asks the ${f.team ?? ""} committee to preview "${f.material.title}", version ${f.version ?? ""}.`,
      `Please comment and decide by ${formatDeadline(f.round!.dueAt!, reader.timeZone)}. If you do not decide by then, you are recorded as having no objection.`,
    ],
    link: materialLink(f),
    linkLabel: "Open the preview",
  }),
  plan_preview_opened: (f, reader) => ({
    subject: `The ${f.team ?? ""} annual plan is open for your comments`,
    lines: [
      `Marketing has submitted "${f.material.title}" for preview by the whole ${f.team ?? ""} team.`,
      `Read it and pin your comments on the page by ${formatDeadline(f.round!.dueAt!, reader.timeZone)}. The committee decides.`,
    ],
    link: materialLink(f),
    linkLabel: "Read the plan",
  }),
  reminder: (f, reader) => ({
    subject: `Reminder: your preview of "${f.material.title}" closes soon`,
    lines: [
      `A quarter of the preview window is left. Please comment and decide by ${formatDeadline(f.round!.dueAt!, reader.timeZone)}.`,
      "If you do not decide by then, you are recorded as having no objection.",
    ],
    link: materialLink(f),
    linkLabel: "Open the preview",
  }),
  comment_declined: (f) => ({
    subject: `Marketing declined your comment on "${f.material.title}"`,
    lines: [
      `Your comment: ${f.comment?.body ?? ""}`,
      `Marketing's reason: ${f.comment?.declineReason ?? ""}`,
      "Withdraw it if the reason convinces you, or hold it: a held comment goes to your managers to decide.",
    ],
    link: threadLink(f),
    linkLabel: "Withdraw or hold",
  }),
  round_closed: (f) => ({
    subject: `Preview closed: ${f.material.title} (${f.team ?? ""})`,
    lines: [f.round?.reason === "deadline" ? "The preview window has ended." : "Every committee member has decided.", ...(f.round?.lines ?? [])],
    link: materialLink(f),
    linkLabel: "Open the material",
  }),
  escalation: (f, reader) => ({
    subject: `Escalation for your decision: ${f.material.title}`,
    lines: [
      f.comment?.kind === "objection"
        ? "Marketing asks to release material the committee objected to. The release waits for your decision."
        : "Sales and marketing disagree about a comment and did not settle it in time.",
      ...briefLines(f),
      askToDecide(f, reader),
    ],
    link: escalationLink(f),
    linkLabel: "Read the brief and decide",
  }),
  escalation_moved_up: (f, reader) => ({
    subject: `Escalation moved up to you: ${f.material.title}`,
    lines: ["A dispute was not decided in time at the level below and now comes to you, with its history.", ...briefLines(f), askToDecide(f, reader)],
    link: escalationLink(f),
    linkLabel: "Read the brief and decide",
  }),
  escalation_proposed: (f) => ({
    subject: `A decision is proposed on "${f.material.title}"`,
    lines: [
      `${f.actor ?? "A manager"} proposes: ${labels(f)[f.decision!.decision]}${f.decision!.note ? ` — ${f.decision!.note}` : ""}`,
      "If you are the other manager addressed, agree to make it the decision, or make a counter-proposal.",
    ],
    link: escalationLink(f),
    linkLabel: "Read the proposal",
  }),
  escalation_decided: (f) => ({
    subject: `Decision on "${f.material.title}": ${labels(f)[f.decision!.decision]}`,
    lines: [
      `The managers decided the ${f.comment?.kind === "objection" ? "committee's objection to the release" : `disputed comment: ${f.comment?.body ?? ""}`}`,
      `Decision: ${labels(f)[f.decision!.decision]}${f.decision!.note ? ` — ${f.decision!.note}` : ""}`,
    ],
    link: escalationLink(f),
    linkLabel: "See the decision",
  }),
  escalation_withdrawn: (f) => ({
    subject: `Escalation withdrawn: ${f.material.title}`,
    lines: [
      f.ended === "accepted"
        ? `${f.marketer ?? "Marketing"} accepted the comment after all, so the escalation has ended and there is nothing left to decide.`
        : `${f.commenter ?? "The commenter"} withdrew the comment, so the escalation has ended and there is nothing left to decide.`,
      `The comment was: ${f.comment?.body ?? ""}`,
    ],
    link: escalationLink(f),
    linkLabel: "See the escalation",
  }),
  release_objection: (f) => ({
    subject: `Marketing asks to release "${f.material.title}" over your objection`,
    lines: [
      `You requested changes. ${f.marketer ?? "Marketing"} asks to release it anyway: ${f.comment?.declineReason ?? ""}`,
      "Your managers and marketing's decide; the material is released only if they overrule the objection.",
    ],
    link: escalationLink(f),
    linkLabel: "Follow the escalation",
  }),
  decision_moved: (f) => ({
    subject: `You no longer preview "${f.material.title}"`,
    lines: [`You have left the ${f.team ?? ""} committee, so your decision on "${f.material.title}" is no longer asked for. Whoever takes your seat is asked instead.`],
    link: `/materials/${f.material.id}`,
    linkLabel: "Open the material",
  }),
  decision_handed: (f, reader) => ({
    subject: `Preview requested: ${f.material.title} (${f.team ?? ""})`,
    lines: [
      `You have joined the ${f.team ?? ""} committee, and its preview of "${f.material.title}" is still open: your decision is asked for.`,
      f.round?.dueAt ? `Please comment and decide by ${formatDeadline(f.round.dueAt, reader.timeZone)}. If you do not decide by then, you are recorded as having no objection.` : "",
    ].filter(Boolean),
    link: `/materials/${f.material.id}`,
    linkLabel: "Open the preview",
  }),
  preview_withdrawn: (f) => ({
    subject: `Preview withdrawn: ${f.material.title}`,
    lines: [`${f.actor ?? "Marketing"} withdrew the preview of "${f.material.title}". You need not decide on it; nothing from it escalates.`, "If marketing submits it again, you will be asked again."],
    link: `/materials/${f.material.id}`,
    linkLabel: "Open the material",
  }),
  material_released: (f) => ({
    subject: `Coming to customers: ${f.material.title}`,
    lines: [
      `Marketing has released "${f.material.title}" (version ${f.release?.version ?? ""}) after your committee's preview.`,
      "What was decided:",
      ...(f.release?.lines ?? []),
    ],
    link: materialLink(f),
    linkLabel: "See the material",
  }),
  feedback_posted: (f) => ({
    subject: `Feedback from the field on "${f.material.title}": ${f.feedback?.outcome ?? ""}`,
    lines: [
      `${f.feedback?.author ?? "A rep"} used "${f.material.title}" with customers and says how it went.`,
      feedbackLine(f),
      "Answer in the thread under it: the rep is told of your reply.",
    ],
    link: feedbackLink(f),
    linkLabel: "Answer the feedback",
  }),
  feedback_replied: (f) => ({
    subject: `${f.actor ?? "Someone"} replied to feedback on "${f.material.title}"`,
    lines: [
      `${f.actor ?? "Someone"} replied under the feedback on "${f.material.title}": ${quote(f.post?.text)}`,
      `The feedback: ${feedbackLine(f)}`,
      "Reply in the thread if you have something to add.",
    ],
    link: feedbackLink(f),
    linkLabel: "Open the thread",
  }),
  request_opened: (f) => ({
    subject: `Request for material: ${f.request?.need ?? ""}`,
    lines: [requestAbout(f), "Accept it if marketing will make it, decline it with a reason, or answer it with a material that already exists."],
    link: requestLink(f),
    linkLabel: "Open the request",
  }),
  request_accepted: (f) => ({
    subject: `Marketing accepted the request "${f.request?.need ?? ""}"`,
    lines: [requestAbout(f), `${f.actor ?? "Marketing"} accepted it: marketing will make this material. You are told again when it is linked and when it is released.`],
    link: requestLink(f),
    linkLabel: "Open the request",
  }),
  request_declined: (f) => ({
    subject: `Marketing declined the request "${f.request?.need ?? ""}"`,
    lines: [requestAbout(f), `${f.actor ?? "Marketing"} declined it. The reason: ${f.request?.declineReason ?? ""}`],
    link: requestLink(f),
    linkLabel: "Open the request",
  }),
  request_answered: (f) => ({
    subject: `Marketing answered the request "${f.request?.need ?? ""}"`,
    lines: [
      requestAbout(f),
      f.request?.answerKind === "existing"
        ? `${f.actor ?? "Marketing"} answered it with "${f.material.title}", which is released: it is in the library now.`
        : `${f.actor ?? "Marketing"} answered it with "${f.material.title}", which is being made for it. You are told when it is released.`,
    ],
    link: f.request?.answerKind === "existing" ? materialLink(f) : requestLink(f),
    linkLabel: f.request?.answerKind === "existing" ? "Open the material" : "Open the request",
  }),
  request_released: (f) => ({
    subject: `Released: "${f.material.title}", the material you asked for`,
    lines: [`"${f.material.title}" is released, in answer to the request ${quote(f.request?.need)}.`, "It is in the library for your team now."],
    link: materialLink(f),
    linkLabel: "Open the material",
  }),
};
