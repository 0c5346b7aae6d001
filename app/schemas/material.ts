import { z } from "zod";
import { optionalId, requiredId as id, requiredText } from "../lib/forms";
import { COMMENT_CATEGORIES, MATERIAL_KINDS, MAX_COMMENT_LENGTH } from "../domain/materials";

/** The new-material form; the file travels in the same request and is checked as it streams. */
export const MaterialFormSchema = z.object({
  title: requiredText("Enter a title.", 200, "A title has at most 200 characters."),
  kind: z.enum(MATERIAL_KINDS, { error: "Choose what kind of material this is." }),
  description: z.string().trim().max(5000, "A description has at most 5,000 characters.").optional().default(""),
  teamIds: z
    .union([z.string(), z.array(z.string())], { error: "Choose at least one sales team." })
    .transform((v) => (Array.isArray(v) ? v : [v]).filter((s) => s !== ""))
    .pipe(z.array(z.string().regex(/^\d{1,9}$/, "Choose sales teams from the list.").transform(Number)).min(1, "Choose at least one sales team.").max(50)),
  /** An annual plan names the pre-plan it answers. */
  prePlanId: optionalId,
});
export type MaterialFormInput = z.output<typeof MaterialFormSchema>;

export const VersionFormSchema = z.object({
  changeNote: requiredText("Say what changed in this version.", 2000, "A change note has at most 2,000 characters."),
});

const commentBody = requiredText("Write the comment.", MAX_COMMENT_LENGTH, `A comment has at most ${MAX_COMMENT_LENGTH.toLocaleString("en-US")} characters.`);

const fraction = (axis: string) =>
  z.coerce
    .number({ error: `The pin's ${axis} position must be a number.` })
    .min(0, `The pin's ${axis} position must be between 0 and 1 (a fraction of the page).`)
    .max(1, `The pin's ${axis} position must be between 0 and 1 (a fraction of the page).`);

/**
 * An optional field that a form sends empty when unused. Not a union with "": a union
 * answers a word or NaN with zod's generic "Invalid input" instead of the field's message.
 */
const blankOr = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" ? undefined : v), schema.optional());

const size = (axis: "width" | "height") =>
  z.coerce
    .number({ error: `The area's ${axis} must be a number.` })
    .min(0, `The area's ${axis} must be between 0 and 1 (a fraction of the page).`)
    .max(1, `The area's ${axis} must be between 0 and 1 (a fraction of the page).`);

/** A point on a page, or an area when it has a size (all fractions of the page). */
export interface CommentPlace {
  page: number;
  x: number;
  y: number;
  w?: number | null;
  h?: number | null;
}

/** The smallest area a comment may mark, as a fraction of the page's side: smaller is a click, not a rectangle. */
export const MIN_AREA_SIDE = 0.005;
/** Rounding slack: fractions travel with four decimals. */
const EDGE = 1e-4;

/**
 * A new comment: pinned to a point (page, x, y), to an area (page, x, y for its top-left
 * corner, w and h for its size, all fractions of the page), or on the whole document
 * (none given). An area has a size and lies on the page.
 */
export const CommentFields = z.object({
  versionId: id("Choose a version."),
  body: commentBody,
  category: z.enum(COMMENT_CATEGORIES, { error: "Choose a category." }),
  page: blankOr(z.coerce.number({ error: "The page must be a number." }).int("The page must be a whole number.").min(1, "Pages are numbered from 1.")),
  x: blankOr(fraction("x")),
  y: blankOr(fraction("y")),
  w: blankOr(size("width")),
  h: blankOr(size("height")),
});

export const CommentFormSchema = CommentFields.transform((v, ctx) => {
  const { page, x, y, w, h } = v;
  const given = [page, x, y].filter((p) => p !== undefined).length;
  if (given !== 0 && given !== 3) {
    ctx.addIssue({ code: "custom", path: ["page"], message: "A pin needs a page and a point on it; or leave all three empty to comment on the whole document." });
    return z.NEVER;
  }
  if ((w === undefined) !== (h === undefined) || (w !== undefined && page === undefined)) {
    ctx.addIssue({ code: "custom", path: ["w"], message: "An area needs a page, a corner, a width and a height." });
    return z.NEVER;
  }
  if (w !== undefined && h !== undefined) {
    if (w < MIN_AREA_SIDE || h < MIN_AREA_SIDE) {
      ctx.addIssue({ code: "custom", path: ["w"], message: "The area has no size. Drag a larger rectangle, or click once to pin a point." });
      return z.NEVER;
    }
    if (x! + w > 1 + EDGE || y! + h > 1 + EDGE) {
      ctx.addIssue({ code: "custom", path: ["w"], message: "The area goes outside the page. Draw it within the page." });
      return z.NEVER;
    }
  }
  const pin: CommentPlace | null = page === undefined ? null : { page, x: x!, y: y! };
  if (pin && w !== undefined && h !== undefined) Object.assign(pin, { w: Math.min(w, 1 - pin.x), h: Math.min(h, 1 - pin.y) });
  return { versionId: v.versionId, body: v.body, category: v.category, pin };
});
export type CommentFormInput = z.output<typeof CommentFormSchema>;

export const ReplyFormSchema = z.object({ commentId: id("Choose a comment."), body: commentBody });

/** Marketing declines a comment, with the reason the commenter (and maybe the managers) will read. */
export const DeclineFields = z.object({
  commentId: id("Choose a comment."),
  answer: z.literal("decline"),
  reason: requiredText("Say why you are declining: the commenter and, if it comes to that, the managers will read it.", 2000, "A reason has at most 2,000 characters."),
});

export const AnswerFormSchema = z.discriminatedUnion(
  "answer",
  [
    z.object({ commentId: id("Choose a comment."), answer: z.literal("accept") }),
    DeclineFields,
  ],
  { error: "Choose accept or decline." },
);

export const SettleFormSchema = z.object({
  commentId: id("Choose a comment."),
  settle: z.enum(["withdraw", "hold"], { error: "Choose withdraw or hold." }),
});

/** Ticking a "to check" item off, or reopening it with what is still wrong. */
export const CheckFormSchema = z.object({
  commentId: id("Choose a comment."),
  check: z.enum(["done", "reopen"], { error: "Choose: done, or reopen." }),
  note: z.string().trim().max(5000, "A note has at most 5,000 characters.").optional().default(""),
});

/** Editing a draft: the same fields as creating it, without the file. */
export const MaterialEditSchema = MaterialFormSchema.pick({ title: true, description: true, teamIds: true });
