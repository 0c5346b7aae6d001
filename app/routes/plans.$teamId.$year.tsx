import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { formRules } from "~/lib/form-rules.server";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { FormError } from "~/components/Field";
import { PlanView } from "~/components/PlanView";
import { PrePlanForm } from "~/components/PrePlanForm";
import { PrePlanView } from "~/components/PrePlanView";
import { attempt, invalid, readForm } from "~/lib/actions.server";
import { now } from "~/lib/clock.server";
import { db } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { notFound, requireId, requireUserWith } from "~/lib/permissions.server";
import { DeviationSchema, ExplainSchema, parsePrePlanForm, PLAN_FORM_LIMIT_BYTES, PrePlanFields } from "~/schemas/plan";
import { addDeviation } from "~/commands/add-deviation.server";
import { explainDeviation } from "~/commands/explain-deviation.server";
import { removeDeviation } from "~/commands/remove-deviation.server";
import { loadPlanPage } from "~/queries/plan-page.server";
import { pastYearOf } from "~/queries/past-year.server";
import { PastYearPanel } from "~/components/PastYearPanel";
import { confirmPrePlan } from "~/commands/confirm-pre-plan.server";
import { createPrePlan } from "~/commands/create-pre-plan.server";
import { reopenPrePlan } from "~/commands/reopen-pre-plan.server";
import { updatePrePlan } from "~/commands/update-pre-plan.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.team.name ?? "Plan"} ${data?.year ?? ""} · Annual plans · Collateral Preview` }];

function params(raw: { teamId?: string; year?: string }) {
  const teamId = requireId(raw.teamId, "sales team");
  if (!raw.year || !/^20\d{2}$/.test(raw.year)) notFound("year");
  return { teamId, year: Number(raw.year) };
}

export async function loader({ request, params: raw }: LoaderFunctionArgs) {
  const user = await requireUserWith(request, "preplan:view");
  const { teamId, year } = params(raw);
  const page = await loadPlanPage(db(), user, teamId, year, now());
  return { ...page, pastYear: await pastYearOf(db(), teamId, year, now()), preplanRules: formRules(PrePlanFields) };
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
            <PrePlanForm data={data} rules={data.preplanRules} errors={errorsFor("create", "save")} onCancel={data.can.create ? undefined : () => setEditing(false)} />
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

        <PastYearPanel past={data.pastYear} team={team.name} />

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
            <PlanView plan={plan} canEditDeviations={data.can.deviations} errorsFor={errorsFor} failedDeviationId={result?.values?.deviationId} />
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
