import { z } from "zod";
import { MAX_ACCOUNT_LENGTH, MAX_USE_NOTE_LENGTH } from "../domain/usage";

/**
 * "Used with a customer": an optional account name and note, and the day it was used (the
 * service checks it is not in the future and not before the release, in the rep's time zone).
 */
export const UsedFormSchema = z.object({
  account: z
    .string()
    .trim()
    .max(MAX_ACCOUNT_LENGTH, `An account name has at most ${MAX_ACCOUNT_LENGTH} characters.`)
    .optional()
    .transform((v) => v || null),
  usedOn: z
    .string({ error: "Enter the day you used it (YYYY-MM-DD)." })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "Enter the day you used it (YYYY-MM-DD).")
    .refine((v) => {
      const d = new Date(`${v}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
    }, "That day does not exist: enter a date such as 2026-12-01."),
  note: z
    .string()
    .trim()
    .max(MAX_USE_NOTE_LENGTH, `A note has at most ${MAX_USE_NOTE_LENGTH.toLocaleString("en-US")} characters.`)
    .optional()
    .transform((v) => v || null),
});
export type UsedFormInput = z.output<typeof UsedFormSchema>;

/** What the viewer sends: the released version it shows and the pages seen since its last report. */
export const PagesSeenSchema = z.object({
  versionId: z.number({ error: "Say which version the pages belong to." }).int().positive(),
  pages: z
    .array(z.number({ error: "Pages are numbers." }).int("Pages are whole numbers.").min(1, "Pages start at 1."), { error: "Send the pages seen as a list of numbers." })
    .min(1, "Send at least one page.")
    .max(1_000, "At most 1,000 pages in one report."),
});
