import { Form, useNavigation } from "@remix-run/react";
import { useFormRules } from "~/hooks/useFormRules";
import type { FormRules } from "~/lib/form-rules";
import { STRATEGY_ROWS } from "~/domain/plans";
import { Field, FieldError, FormError } from "./Field";
import { Options } from "./Options";
import type { PlanPageData } from "./plan-page-data";
import { StrategiesTable } from "./StrategiesTable";

/**
 * The pre-plan form: create, or edit until both sides confirm (saving a change withdraws the
 * confirmations). `onCancel` is absent while there is no pre-plan yet.
 */
export function PrePlanForm({
  data,
  errors: sent,
  rules,
  onCancel,
}: {
  data: Pick<PlanPageData, "prePlan" | "owners" | "reps" | "today">;
  errors: Record<string, string>;
  /** The schema's rules (formRules): checked before sending, with the server's messages. */
  rules?: FormRules;
  onCancel?: () => void;
}) {
  const navigation = useNavigation();
  const check = useFormRules(rules);
  const errors = { ...check.errors, ...sent };
  const p = data.prePlan;
  const rows = Array.from({ length: Math.max(STRATEGY_ROWS, (p?.strategies.length ?? 0) + 2) }, (_, i) => p?.strategies[i] ?? null);
  const area = (name: string, label: string, value: string | undefined, hint?: string) => (
    <Field name={name} label={label} error={errors[name]} hint={hint}>
      {(f) => <textarea {...f} rows={3} {...check.attributes(name)} defaultValue={value ?? ""} />}
    </Field>
  );
  return (
    <Form method="post" noValidate aria-label="Pre-plan" onSubmit={check.onSubmit}>
      <input type="hidden" name="intent" value={p ? "save" : "create"} />
      {p ? <input type="hidden" name="prePlanId" value={p.id} /> : null}
      <FormError error={errors.form} />
      {p && (p.marketingConfirmed || p.salesConfirmed) ? (
        <p className="notice">Saving a change withdraws the confirmations given so far: both sides confirm the final text.</p>
      ) : null}
      {area("salesGoals", "Sales goals for the year", p?.salesGoals)}
      {area("marketingGoals", "Marketing goals for the year", p?.marketingGoals)}
      <fieldset className="field">
        <legend>Lead strategies (SMART: each with a metric, a target, an owner and a date)</legend>
        <FieldError error={errors.strategies} />
        <StrategiesTable label="Lead strategies to edit" className="compact strategy-form">
          {rows.map((s, i) => (
            <tr key={i}>
              <td>
                <input name="strategyWhat" aria-label={`Strategy ${i + 1}: what`} defaultValue={s?.what ?? ""} maxLength={2000} />
              </td>
              <td>
                <input name="strategyMetric" aria-label={`Strategy ${i + 1}: metric`} defaultValue={s?.metric ?? ""} maxLength={200} />
              </td>
              <td>
                <input name="strategyTarget" aria-label={`Strategy ${i + 1}: target`} defaultValue={s?.target ?? ""} maxLength={200} />
              </td>
              <td>
                <select name="strategyOwnerId" aria-label={`Strategy ${i + 1}: owner`} defaultValue={s?.ownerId ?? ""}>
                  <Options empty="—" items={data.owners} />
                </select>
              </td>
              <td>
                <input name="strategyDueDate" type="date" aria-label={`Strategy ${i + 1}: date`} defaultValue={s?.dueDate ?? ""} />
              </td>
            </tr>
          ))}
        </StrategiesTable>
      </fieldset>
      <fieldset className="field">
        <legend>One or two reps who will review creative (they become the committee)</legend>
        {data.reps.map((r) => (
          <label key={r.id} className="checkbox">
            <input type="checkbox" name="reviewerIds" value={r.id} defaultChecked={p?.reviewerIds.includes(r.id) ?? false} /> {r.name}
            {r.isCommittee ? <span className="badge committee">committee now</span> : null}
          </label>
        ))}
        <FieldError error={errors.reviewerIds} />
      </fieldset>
      <Field name="presentationDate" label="Marketing's plan presentation to the team" error={errors.presentationDate}>
        {(f) => <input {...f} type="date" defaultValue={p?.presentationDate ?? ""} min={data.today} />}
      </Field>
      <h3>The controversial items, discussed up front</h3>
      {area("strategiesWithoutSales", "Strategies that will not involve sales", p?.strategiesWithoutSales)}
      {area("prospectProfile", "Next year's prospect profile", p?.prospectProfile)}
      {area("prospectProfileWhy", "Why it differs from today's customers and pipeline", p?.prospectProfileWhy)}
      {area("tacticChanges", "Recommended changes to materials and tactics sales uses, and why", p?.tacticChanges)}
      <div className="row">
        <button type="submit" disabled={navigation.state !== "idle"}>
          {p ? "Save the pre-plan" : "Create the pre-plan"}
        </button>
        {onCancel ? (
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </Form>
  );
}
