import { z } from "zod";
import { isValidDateString } from "../domain/business-time";
import { MAX_CUSTOMERS_LENGTH, MAX_NEED_LENGTH, MAX_REQUEST_DETAILS_LENGTH, REQUEST_STATES } from "../domain/requests";
import { requiredId } from "../lib/forms";

/**
 * A rep's request for material that does not exist. That the date is not in the past is
 * checked by the service against the rep's own calendar (`neededByRefusal`), since "today"
 * depends on where they are.
 */
export const RequestFormSchema = z.object({
  need: z
    .string({ error: "Say what you need (a one-pager on pricing, a case study …)." })
    .trim()
    .min(1, "Say what you need (a one-pager on pricing, a case study …).")
    .max(MAX_NEED_LENGTH, `What you need has at most ${MAX_NEED_LENGTH} characters; put the rest under details.`),
  customers: z
    .string({ error: "Say for which customers (a segment, an industry, named accounts)." })
    .trim()
    .min(1, "Say for which customers (a segment, an industry, named accounts).")
    .max(MAX_CUSTOMERS_LENGTH, `Which customers has at most ${MAX_CUSTOMERS_LENGTH} characters.`),
  neededBy: z
    .string({ error: "Enter the day you need it by (YYYY-MM-DD)." })
    .trim()
    .min(1, "Enter the day you need it by (YYYY-MM-DD).")
    .regex(/^\d{4}-\d{2}-\d{2}$/, "Enter the day you need it by (YYYY-MM-DD).")
    .refine(isValidDateString, "That day does not exist: enter a date such as 2026-12-15."),
  details: z
    .string()
    .trim()
    .max(MAX_REQUEST_DETAILS_LENGTH, `Details have at most ${MAX_REQUEST_DETAILS_LENGTH.toLocaleString("en-US")} characters.`)
    .optional()
    .transform((v) => v || null),
});
export type RequestFormInput = z.output<typeof RequestFormSchema>;

/** Marketing declines a request: the reason is what the rep reads. */
export const DeclineRequestSchema = z.object({
  reason: z
    .string({ error: "Say why marketing will not make it: the rep and their manager read this." })
    .trim()
    .min(1, "Say why marketing will not make it: the rep and their manager read this.")
    .max(4000, "A reason has at most 4,000 characters."),
});

/** Marketing answers a request by linking a material aimed at the requester's team. */
export const AnswerRequestSchema = z.object({
  materialId: requiredId("Choose the material that answers this request."),
});

/** The list's filter: one state, or all. */
export const RequestFilterSchema = z.object({
  state: z.enum(REQUEST_STATES).optional().catch(undefined),
});
