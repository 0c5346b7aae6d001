import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { FilterSelect } from "~/components/FilterSelect";
import { FeedbackEntry } from "~/components/FieldFeedback";
import { OUTCOMES, OUTCOME_LABELS } from "~/domain/feedback";
import { db } from "~/lib/db.server";
import { requireUserWith } from "~/lib/permissions.server";
import { fromTheField, FEEDBACK_LIST_LIMIT } from "~/queries/feedback.server";
import { FieldFilterSchema } from "~/schemas/feedback";

export const meta: MetaFunction = () => [{ title: "From the field · Collateral Preview" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWith(request, "feedback:field");
  const params = new URL(request.url).searchParams;
  const filters = FieldFilterSchema.parse({
    outcome: params.get("outcome") || undefined,
    segmentId: params.get("segment") || undefined,
    ownerId: params.get("owner") || undefined,
  });
  return fromTheField(db(), user, filters);
}

/** "From the field": what reps report about released material, newest first, for marketing to answer. */
export default function FromTheField() {
  const data = useLoaderData<typeof loader>();
  const filtered = data.filters.outcome || data.filters.segmentId || (data.picks && data.owner !== "all");
  return (
    <>
      <h1>From the field</h1>
      <p className="muted">
        {data.picks ? "Feedback reps posted on released material, newest first." : "Feedback reps posted on your released material, newest first."} Answer in
        the thread under each: the rep is told.
      </p>
      <Form method="get" className="row" aria-label="Filter the feedback">
        {data.picks ? (
          <FilterSelect name="owner" label="Material of" any="All marketers" value={data.owner === "all" ? "" : data.owner} options={data.marketers.map((m) => ({ value: m.id, label: m.name }))} />
        ) : null}
        <FilterSelect name="outcome" label="How it went" any="Any outcome" value={data.filters.outcome} options={OUTCOMES.map((o) => ({ value: o, label: OUTCOME_LABELS[o] }))} />
        <FilterSelect name="segment" label="Segment" any="Any segment" value={data.filters.segmentId} options={data.segments.map((s) => ({ value: s.id, label: s.name }))} />
        <button type="submit">Filter</button>
        {filtered ? <Link to="/feedback">Clear</Link> : null}
      </Form>
      <section className="card" aria-label="Feedback">
        {data.items.length === 0 ? <p className="muted">{filtered ? "No feedback matches these filters." : "No feedback from the field yet."}</p> : null}
        {data.items.length === FEEDBACK_LIST_LIMIT ? <p className="muted">The newest {FEEDBACK_LIST_LIMIT}; filter to see older ones.</p> : null}
        <ol className="threads" data-testid="field-feedback">
          {data.items.map((item) => (
            <FeedbackEntry key={item.id} item={item} replyRules={data.replyRules} showMaterial />
          ))}
        </ol>
      </section>
    </>
  );
}
