/**
 * The preview round rules: a committee member's decision, and the close — when everyone
 * decided or the window ended — which records silence as "no objection by deadline".
 */
import { formatDeadline } from "../business-time";
import { allow, refuse, notify, type Verdict, type WorkflowActor } from "./types";

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
    // The last decision closes the round, and the close tells everyone with its summary.
    closes ? [] : notify("member_decided", { submitter: [round.submittedById], committee: round.decisions.map((d) => d.userId) }, actor.id),
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
    notify("round_closed", { submitter: [round.submittedById], committee: round.decisions.map((d) => d.userId) }, null),
  );
}

export interface Reseat {
  /** A pending decision handed from a member who left the seat to one who took it. */
  moves: { from: number; to: number }[];
  /** Pending decisions of members who left with nobody new to take them. */
  drops: number[];
  /** New members with no decision to take over: asked as well. */
  adds: number[];
  /** Nobody is left to decide: the round closes. */
  closes: boolean;
}

/**
 * When a team's committee changes while a round is open, the round follows the committee:
 * each pending decision of someone no longer on it moves to a new member who has none in
 * the round; with no one to take it, it is dropped (and the round closes when nothing is
 * pending any more); a new member with nothing to take over is asked too. The old member
 * is told they need not decide; the new one is asked.
 */
export function decideReseat(round: Pick<RoundFacts, "id" | "state" | "decisions">, committee: number[]): Verdict<Reseat> {
  if (round.state !== "open") return refuse("conflict", "This preview has closed; its decisions stay as they were.");
  const inRound = new Set(round.decisions.map((d) => d.userId));
  const newcomers = committee.filter((id) => !inRound.has(id));
  const leaving = round.decisions.filter((d) => d.decision === "pending" && !committee.includes(d.userId)).map((d) => d.userId);
  const moves = leaving.slice(0, newcomers.length).map((from, i) => ({ from, to: newcomers[i] }));
  const drops = leaving.slice(newcomers.length);
  const adds = newcomers.slice(leaving.length);
  const pendingAfter = round.decisions.filter((d) => d.decision === "pending").length - drops.length + adds.length;
  const closes = drops.length > 0 && pendingAfter === 0;
  return allow(
    { moves, drops, adds, closes },
    moves.length || drops.length || adds.length
      ? [{ action: "round.reseated", entityType: "round", entityId: round.id, after: { moves, drops, adds } }]
      : [],
    [...notify("decision_moved", { seat_leaver: [...moves.map((m) => m.from), ...drops] }, null), ...notify("decision_handed", { seat_taker: [...moves.map((m) => m.to), ...adds] }, null)],
  );
}

/**
 * A material's preview status from its rounds: in preview while any is open, closed once
 * one has closed, a draft again when every preview was withdrawn. (A released material
 * stays released; the caller leaves it alone.)
 */
export function previewStatus(rounds: { open: number; closed: number }): "in_preview" | "closed" | "draft" {
  return rounds.open > 0 ? "in_preview" : rounds.closed > 0 ? "closed" : "draft";
}
