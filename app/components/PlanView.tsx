import { labelled } from "./Options";
import { Form, Link } from "@remix-run/react";
import { DEVIATION_KINDS, DEVIATION_KIND_LABELS } from "~/domain/plans";
import { Field, FieldError, FormError } from "./Field";
import type { PlanData } from "./plan-page-data";
import { SelectField } from "./SelectField";

/**
 * The uploaded annual plan beside its pre-plan: what blocks its submission, the deviations
 * from the pre-plan (listed and explained by marketing), the committee's decisions and the
 * comments with their escalations.
 */
export function PlanView({
  plan,
  canEditDeviations,
  errorsFor,
  failedDeviationId,
}: {
  plan: PlanData;
  canEditDeviations: boolean;
  errorsFor: (...intents: string[]) => Record<string, string>;
  failedDeviationId?: string;
}) {
  const addErrors = errorsFor("add-deviation");
  const explainErrors = errorsFor("explain-deviation", "remove-deviation");
  return (
    <>
      <p>
        <Link to={`/materials/${plan.id}`}>{plan.title}</Link> · <span className="badge">{plan.status.replace("_", " ")}</span>
      </p>
      {plan.blocker ? (
        <p className="muted" data-testid="plan-blocker">
          Before it can be submitted: {plan.blocker}
        </p>
      ) : !plan.submitted ? (
        <p className="muted">
          Ready: submit it for preview on <Link to={`/materials/${plan.id}`}>the plan's page</Link>.
        </p>
      ) : null}

      <h3>Deviations from the pre-plan</h3>
      <FormError error={explainErrors.form} />
      {plan.deviations.length === 0 ? <p className="muted">None listed.</p> : null}
      <ul className="deviations" data-testid="deviations">
        {plan.deviations.map((d) => (
          <li key={d.id}>
            <strong>{d.subject}</strong> <span className="muted">({d.kind})</span>
            {d.explanation ? (
              <p className="prewrap">{d.explanation}</p>
            ) : (
              <p className="warn">Not explained yet.</p>
            )}
            {canEditDeviations ? (
              <div className="row">
                <Form method="post" noValidate className="row compact">
                  <input type="hidden" name="intent" value="explain-deviation" />
                  <input type="hidden" name="materialId" value={plan.id} />
                  <input type="hidden" name="deviationId" value={d.id} />
                  <label className="visually-hidden" htmlFor={`explain-${d.id}`}>
                    Explanation for {d.subject}
                  </label>
                  <textarea id={`explain-${d.id}`} name="explanation" rows={2} defaultValue={d.explanation ?? ""} />
                  <button type="submit" className="secondary">
                    Save explanation
                  </button>
                </Form>
                <Form method="post">
                  <input type="hidden" name="intent" value="remove-deviation" />
                  <input type="hidden" name="materialId" value={plan.id} />
                  <input type="hidden" name="deviationId" value={d.id} />
                  <button type="submit" className="link-button" aria-label={`Remove ${d.subject}`}>
                    Remove
                  </button>
                </Form>
              </div>
            ) : null}
            {failedDeviationId === String(d.id) ? <FieldError error={explainErrors.explanation} /> : null}
          </li>
        ))}
      </ul>
      {canEditDeviations ? (
        <Form method="post" noValidate aria-label="Add a deviation">
          <input type="hidden" name="intent" value="add-deviation" />
          <input type="hidden" name="materialId" value={plan.id} />
          <FormError error={addErrors.form} />
          <SelectField name="kind" label="Deviation" error={addErrors.kind} defaultValue="" empty="Choose…" emptyDisabled items={labelled(DEVIATION_KINDS, DEVIATION_KIND_LABELS)} />
          <Field name="subject" label="What differs" error={addErrors.subject}>
            {(f) => <input {...f} maxLength={200} />}
          </Field>
          <Field name="explanation" label="Why" error={addErrors.explanation} hint="Required before the plan can be submitted.">
            {(f) => <textarea {...f} rows={2} maxLength={4000} />}
          </Field>
          <button type="submit" className="secondary">
            Add the deviation
          </button>
        </Form>
      ) : null}

      <h3>Committee decisions</h3>
      {plan.decisions.length === 0 ? <p className="muted">No preview yet.</p> : null}
      <ul>
        {plan.decisions.map((d) => (
          <li key={d.name}>
            {d.name}: <strong>{d.label}</strong>
            {d.summary ? <span className="muted"> — {d.summary}</span> : null}
          </li>
        ))}
      </ul>

      <h3>Comments ({plan.comments.length})</h3>
      <ol className="plan-comments" data-testid="plan-comments">
        {plan.comments.map((c) => {
          const escalation = plan.escalations.find((e) => e.commentId === c.id);
          return (
            <li key={c.id}>
              <span className="muted">
                {c.category} · {c.page ? `page ${c.page}` : "whole document"} · {c.author} · {c.state}
              </span>
              <p className="prewrap">{c.body}</p>
              {c.declineReason ? <p className="prewrap muted">Marketing's reason: {c.declineReason}</p> : null}
              {escalation ? (
                <p>
                  <Link to={`/escalations/${escalation.id}`} className={`badge escalation-${escalation.state}`}>
                    Escalated · {escalation.decision ?? `waiting at level ${escalation.level}`}
                  </Link>
                  {escalation.note ? <span className="prewrap"> {escalation.note}</span> : null}
                </p>
              ) : null}
            </li>
          );
        })}
      </ol>
    </>
  );
}
