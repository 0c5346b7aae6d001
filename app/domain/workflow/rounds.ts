/**
 * The preview round rules: a committee member's decision, and the close — when everyone
 * decided or the window ended — which records silence as "no objection by deadline".
 */
import { formatDeadline } from "../business-time";
import { allow, refuse, tell, type Verdict, type WorkflowActor } from "./types";

export type RoundState = "open" | "closed" | "withdrawn";
export type MemberDecision = "pending" | "approved" | "changes_requested" | "no_objection";

export const MEMBER_DECISION_LABELS: Record<MemberDecision, string> = {
  pending: "not decided yet",
  approved: "approved",
  changes_requested: "requested changes",
  no_objection: "no objection by deadline",
};

export function decisionLabel(decision: string): string {
  return MEMBER_DECISION_LABELS[decision as MemberDecision] ?? decision;
}

export interface RoundFacts {
  id: number;
  state: RoundState;
  closedAt: Date | null;
  submittedById: number;
  decisions: { userId: number; decision: MemberDecision }[];
}

/**
 * A committee member of the round decides once, while it is open: approve, or request
 * changes with a summary. The last pending decision closes the round.
 */
export function decideMemberDecision(
  round: RoundFacts,
  input: { decision: "approved" | "changes_requested"; summary: string },
  actor: WorkflowActor,
  timeZone: string,
): Verdict<{ decision: MemberDecision; summary: string; closes: boolean }> {
  const mine = round.decisions.find((d) => d.userId === actor.id);
  if (!mine) return refuse("forbidden", "Only the committee members asked to preview this round can decide it.");
  if (round.state !== "open") {
    const when = round.closedAt ? ` on ${formatDeadline(round.closedAt, timeZone)}` : "";
    return refuse("conflict", `This preview ${round.state === "withdrawn" ? "was withdrawn" : "closed"}${when}; decisions are no longer taken. Reply in a comment's thread, or wait for the next version.`);
  }
  if (mine.decision !== "pending") return refuse("conflict", "You have already decided this preview.");
  if (!input.summary.trim()) return refuse("invalid", "Write a short summary for the marketer and your team.", "summary");
  const closes = round.decisions.every((d) => d.userId === actor.id || d.decision !== "pending");
  return allow(
    { decision: input.decision, summary: input.summary, closes },
    [{ action: "round.decided", entityType: "round", entityId: round.id, after: { decision: input.decision, summary: input.summary } }],
  );
}

/**
 * Closes an open round: every pending member becomes "no objection by deadline", the
 * marketer who submitted it hears the committee's decisions, and the disputes on it
 * escalate (the caller escalates the comments it names).
 */
export function decideCloseRound(
  round: RoundFacts,
  reason: "all_decided" | "deadline",
): Verdict<{ noObjection: number[] }> {
  if (round.state !== "open") return refuse("conflict", "This preview has already closed.");
  const noObjection = round.decisions.filter((d) => d.decision === "pending").map((d) => d.userId);
  const decisions = round.decisions.map((d) => ({ userId: d.userId, decision: d.decision === "pending" ? "no_objection" : d.decision }));
  return allow(
    { noObjection },
    [{ action: "round.closed", entityType: "round", entityId: round.id, after: { reason, decisions } }],
    tell("round_closed", [round.submittedById], null),
  );
}
