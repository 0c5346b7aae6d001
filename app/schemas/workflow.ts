import { z } from "zod";
import { isValidDateString } from "../domain/business-time";
import { optionalId, requiredId as id, requiredText } from "../lib/forms";

/** A committee member's decision on a preview round: approve or request changes, with a summary. */
export const RoundDecisionSchema = z.object({
  roundId: id("Choose the preview you are deciding."),
  decision: z.enum(["approved", "changes_requested"], { error: "Choose: approve, or request changes." }),
  summary: requiredText("Write a short summary for the marketer and your team.", 2000, "A summary has at most 2,000 characters."),
});

/**
 * A manager's decision (or proposal) on an escalation. That a compromise must say what was
 * agreed is the workflow's rule (escalations.ts), checked after who may decide.
 */
export const EscalationDecisionSchema = z.object({
  decision: z.enum(["uphold", "overrule", "compromise"], { error: "Choose: uphold, overrule, or a compromise." }),
  note: z.string().trim().max(4000, "A decision note has at most 4,000 characters.").optional().default(""),
});

/** Agreeing to the other manager's proposal: names the proposal, so agreeing to a replaced one is refused. */
export const AgreeSchema = z.object({ proposalId: id("Choose the proposal you agree to.") });

/** A message in an escalation's private discussion. */
export const EscalationMessageSchema = z.object({
  body: requiredText("Write your message.", 4000, "A message has at most 4,000 characters."),
});

/** Releasing over the committee's objection needs marketing's reason. */
export const ReleaseOverObjectionSchema = z.object({
  reason: requiredText("Say why the material should go out despite the committee's objection: the managers decide on it.", 4000, "A reason has at most 4,000 characters."),
});

/** The review window, globally or for one team. */
export const WindowSchema = z.object({
  unit: z.enum(["business_days", "business_hours"], { error: "Choose business days or business hours." }),
  value: z.coerce
    .number({ error: "Enter the length of the window as a whole number." })
    .int("Enter the length of the window as a whole number.")
    .min(1, "The window is at least 1.")
    .max(40, "The window is at most 40 (days or hours)."),
});

/** A team's window: "inherit" uses the global one. */
export const TeamWindowSchema = z.discriminatedUnion("unit", [
  z.object({ teamId: id("Choose a team."), unit: z.literal("inherit") }),
  z.object({ teamId: id("Choose a team.") }).extend(WindowSchema.shape).extend({ unit: z.enum(["business_days", "business_hours"]) }),
], { error: "Choose business days, business hours, or the global window." });

export const HolidaySchema = z.object({
  date: z.string({ error: "Enter the date." }).refine(isValidDateString, "Enter a date as YYYY-MM-DD."),
  name: requiredText("Name the holiday.", 100, "A holiday's name has at most 100 characters."),
  teamId: optionalId,
});
