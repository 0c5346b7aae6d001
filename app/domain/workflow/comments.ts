/**
 * The comment rules: who may comment and when, marketing's answer, and the commenter's
 * withdraw or hold after a decline.
 */
import { addBusinessTime, formatDeadline, type Holidays } from "../business-time";
import { COMMENT_STATE_LABELS, type CommentKind, type CommentState } from "../materials";
import { can } from "../permissions";
import { allow, refuse, notify, type Verdict, type WorkflowActor } from "./types";

/** A decline made after its round closed escalates this long after, if still disputed. */
export const LATE_DECLINE_GRACE_MS = 24 * 3_600_000;

export interface NewCommentFacts {
  versionNumber: number;
  /** On the committee of a target team (or, on an annual plan, on a target team). */
  mayComment: boolean;
  /** The open round of this version for one of the actor's teams. */
  openRound: { id: number } | null;
  /** The latest round of this version for the actor's teams that has ended, if any. */
  endedRound: { closedAt: Date; state: "closed" | "withdrawn" } | null;
  /** A newer version exists (comments go there). */
  newerVersion: number | null;
  timeZone: string;
}

/**
 * A comment can only be made in an open round: that is what gives it an owner and a
 * clock. After the window, the refusal says when it closed and where the concern can go.
 */
export function decideNewComment(f: NewCommentFacts, actor: WorkflowActor): Verdict<{ roundId: number }> {
  if (!f.mayComment) return refuse("forbidden", "Only the committee of a team this material is aimed at can comment on it.");
  if (f.openRound) return allow({ roundId: f.openRound.id });
  const elsewhere = f.newerVersion
    ? ` Version ${f.newerVersion} is the one to comment on.`
    : " Reply in an existing thread, or raise it when marketing uploads a new version.";
  if (f.endedRound) {
    const how = f.endedRound.state === "withdrawn" ? "was withdrawn by marketing on" : "closed on";
    return refuse(
      "conflict",
      `The preview of version ${f.versionNumber} ${how} ${formatDeadline(f.endedRound.closedAt, f.timeZone)}, so it takes no new comments.${elsewhere}`,
    );
  }
  if (f.newerVersion) return refuse("conflict", `Version ${f.versionNumber} was never previewed.${elsewhere}`);
  return refuse(
    "conflict",
    `Version ${f.versionNumber} has not been submitted for preview yet. Comments open when marketing submits it; you will be asked then.`,
  );
}

export type CommentAction = "accept" | "decline" | "withdraw" | "hold";

export interface CommentFacts {
  id: number;
  state: CommentState;
  kind: CommentKind;
  authorId: number;
  /** The marketer who answered it (who declined it, once declined). */
  answeredById?: number | null;
  /** The round it belongs to has closed (or was withdrawn). */
  roundEnded: boolean;
  /** The calendar of the round's team, for a late decline's clock. */
  calendar: { timeZone: string; holidays: Holidays };
  escalation: { id: number; state: "open" | "decided" | "withdrawn"; addressedNow: number[] } | null;
}

export interface CommentChanges {
  state: CommentState;
  declineReason?: string;
  answeredById?: number;
  answeredAt?: Date;
  settledAt?: Date;
  /** A late decline: when it escalates if still disputed. */
  escalateAt?: Date;
  /** The escalation that ends because the commenter withdrew. */
  endEscalation?: number;
}

/**
 * Marketing answers an open comment: accept ("will change") or decline with a reason.
 * The commenter then withdraws a declined comment or holds it (a dispute). A held or
 * escalated comment can still be withdrawn: its escalation ends and the managers are told.
 * Once managers have decided, it stays decided.
 */
export function decideCommentAction(
  c: CommentFacts,
  action: CommentAction,
  actor: WorkflowActor,
  now: Date,
  input: { reason?: string } = {},
): Verdict<CommentChanges> {
  if (c.kind === "objection") {
    return refuse("conflict", "This is the committee's objection to releasing the material; the managers decide it on the escalation page.");
  }
  const audit = (event: string, after: Record<string, unknown> = {}) => ({
    action: `comment.${event}`,
    entityType: "comment" as const,
    entityId: c.id,
    before: { state: c.state },
    after,
  });
  if (action === "accept" || action === "decline") {
    if (actor.role !== "marketer") return refuse("forbidden", "Only marketing answers comments.");
    if (c.state !== "open") {
      return refuse("conflict", `This comment has already been answered (${COMMENT_STATE_LABELS[c.state].toLowerCase()}).`);
    }
    // A comment marketing did not answer in time may have gone to the managers; accepting it settles that.
    const escalated = c.escalation?.state === "open" ? c.escalation : null;
    if (action === "accept") {
      return allow(
        { state: "accepted", answeredById: actor.id, answeredAt: now, ...(escalated ? { endEscalation: escalated.id } : {}) },
        [
          audit("accepted", { state: "accepted" }),
          ...(escalated ? [{ action: "escalation.withdrawn", entityType: "escalation" as const, entityId: escalated.id, before: { state: "open" }, after: { state: "withdrawn", why: "accepted" } }] : []),
        ],
        [...notify("comment_accepted", { commenter: [c.authorId] }, actor.id), ...(escalated ? notify("escalation_withdrawn", { addressed: escalated.addressedNow }, actor.id) : [])],
      );
    }
    const reason = (input.reason ?? "").trim();
    if (!reason) return refuse("invalid", "Say why marketing declines: the commenter and, if it comes to that, the managers read it.", "reason");
    const escalateAt = c.roundEnded && !escalated ? addBusinessTime(now, LATE_DECLINE_GRACE_MS, c.calendar.timeZone, c.calendar.holidays) : undefined;
    return allow(
      { state: "declined", declineReason: reason, answeredById: actor.id, answeredAt: now, ...(escalateAt ? { escalateAt } : {}) },
      [audit("declined", { state: "declined", reason })],
      notify("comment_declined", { commenter: [c.authorId] }, actor.id),
    );
  }
  if (!can(actor, "comment:settle", { authorId: c.authorId })) return refuse("forbidden", "Only the person who wrote the comment can withdraw or hold it.");
  if (action === "hold") {
    if (c.state !== "declined") return refuse("conflict", "Only a comment that marketing declined can be held.");
    return allow({ state: "held", settledAt: now }, [audit("held", { state: "held" })], notify("comment_held", { decliner: [c.answeredById] }, actor.id));
  }
  if (c.escalation?.state === "decided") return refuse("conflict", "The managers have decided this comment, so it can no longer be withdrawn.");
  if (c.state !== "declined" && c.state !== "held") {
    return refuse("conflict", "Only a comment that marketing declined (or that you held) can be withdrawn.");
  }
  const ending = c.escalation?.state === "open" ? c.escalation : null;
  return allow(
    { state: "withdrawn", settledAt: now, ...(ending ? { endEscalation: ending.id } : {}) },
    [
      audit("withdrawn", { state: "withdrawn" }),
      ...(ending ? [{ action: "escalation.withdrawn", entityType: "escalation" as const, entityId: ending.id, before: { state: "open" }, after: { state: "withdrawn" } }] : []),
    ],
    [...notify("comment_withdrawn", { decliner: [c.answeredById] }, actor.id), ...(ending ? notify("escalation_withdrawn", { addressed: ending.addressedNow }, actor.id) : [])],
  );
}
