/**
 * Materials and comments: the vocabulary and the comment life cycle, as pure functions.
 */
export const MATERIAL_KINDS = ["collateral", "annual_plan"] as const;
export type MaterialKind = (typeof MATERIAL_KINDS)[number];
export const MATERIAL_KIND_LABELS: Record<MaterialKind, string> = {
  collateral: "Collateral",
  annual_plan: "Annual plan",
};

export const MATERIAL_STATUSES = ["draft", "in_preview", "closed", "released"] as const;
export type MaterialStatus = (typeof MATERIAL_STATUSES)[number];
export const MATERIAL_STATUS_LABELS: Record<MaterialStatus, string> = {
  draft: "Not yet submitted",
  in_preview: "In preview",
  closed: "Previewed, not released",
  released: "Released",
};

export const COMMENT_CATEGORIES = ["pricing", "messaging", "audience", "product_accuracy", "compliance", "other"] as const;
export type CommentCategory = (typeof COMMENT_CATEGORIES)[number];
export const COMMENT_CATEGORY_LABELS: Record<CommentCategory, string> = {
  pricing: "Pricing",
  messaging: "Messaging",
  audience: "Audience",
  product_accuracy: "Product accuracy",
  compliance: "Compliance / legal flag",
  other: "Other",
};

export const COMMENT_STATES = ["open", "accepted", "declined", "withdrawn", "held", "resolved"] as const;
export type CommentState = (typeof COMMENT_STATES)[number];
export const COMMENT_STATE_LABELS: Record<CommentState, string> = {
  open: "Waiting for marketing",
  accepted: "Accepted: will change",
  declined: "Declined by marketing",
  withdrawn: "Withdrawn",
  held: "Held: disputed",
  resolved: "Decided by a manager",
};

export const MAX_COMMENT_LENGTH = 5000;

export type CommentAction = "accept" | "decline" | "withdraw" | "hold";

export interface CommentFacts {
  state: CommentState;
  authorId: number;
}

export interface CommentActor {
  id: number;
  role: string;
}

export type Transition =
  | { ok: true; state: CommentState; event: string }
  | { ok: false; status: 400 | 403 | 409; message: string };

/**
 * The comment life cycle. Marketing answers an open comment: accept ("will change") or
 * decline (a reason is required, checked by the caller's schema). The commenter then
 * withdraws a declined comment or holds it; a held comment is a dispute.
 */
export function transitionComment(comment: CommentFacts, action: CommentAction, actor: CommentActor): Transition {
  if (action === "accept" || action === "decline") {
    if (actor.role !== "marketer") return { ok: false, status: 403, message: "Only marketing answers comments." };
    if (comment.state !== "open") {
      return { ok: false, status: 409, message: `This comment has already been answered (${COMMENT_STATE_LABELS[comment.state].toLowerCase()}).` };
    }
    return action === "accept"
      ? { ok: true, state: "accepted", event: "comment.accepted" }
      : { ok: true, state: "declined", event: "comment.declined" };
  }
  if (actor.id !== comment.authorId) {
    return { ok: false, status: 403, message: "Only the person who wrote the comment can withdraw or hold it." };
  }
  if (comment.state !== "declined") {
    return { ok: false, status: 409, message: "Only a comment that marketing declined can be withdrawn or held." };
  }
  return action === "withdraw"
    ? { ok: true, state: "withdrawn", event: "comment.withdrawn" }
    : { ok: true, state: "held", event: "comment.held" };
}

/** Comments that still need something from someone: carried over to the next version. */
export function isUnsettled(state: CommentState | null): boolean {
  return state === "open" || state === "declined" || state === "held";
}
