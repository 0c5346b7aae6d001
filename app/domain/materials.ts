/**
 * Materials and comments: the vocabulary. The rules of their life cycle are in workflow/.
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

/** A pinned comment, or the committee's objection that marketing asked to release over (a round-level dispute). */
export const COMMENT_KINDS = ["comment", "objection"] as const;
export type CommentKind = (typeof COMMENT_KINDS)[number];

export const MAX_COMMENT_LENGTH = 5000;

/** Comments that still need something from someone: carried over to the next version. */
export function isUnsettled(state: CommentState | null): boolean {
  return state === "open" || state === "declined" || state === "held";
}

/** The files a material version may be: what the viewer draws. Sniffed from the bytes (lib/file-type.ts). */
export const MATERIAL_FILE_TYPES = {
  "application/pdf": { label: "PDF", extension: "pdf" },
  "image/png": { label: "PNG image", extension: "png" },
  "image/jpeg": { label: "JPEG image", extension: "jpg" },
  "image/webp": { label: "WebP image", extension: "webp" },
} as const;
