import { z } from "zod";
import { requiredId } from "../lib/forms";
import { MAX_FEEDBACK_LENGTH, MAX_SEGMENT_NAME_LENGTH, OUTCOMES } from "../domain/feedback";

const segmentName = z
  .string({ error: "Enter the segment's name." })
  .trim()
  .min(1, "Enter the segment's name.")
  .max(MAX_SEGMENT_NAME_LENGTH, `A segment name has at most ${MAX_SEGMENT_NAME_LENGTH} characters.`);

/** A new customer segment or industry. */
export const SegmentFormSchema = z.object({ name: segmentName });

/** A segment's new name. */
export const SegmentRenameSchema = z.object({ segmentId: requiredId("Choose a segment."), name: segmentName });

/** Archive or restore a segment. */
export const SegmentArchiveSchema = z.object({
  segmentId: requiredId("Choose a segment."),
  archived: z.enum(["true", "false"], { error: "Say whether to archive or restore it." }).transform((v) => v === "true"),
});

const body = (what: string) =>
  z
    .string({ error: `Write ${what}.` })
    .trim()
    .min(1, `Write ${what}.`)
    .max(MAX_FEEDBACK_LENGTH, `At most ${MAX_FEEDBACK_LENGTH.toLocaleString("en-US")} characters.`);

/**
 * A rep's feedback on released material: how it went, with which segment, what happened,
 * and optionally the page it concerns (the service checks the page exists in the released
 * version and the segment is active).
 */
export const FeedbackFormSchema = z.object({
  outcome: z.enum(OUTCOMES, { error: "Say how it went: worked, mixed or didn't work." }),
  segmentId: requiredId("Choose the customer segment or industry."),
  body: body("what happened with the customer"),
  page: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z.coerce
      .number({ error: "A page is a number, such as 2." })
      .int("A page is a whole number, such as 2.")
      .min(1, "Pages start at 1.")
      .max(100_000, "A page is a number, such as 2.")
      .optional()
      .transform((v) => v ?? null),
  ),
});
export type FeedbackFormInput = z.output<typeof FeedbackFormSchema>;

/** A reply in the thread under a piece of feedback. */
export const FeedbackReplySchema = z.object({
  feedbackId: requiredId("Choose the feedback to answer."),
  body: body("your reply"),
});
export type FeedbackReplyInput = z.output<typeof FeedbackReplySchema>;

/** The "From the field" page's filters: hand-edited values that mean nothing are dropped. */
export const FieldFilterSchema = z.object({
  outcome: z.enum(OUTCOMES).optional().catch(undefined),
  segmentId: z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined),
  ownerId: z.union([z.literal("all"), z.coerce.number().int().positive().max(2_147_483_647)]).optional().catch(undefined),
});
export type FieldFilters = z.output<typeof FieldFilterSchema>;
