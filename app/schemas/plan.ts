import { z } from "zod";
import { isValidDateString } from "../domain/business-time";
import { DEVIATION_KINDS } from "../domain/plans";
import { requiredText, type FieldErrors } from "../lib/forms";

const longText = (label: string, empty: string) => requiredText(empty, 5000, `${label} has at most 5,000 characters.`);

const dateField = (empty: string) => z.string({ error: empty }).trim().min(1, empty).refine(isValidDateString, "Enter a date as YYYY-MM-DD.");

/** The pre-plan form's fields other than its strategy rows (each row is checked on its own). */
export const PrePlanFields = z.object({
  salesGoals: longText("Sales goals", "Write the sales goals for the year."),
  marketingGoals: longText("Marketing goals", "Write the marketing goals for the year."),
  presentationDate: dateField("Enter the date of marketing's plan presentation to the team."),
  reviewerIds: z
    .union([z.string(), z.array(z.string())], { error: "Choose one or two reps to review creative." })
    .transform((v) => (Array.isArray(v) ? v : [v]).filter((s) => s !== ""))
    .pipe(
      z
        .array(z.string().regex(/^\d{1,9}$/, "Choose reviewers from the team's reps.").transform(Number))
        .min(1, "Choose one or two reps to review creative.")
        .max(2, "Choose at most two reviewers: a committee has one or two members."),
    ),
  strategiesWithoutSales: longText("Strategies without sales", "Say which strategies will not involve sales (or “none”)."),
  prospectProfile: longText("The prospect profile", "Describe next year's prospect profile."),
  prospectProfileWhy: longText("Why the profile differs", "Say why it differs from today's customers and pipeline (or that it does not)."),
  tacticChanges: longText("Recommended changes", "Say which materials and tactics sales uses should change, and why (or “none”)."),
});

/** A pre-plan is a team's handful of lead strategies, not a backlog. */
export const MAX_LEAD_STRATEGIES = 30;

/**
 * The pre-plan form's body limit (ordinary forms have 64 KB): seven long texts and up to
 * thirty strategies, in any script (a character may take nine bytes once form-encoded).
 */
export const PLAN_FORM_LIMIT_BYTES = 1024 * 1024;

export interface StrategyInput {
  what: string;
  metric: string;
  target: string;
  ownerId: number;
  dueDate: string;
}
export type PrePlanInput = z.output<typeof PrePlanFields> & { strategies: StrategyInput[] };

const list = (value: FormDataEntryValue[]) => value.map((v) => (typeof v === "string" ? v.trim() : ""));

/**
 * The pre-plan form: the fields above, and the SMART strategies table, whose rows arrive as
 * repeated fields (strategyWhat, strategyMetric, …). A row left blank is ignored; a row
 * begun must be complete — a strategy without a measure or a date is not SMART.
 */
export function parsePrePlanForm(form: FormData): { ok: true; data: PrePlanInput } | { ok: false; errors: FieldErrors } {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(PrePlanFields.shape)) {
    const values = form.getAll(key).filter((v): v is string => typeof v === "string");
    raw[key] = key === "reviewerIds" ? values : values[0];
  }
  const errors: FieldErrors = {};
  const parsed = PrePlanFields.safeParse(raw);
  if (!parsed.success) for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;

  const columns = {
    what: list(form.getAll("strategyWhat")),
    metric: list(form.getAll("strategyMetric")),
    target: list(form.getAll("strategyTarget")),
    ownerId: list(form.getAll("strategyOwnerId")),
    dueDate: list(form.getAll("strategyDueDate")),
  };
  const rows = Math.max(...Object.values(columns).map((c) => c.length));
  const strategies: StrategyInput[] = [];
  for (let i = 0; i < rows && !errors.strategies; i++) {
    const row = { what: columns.what[i] ?? "", metric: columns.metric[i] ?? "", target: columns.target[i] ?? "", ownerId: columns.ownerId[i] ?? "", dueDate: columns.dueDate[i] ?? "" };
    if (Object.values(row).every((v) => v === "")) continue;
    const n = strategies.length + 1;
    const problem =
      row.what === ""
        ? "say what the strategy is"
        : row.metric === ""
          ? "say how it is measured (the metric)"
          : row.target === ""
            ? "give the target to reach"
            : !/^\d{1,9}$/.test(row.ownerId)
              ? "choose who owns it"
              : row.dueDate === ""
                ? "give the date it is due"
                : !isValidDateString(row.dueDate)
                  ? "enter its date as YYYY-MM-DD"
                  : row.what.length > 2000 || row.metric.length > 200 || row.target.length > 200
                    ? "shorten it (what: 2,000 characters; metric and target: 200)"
                    : null;
    if (problem) errors.strategies = `Lead strategy ${n}: ${problem}. A SMART strategy has a measure, a target, an owner and a date.`;
    else strategies.push({ ...row, ownerId: Number(row.ownerId) });
  }
  if (!errors.strategies && strategies.length > MAX_LEAD_STRATEGIES) {
    errors.strategies = `A pre-plan has at most ${MAX_LEAD_STRATEGIES} lead strategies (this one has ${strategies.length}). Keep the ones that matter most.`;
  }
  if (!errors.strategies && strategies.length === 0) errors.strategies = "Add at least one lead strategy, with its metric, target, owner and date.";
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, data: { ...parsed.data, strategies } };
}

export const DeviationSchema = z.object({
  kind: z.enum(DEVIATION_KINDS, { error: "Choose what kind of deviation this is." }),
  subject: requiredText("Name the deviation.", 200, "Name it in at most 200 characters."),
  explanation: z.string().trim().max(4000, "An explanation has at most 4,000 characters.").optional().default(""),
});

export const ExplainSchema = z.object({
  deviationId: z.coerce.number().int().positive(),
  explanation: requiredText("Write the explanation.", 4000, "An explanation has at most 4,000 characters."),
});
