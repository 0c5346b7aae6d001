import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { Field, FormError } from "~/components/Field";
import { DEVIATION_KINDS, DEVIATION_KIND_LABELS, STRATEGY_ROWS } from "~/domain/plans";
import { attempt, invalid, readForm } from "~/lib/actions.server";
import { PLAN_FORM_LIMIT_BYTES } from "~/schemas/plan";
import { now } from "~/lib/clock.server";
import { db } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { notFound, requireId, requireUserWith } from "~/lib/permissions.server";
import { DeviationSchema, ExplainSchema, parsePrePlanForm } from "~/schemas/plan";
import { addDeviation, explainDeviation, removeDeviation } from "~/services/plan-deviations.server";
import { loadPlanPage } from "~/services/plan-page.server";
import { confirmPrePlan, createPrePlan, reopenPrePlan, updatePrePlan } from "~/services/pre-plans.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.team.name ?? "Plan"} ${data?.year ?? ""} · Annual plans · Collateral Preview` }];

function params(raw: { teamId?: string; year?: string }) {
  const teamId = requireId(raw.teamId, "sales team");
  if (!raw.year || !/^20\d{2}$/.test(raw.year)) notFound("year");
  return { teamId, year: Number(raw.year) };
}

export async function loader({ request, params: raw }: LoaderFunctionArgs) {
  const user = await requireUserWith(request, "preplan:view");
  const { teamId, year } = params(raw);
  return loadPlanPage(db(), user, teamId, year, now());
}

export async function action({ request, params: raw }: ActionFunctionArgs) {
  const user = await requireUserWith(request, "preplan:view");
  const { teamId, year } = params(raw);
  const form = await readForm(request, { limitBytes: PLAN_FORM_LIMIT_BYTES });
  const intent = String(form.get("intent") ?? "");
  const database = db();
  const at = now();
  const run = async (fn: () => Promise<unknown>) => {
    const result = await attempt(fn);
    return result.ok ? { ok: true as const, intent, errors: {} } : invalid(result.errors, result.status, { intent });
  };
  const id = (name: string) => requireId(String(form.get(name) ?? ""), name);

  if (intent === "create" || intent === "save") {
    const parsed = parsePrePlanForm(form);
    if (!parsed.ok) return invalid(parsed.errors, 400, { intent });
    if (intent === "create") return run(() => createPrePlan(database, user, teamId, year, parsed.data, at));
    return run(() => updatePrePlan(database, user, id("prePlanId"), parsed.data, at));
  }
  if (intent === "confirm") return run(() => confirmPrePlan(database, user, id("prePlanId"), at));
  if (intent === "reopen") return run(() => reopenPrePlan(database, user, id("prePlanId"), at));
  if (intent === "add-deviation") {
    const parsed = parseForm(DeviationSchema, form);
    if (!parsed.ok) return invalid(parsed.errors, 400, { intent });
    return run(() => addDeviation(database, user, id("materialId"), parsed.data, at));
  }
  if (intent === "explain-deviation") {
    const parsed = parseForm(ExplainSchema, form);
    if (!parsed.ok) return invalid(parsed.errors, 400, { intent, deviationId: String(form.get("deviationId") ?? "") });
    return run(() => explainDeviation(database, user, id("materialId"), parsed.data.deviationId, parsed.data.explanation, at));
  }
  if (intent === "remove-deviation") return run(() => removeDeviation(database, user, id("materialId"), id("deviationId"), at));
  return invalid({ form: "That action is not available on this page." });
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Result = { ok?: true; intent?: string; errors?: Record<string, string>; values?: Record<string, string> };

export default function PlanPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const intent = result?.intent ?? result?.values?.intent;
  const errorsFor = (...intents: string[]) => (intent && intents.includes(intent) ? (result?.errors ?? {}) : {});
  const [editing, setEditing] = useState(false);
  const { team, year, prePlan, plan } = data;
  const showForm = data.can.create || (data.can.edit && (editing || Boolean(Object.keys(errorsFor("save")).length)));

  return (
    <>
      <div className="spread">
        <h1>
          {team.name} · {year}
        </h1>
        <Link to="/plans">All plans</Link>
      </div>
      <div className="grid-2 plan-page">
        <section className="card" aria-labelledby="preplan-heading" data-testid="pre-plan">
          <h2 id="preplan-heading">Pre-plan</h2>
          <p className="muted">
            Agreed by the marketing head ({data.marketingHead}) and {team.name}'s sales manager ({team.manager ?? "none named"}).
          </p>
          <FormError error={errorsFor("confirm", "reopen").form ?? (showForm ? undefined : errorsFor("create", "save").form)} />
          {prePlan ? <Agreement data={data} /> : null}
          {showForm ? (
            <PrePlanForm data={data} errors={errorsFor("create", "save")} onCancel={data.can.create ? undefined : () => setEditing(false)} />
          ) : prePlan ? (
            <>
              <PrePlanView prePlan={prePlan} />
              {data.can.edit ? (
                <button type="button" className="secondary" onClick={() => setEditing(true)}>
                  Edit the pre-plan
                </button>
              ) : null}
            </>
          ) : (
            <p className="muted">No pre-plan for {year} yet.</p>
          )}
        </section>

        <section className="card" aria-labelledby="plan-heading" data-testid="plan">
          <h2 id="plan-heading">The plan</h2>
          {!plan ? (
            <>
              <p className="muted">Marketing has not uploaded the plan yet.</p>
              {data.can.uploadPlan && prePlan ? (
                <Link className="button" to={`/materials/new?prePlan=${prePlan.id}`}>
                  Upload the plan
                </Link>
              ) : null}
            </>
          ) : (
            <PlanView data={data} errorsFor={errorsFor} failedDeviationId={result?.values?.deviationId} />
          )}
        </section>
      </div>
    </>
  );
}

function Agreement({ data }: { data: Data }) {
  const prePlan = data.prePlan!;
  return (
    <div className="agreement" data-testid="agreement">
      <p>
        {prePlan.agreed ? (
          <strong className="badge released">Agreed</strong>
        ) : (
          <strong className="badge">Being agreed</strong>
        )}{" "}
        Marketing head: {prePlan.marketingConfirmed ? `confirmed by ${prePlan.marketingConfirmed.by}` : "not confirmed yet"} · Sales manager:{" "}
        {prePlan.salesConfirmed ? `confirmed by ${prePlan.salesConfirmed.by}` : "not confirmed yet"}
      </p>
      <div className="row">
        {data.can.confirmAs.length ? (
          <Form method="post">
            <input type="hidden" name="intent" value="confirm" />
            <input type="hidden" name="prePlanId" value={prePlan.id} />
            <button type="submit">Confirm the pre-plan</button>
          </Form>
        ) : null}
        {data.can.reopen ? (
          <Form method="post">
            <input type="hidden" name="intent" value="reopen" />
            <input type="hidden" name="prePlanId" value={prePlan.id} />
            <button type="submit" className="secondary">
              Reopen
            </button>
          </Form>
        ) : null}
      </div>
    </div>
  );
}

function PrePlanView({ prePlan }: { prePlan: NonNullable<Data["prePlan"]> }) {
  const text = (label: string, value: string) => (
    <div>
      <dt>{label}</dt>
      <dd className="prewrap">{value}</dd>
    </div>
  );
  return (
    <dl className="plan-fields">
      {text("Sales goals", prePlan.salesGoals)}
      {text("Marketing goals", prePlan.marketingGoals)}
      <div>
        <dt>Lead strategies</dt>
        <dd>
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Lead strategies">
          <table className="compact" data-testid="strategies">
            <thead>
              <tr>
                <th>What</th>
                <th>Metric</th>
                <th>Target</th>
                <th>Owner</th>
                <th>By</th>
              </tr>
            </thead>
            <tbody>
              {prePlan.strategies.map((s) => (
                <tr key={s.position}>
                  <td className="prewrap">{s.what}</td>
                  <td>{s.metric}</td>
                  <td>{s.target}</td>
                  <td>{s.owner}</td>
                  <td>{s.dueDate}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        </dd>
      </div>
      {text("Creative reviewers (the committee)", prePlan.reviewers.join(" and "))}
      {text("Plan presentation to the team", prePlan.presentationDate)}
      {text("Strategies that will not involve sales", prePlan.strategiesWithoutSales)}
      {text("Next year's prospect profile", prePlan.prospectProfile)}
      {text("Why it differs from today's customers and pipeline", prePlan.prospectProfileWhy)}
      {text("Recommended changes to materials and tactics sales uses, and why", prePlan.tacticChanges)}
    </dl>
  );
}

function PrePlanForm({ data, errors, onCancel }: { data: Data; errors: Record<string, string>; onCancel?: () => void }) {
  const navigation = useNavigation();
  const p = data.prePlan;
  const rows = Array.from({ length: Math.max(STRATEGY_ROWS, (p?.strategies.length ?? 0) + 2) }, (_, i) => p?.strategies[i] ?? null);
  const area = (name: string, label: string, value: string | undefined, hint?: string) => (
    <Field name={name} label={label} error={errors[name]} hint={hint}>
      {(f) => <textarea {...f} rows={3} maxLength={5000} defaultValue={value ?? ""} />}
    </Field>
  );
  return (
    <Form method="post" noValidate aria-label="Pre-plan">
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
        {errors.strategies ? (
          <div className="field-error" role="alert">
            {errors.strategies}
          </div>
        ) : null}
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Lead strategies to edit">
        <table className="compact strategy-form">
          <thead>
            <tr>
              <th>What</th>
              <th>Metric</th>
              <th>Target</th>
              <th>Owner</th>
              <th>By</th>
            </tr>
          </thead>
          <tbody>
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
                    <option value="">—</option>
                    {data.owners.map((o) => (
                      <option key={o.id} value={o.id}>
                        {o.name}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <input name="strategyDueDate" type="date" aria-label={`Strategy ${i + 1}: date`} defaultValue={s?.dueDate ?? ""} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      </fieldset>
      <fieldset className="field">
        <legend>One or two reps who will review creative (they become the committee)</legend>
        {data.reps.map((r) => (
          <label key={r.id} className="checkbox">
            <input type="checkbox" name="reviewerIds" value={r.id} defaultChecked={p?.reviewerIds.includes(r.id) ?? false} /> {r.name}
            {r.isCommittee ? <span className="badge committee">committee now</span> : null}
          </label>
        ))}
        {errors.reviewerIds ? (
          <div className="field-error" role="alert">
            {errors.reviewerIds}
          </div>
        ) : null}
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

function PlanView({
  data,
  errorsFor,
  failedDeviationId,
}: {
  data: Data;
  errorsFor: (...intents: string[]) => Record<string, string>;
  failedDeviationId?: string;
}) {
  const plan = data.plan!;
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
            {data.can.deviations ? (
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
            {explainErrors.explanation && failedDeviationId === String(d.id) ? (
              <div className="field-error" role="alert">
                {explainErrors.explanation}
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      {data.can.deviations ? (
        <Form method="post" noValidate aria-label="Add a deviation">
          <input type="hidden" name="intent" value="add-deviation" />
          <input type="hidden" name="materialId" value={plan.id} />
          <FormError error={addErrors.form} />
          <Field name="kind" label="Deviation" error={addErrors.kind}>
            {(f) => (
              <select {...f} defaultValue="">
                <option value="" disabled>
                  Choose…
                </option>
                {DEVIATION_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {DEVIATION_KIND_LABELS[k]}
                  </option>
                ))}
              </select>
            )}
          </Field>
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

