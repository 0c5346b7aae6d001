/**
 * Escalation rules: who a dispute goes to, how it moves up both chains of command, and
 * how the managers decide it — one person alone, or two by proposal and agreement.
 */
import { DEFAULT_WINDOW } from "../business-time";
import { can } from "../permissions";
import { allow, refuse, notify, type Verdict, type WorkflowActor } from "./types";

/** How long managers have to decide, at each level. */
export const DECIDE_WINDOW = DEFAULT_WINDOW;

export type Side = "sales" | "marketing" | "both";
export type EscalationDecision = "uphold" | "overrule" | "compromise";
export type EscalationState = "open" | "decided" | "withdrawn";

export const DECISION_LABELS: Record<EscalationDecision, string> = {
  uphold: "Upheld: marketing changes it",
  overrule: "Overruled: proceed as is",
  compromise: "Compromise",
};

/** For a committee's objection to a release, the same decisions read the other way round. */
export const OBJECTION_DECISION_LABELS: Record<EscalationDecision, string> = {
  uphold: "Objection upheld: not released, marketing changes it",
  overrule: "Objection overruled: released",
  compromise: "Compromise: marketing makes the agreed change",
};

export interface Assignee {
  userId: number;
  side: Side;
}

/** One entry per person; someone on both sides' chains decides for both. */
export function dedupe(list: Assignee[]): Assignee[] {
  const byUser = new Map<number, Side>();
  for (const a of list) byUser.set(a.userId, byUser.has(a.userId) && byUser.get(a.userId) !== a.side ? "both" : a.side);
  return [...byUser].map(([userId, side]) => ({ userId, side }));
}

/**
 * Level 1: the commenter's manager and the marketer's manager (one person when they are
 * the same). A side whose person reports to nobody has no manager to send it to; with
 * neither, the escalation is overdue from the start, on the admin's home.
 */
export function firstLevel(sales: { id: number; reportsToId: number | null } | null, marketing: { id: number; reportsToId: number | null } | null): Assignee[] {
  const list: Assignee[] = [];
  if (sales?.reportsToId) list.push({ userId: sales.reportsToId, side: "sales" });
  if (marketing?.reportsToId) list.push({ userId: marketing.reportsToId, side: "marketing" });
  return dedupe(list);
}

/** Everyone above `userId` in the chain of command, nearest first (loops in bad data end the walk). */
export function chainAbove(userId: number, managerOf: (id: number) => number | null): number[] {
  const chain: number[] = [];
  const seen = new Set([userId]);
  for (let id = managerOf(userId); id !== null && !seen.has(id); id = managerOf(id)) {
    chain.push(id);
    seen.add(id);
  }
  return chain;
}

export interface NextLevel {
  /** Nobody higher on either chain: it stays, flagged overdue, on the heads' and the admin's homes. */
  overdue: boolean;
  assignees: Assignee[];
  /** Addressed at the new level and never before: the only people told "moved up to you". */
  newlyAddressed: number[];
}

/**
 * Not agreed in time: one level up both chains, with its history. A side at the top of its
 * chain stays with its head. Where one side's step reaches a manager who is also above
 * the other side, that manager alone decides (the lowest manager above both). When
 * neither chain goes higher, it stays where it is, flagged overdue.
 */
export function nextLevel(current: Assignee[], everAddressed: number[], managerOf: (id: number) => number | null): NextLevel {
  const stepped = current.map((a) => ({ ...a, to: managerOf(a.userId) }));
  if (stepped.every((s) => s.to === null)) return { overdue: true, assignees: current, newlyAddressed: [] };
  let next = dedupe(stepped.map((s) => ({ userId: s.to ?? s.userId, side: s.side })));
  const above = (person: number, other: number) => person === other || chainAbove(other, managerOf).includes(person);
  const common = next.find((n) => current.every((c) => above(n.userId, c.userId)));
  if (common && current.length > 1) next = [{ userId: common.userId, side: "both" }];
  const before = new Set(everAddressed);
  return { overdue: false, assignees: next, newlyAddressed: next.map((n) => n.userId).filter((id) => !before.has(id)) };
}

export interface Proposal {
  id: number;
  proposedById: number;
  decision: EscalationDecision;
  note: string | null;
}

export interface EscalationFacts {
  id: number;
  state: EscalationState;
  level: number;
  /** Addressed at the current level. */
  addressedNow: number[];
  /** Addressed at any level so far. */
  everAddressed: number[];
  /** The commenter and the marketer who answered (and the material's owner). */
  parties: number[];
  /** The open proposal at the current level, if any. */
  openProposal: Proposal | null;
}

export type EscalationAction =
  | { type: "decide"; decision: EscalationDecision; note: string }
  | { type: "propose"; decision: EscalationDecision; note: string }
  | { type: "agree"; proposalId: number };

export type EscalationChanges =
  | { kind: "decided"; decision: EscalationDecision; note: string | null; decidedById: number; agreedProposalId: number | null }
  | { kind: "proposed"; decision: EscalationDecision; note: string | null; supersedes: number | null };

/**
 * A manager addressed at the current level acts. Addressed alone, they decide. Two
 * addressed: one proposes (uphold, overrule, or a written compromise); the other agrees,
 * which makes the decision, or counter-proposes, which replaces the proposal. Everyone
 * ever addressed and both parties hear a decision.
 */
export function decideEscalationAction(e: EscalationFacts, action: EscalationAction, actor: WorkflowActor): Verdict<EscalationChanges> {
  if (e.state === "decided") return refuse("conflict", "This escalation has already been decided.");
  if (e.state === "withdrawn") return refuse("conflict", "The commenter withdrew this comment, so there is nothing left to decide.");
  if (!can(actor, "escalation:decide", e)) {
    if (e.everAddressed.includes(actor.id)) {
      return refuse("forbidden", `This escalation moved up to level ${e.level}; it is no longer yours to decide. You can still follow the discussion.`);
    }
    return refuse("forbidden", "This escalation is not addressed to you.");
  }
  const alone = e.addressedNow.length === 1;
  const audit = (event: string, after: Record<string, unknown>) => [
    { action: `escalation.${event}`, entityType: "escalation" as const, entityId: e.id, before: { state: "open", level: e.level }, after },
  ];
  const decided = (decision: EscalationDecision, note: string | null, agreedProposalId: number | null) =>
    allow<EscalationChanges>(
      { kind: "decided", decision, note, decidedById: actor.id, agreedProposalId },
      audit("decided", { decision, note, ...(agreedProposalId ? { agreedProposalId } : {}) }),
      notify("escalation_decided", { ever_addressed: e.everAddressed, parties: e.parties }, actor.id),
    );

  if (action.type === "agree") {
    if (!e.openProposal || e.openProposal.id !== action.proposalId) {
      return refuse("conflict", "That proposal has been replaced by a newer one. Read the current proposal, then agree or counter it.");
    }
    if (e.openProposal.proposedById === actor.id) return refuse("conflict", "You made this proposal; the other manager has to agree to it or counter it.");
    return decided(e.openProposal.decision, e.openProposal.note, e.openProposal.id);
  }
  const note = action.note.trim();
  if (action.decision === "compromise" && !note) return refuse("invalid", "Write the compromise: what marketing will change, and what stays.", "note");
  if (alone) return decided(action.decision, note || null, null);
  const mine = e.openProposal?.proposedById === actor.id ? e.openProposal : null;
  if (mine && mine.decision === action.decision && (mine.note ?? "") === note) {
    return refuse("conflict", "You have already proposed this; it waits for the other manager to agree or counter it.");
  }
  return allow<EscalationChanges>(
    { kind: "proposed", decision: action.decision, note: note || null, supersedes: e.openProposal?.id ?? null },
    audit(e.openProposal ? "counter_proposed" : "proposed", { decision: action.decision, note: note || null }),
    notify("escalation_proposed", { addressed: e.addressedNow, parties: e.parties }, actor.id),
  );
}

/** The brief and its discussion are for the parties, every manager ever addressed, and admins. */
export function seesBrief(actor: WorkflowActor, e: Pick<EscalationFacts, "everAddressed" | "parties">): boolean {
  return can(actor, "escalation:brief", e);
}
