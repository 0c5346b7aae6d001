/**
 * The release rules. Nothing reaches customers before the committee has previewed the
 * latest version: every target team's round closed, every member's decision "approve" or
 * "no objection by deadline", no comment waiting for marketing, nothing disputed. Where a
 * member requested changes, marketing may ask to release over the objection, with a
 * reason: that is a dispute the managers decide, and the release follows their decision.
 */
import { formatDeadline } from "../business-time";
import { isUnsettled, type CommentState } from "../materials";
import { decisionLabel, type MemberDecision, type RoundState } from "./rounds";
import { allow, plural, refuse, notify, type Verdict, type WorkflowActor } from "./types";
import type { EscalationDecision, EscalationState } from "./escalations";

export interface ReleaseFacts {
  materialId: number;
  title: string;
  /** The latest version, and the one the sales teams have now (if any). */
  latest: { id: number; number: number } | null;
  releasedVersionNumber: number | null;
  teams: { id: number; name: string }[];
  /** The latest version's rounds. */
  rounds: {
    id: number;
    teamId: number;
    state: RoundState;
    dueAt: Date;
    decisions: { userId: number; name: string; decision: MemberDecision; summary: string | null }[];
  }[];
  /** Top-level comments that still count on this material (this version's and those carried over). */
  comments: { state: CommentState; kind: "comment" | "objection"; escalation: EscalationState | null; roundId: number | null }[];
  /** The committee's objection on the latest version, when marketing asked to release over it. */
  objection: { escalationId: number; state: EscalationState; decision: EscalationDecision | null; note: string | null; level: number } | null;
  /** Everyone who will hear of the release: the target teams' active members. */
  audience: number[];
  timeZone: string;
  archived?: boolean;
}

export interface ReleaseBlock {
  message: string;
  /** Members requested changes and nothing else blocks: marketing may release over the objection. */
  overObjection: { objectors: string[] } | null;
}

/** What stops the latest version from being released, in the order a marketer would fix it; null when nothing does. */
export function releaseBlock(f: ReleaseFacts): ReleaseBlock | null {
  const block = (message: string): ReleaseBlock => ({ message, overObjection: null });
  if (f.archived) return block("This material is archived: it no longer goes to the sales teams.");
  if (!f.latest) return block("There is no file to release.");
  if (f.releasedVersionNumber === f.latest.number) return block(`Version ${f.latest.number} has already been released.`);
  const missing = f.teams.filter((t) => !f.rounds.some((r) => r.teamId === t.id));
  if (missing.length === f.teams.length) return block(`Version ${f.latest.number} has not been previewed yet. Submit it for preview first.`);
  if (missing.length) return block(`Version ${f.latest.number} has not been previewed by ${missing.map((t) => t.name).join(", ")}. Submit it for preview first.`);
  const open = f.rounds.filter((r) => r.state === "open");
  if (open.length) {
    const due = open.map((r) => r.dueAt).sort((a, b) => b.getTime() - a.getTime())[0];
    return block(`The preview is still running. It closes by ${formatDeadline(due, f.timeZone)} at the latest.`);
  }
  const withdrawn = f.teams.filter((t) => f.rounds.some((r) => r.teamId === t.id && r.state === "withdrawn") && !f.rounds.some((r) => r.teamId === t.id && r.state === "closed"));
  if (withdrawn.length) {
    return block(`The preview of version ${f.latest.number} was withdrawn${withdrawn.length < f.teams.length ? ` for ${withdrawn.map((t) => t.name).join(", ")}` : ""}. Submit it for preview again.`);
  }
  const live = f.comments.filter((c) => c.kind === "comment");
  const waiting = live.filter((c) => c.state === "open").length;
  if (waiting) return block(`${plural(waiting, "comment")} still ${waiting === 1 ? "waits" : "wait"} for marketing's answer. Accept or decline ${waiting === 1 ? "it" : "each one"} first.`);
  const escalated = live.filter((c) => isUnsettled(c.state) && c.escalation === "open").length;
  if (escalated) return block(`${plural(escalated, "escalation")} ${escalated === 1 ? "is" : "are"} waiting for a manager's decision.`);
  const disputed = live.filter((c) => isUnsettled(c.state)).length;
  if (disputed) {
    return block(
      `${plural(disputed, "comment")} ${disputed === 1 ? "is" : "are"} still disputed: the commenter can withdraw ${disputed === 1 ? "it" : "them"}, or ${disputed === 1 ? "it goes" : "they go"} to the managers to decide.`,
    );
  }
  if (f.objection) {
    if (f.objection.state === "open") return block(`The committee's objection is before the managers (level ${f.objection.level}); the release follows their decision.`);
    if (f.objection.decision === "uphold") return block("The managers upheld the committee's objection. Upload a new version with the changes and submit it for preview.");
    if (f.objection.decision === "compromise") {
      return block(`The managers agreed a compromise: ${f.objection.note ?? ""} Upload a new version that makes it and submit it for preview.`);
    }
    if (f.objection.decision === "overrule") return null;
  }
  const objectors = f.rounds.flatMap((r) => r.decisions.filter((d) => d.decision === "changes_requested").map((d) => d.name));
  if (objectors.length) {
    return {
      message: `${objectors.join(" and ")} requested changes. Upload a new version with the changes, or release over the committee's objection with your reason: the managers then decide.`,
      overObjection: { objectors },
    };
  }
  return null;
}

export type ReleaseInput = { overObjection: false } | { overObjection: true; reason: string };

export type ReleaseChanges =
  | { kind: "release"; versionId: number; versionNumber: number }
  | { kind: "objection"; roundId: number; authorId: number; body: string; reason: string };

/**
 * Marketing releases the latest version, or, where members requested changes, asks to
 * release over their objection. The objection becomes a dispute on the round: the
 * objecting member's position against marketing's reason, escalated at once.
 */
export function decideRelease(f: ReleaseFacts, input: ReleaseInput, actor: WorkflowActor): Verdict<ReleaseChanges> {
  if (actor.role !== "marketer") return refuse("forbidden", "Only marketing releases material.");
  const block = releaseBlock(f);
  if (!input.overObjection) {
    if (block) return refuse("conflict", block.message);
    return released(f, actor.id);
  }
  if (!block?.overObjection) {
    return refuse("conflict", block ? block.message : "Nobody on the committee objects: release it as it is.");
  }
  const reason = input.reason.trim();
  if (!reason) return refuse("invalid", "Say why the material should go out despite the committee's objection: the managers decide on it.", "reason");
  const round = f.rounds.find((r) => r.decisions.some((d) => d.decision === "changes_requested"))!;
  const objecting = f.rounds.flatMap((r) => r.decisions.filter((d) => d.decision === "changes_requested"));
  const body = objecting.map((d) => `${d.name} requested changes${d.summary ? `: ${d.summary}` : "."}`).join("\n");
  return allow(
    { kind: "objection", roundId: round.id, authorId: objecting[0].userId, body, reason },
    [{ action: "material.release_over_objection", entityType: "material", entityId: f.materialId, after: { version: f.latest!.number, reason } }],
    notify("release_objection", { objectors: objecting.map((d) => d.userId) }, actor.id),
  );
}

/** The release itself, by marketing or by the managers' overruling of an objection. */
export function released(f: ReleaseFacts, actorId: number | null): Verdict<ReleaseChanges> {
  return allow(
    { kind: "release", versionId: f.latest!.id, versionNumber: f.latest!.number },
    [{ action: "material.released", entityType: "material", entityId: f.materialId, after: { version: f.latest!.number } }],
    notify("material_released", { team: f.audience }, actorId),
  );
}

/** The lines of the release email: what each member decided, and what the managers decided. */
export function releaseSummary(f: ReleaseFacts, labels: Record<EscalationDecision, string>): string[] {
  const lines = f.rounds.flatMap((r) => r.decisions.map((d) => `${d.name}: ${decisionLabel(d.decision)}${d.summary ? ` — ${d.summary}` : ""}`));
  if (f.objection?.decision) lines.push(`The managers decided: ${labels[f.objection.decision]}${f.objection.note ? ` — ${f.objection.note}` : ""}`);
  return lines;
}
