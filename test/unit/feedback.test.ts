import { describe, expect, it } from "vitest";
import { FeedbackFormSchema, FeedbackReplySchema, FieldFilterSchema, SegmentFormSchema } from "~/schemas/feedback";
import { formRules } from "~/lib/form-rules.server";

const errorsOf = (schema: { safeParse(v: unknown): { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } } }, value: unknown) => {
  const result = schema.safeParse(value);
  return Object.fromEntries((result.error?.issues ?? []).map((i) => [String(i.path[0] ?? "form"), i.message]));
};

describe("the feedback form's schema", () => {
  const good = { outcome: "did_not_work", segmentId: "3", body: "Mid-market prospects want pricing up front.", page: "2" };

  it("reads a complete form, and an empty page as none", () => {
    expect(FeedbackFormSchema.parse(good)).toEqual({ outcome: "did_not_work", segmentId: 3, body: "Mid-market prospects want pricing up front.", page: 2 });
    expect(FeedbackFormSchema.parse({ ...good, page: "" }).page).toBeNull();
    expect(FeedbackFormSchema.parse({ ...good, page: undefined }).page).toBeNull();
  });

  it("says what is missing, beside each field", () => {
    expect(errorsOf(FeedbackFormSchema, {})).toEqual({
      outcome: "Say how it went: worked, mixed or didn't work.",
      segmentId: "Choose the customer segment or industry.",
      body: "Write what happened with the customer.",
    });
    expect(errorsOf(FeedbackFormSchema, { ...good, body: "   " })).toEqual({ body: "Write what happened with the customer." });
    expect(errorsOf(FeedbackFormSchema, { ...good, segmentId: "" })).toEqual({ segmentId: "Choose the customer segment or industry." });
  });

  it("refuses an outcome it does not know, a text past the limit and pages that are not pages", () => {
    expect(errorsOf(FeedbackFormSchema, { ...good, outcome: "great" })).toEqual({ outcome: "Say how it went: worked, mixed or didn't work." });
    expect(errorsOf(FeedbackFormSchema, { ...good, body: "x".repeat(4_001) })).toEqual({ body: "At most 4,000 characters." });
    expect(errorsOf(FeedbackFormSchema, { ...good, page: "0" })).toEqual({ page: "Pages start at 1." });
    expect(errorsOf(FeedbackFormSchema, { ...good, page: "2.5" })).toEqual({ page: "A page is a whole number, such as 2." });
    expect(errorsOf(FeedbackFormSchema, { ...good, page: "two" })).toEqual({ page: "A page is a number, such as 2." });
  });

  it("gives the browser the same limits and messages", () => {
    expect(formRules(FeedbackFormSchema).body).toEqual({
      required: true,
      maxLength: 4_000,
      messages: { valueMissing: "Write what happened with the customer.", tooLong: "At most 4,000 characters." },
    });
  });
});

describe("the other feedback schemas", () => {
  it("a reply needs its text", () => {
    expect(errorsOf(FeedbackReplySchema, { feedbackId: "4", body: "" })).toEqual({ body: "Write your reply." });
    expect(errorsOf(FeedbackReplySchema, { body: "Thanks" })).toEqual({ feedbackId: "Choose the feedback to answer." });
  });

  it("a segment needs a name of at most 80 characters", () => {
    expect(errorsOf(SegmentFormSchema, { name: " " })).toEqual({ name: "Enter the segment's name." });
    expect(errorsOf(SegmentFormSchema, { name: "x".repeat(81) })).toEqual({ name: "A segment name has at most 80 characters." });
    expect(SegmentFormSchema.parse({ name: "  Public sector " })).toEqual({ name: "Public sector" });
  });

  it("the From the field filters drop what means nothing", () => {
    expect(FieldFilterSchema.parse({ outcome: "nope", segmentId: "x", ownerId: "-1" })).toEqual({ outcome: undefined, segmentId: undefined, ownerId: undefined });
    expect(FieldFilterSchema.parse({ outcome: "mixed", segmentId: "2", ownerId: "all" })).toEqual({ outcome: "mixed", segmentId: 2, ownerId: "all" });
  });
});
