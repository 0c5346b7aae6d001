import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import { useCallback, useState } from "react";
import { DocumentViewer } from "~/components/DocumentViewer";
import { ChoiceField, Field, FormError } from "~/components/Field";
import { PageNav } from "~/components/PageNav";
import { TimeLeft } from "~/components/PreviewPanel";
import { attempt, invalid, readForm } from "~/lib/actions.server";
import { now } from "~/lib/clock.server";
import { db } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { requireId, requireUserWith } from "~/lib/permissions.server";
import { EscalationDecisionSchema } from "~/schemas/workflow";
import { decideEscalation } from "~/services/decide-escalation.server";
import { loadEscalation } from "~/services/workflow-views.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Escalation · ${data?.material.title ?? ""} · Collateral Preview` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWith(request, "material:list");
  const escalationId = requireId(params.escalationId, "escalation");
  return loadEscalation(db(), user, escalationId, now());
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUserWith(request, "escalation:decide");
  const escalationId = requireId(params.escalationId, "escalation");
  const parsed = parseForm(EscalationDecisionSchema, await readForm(request));
  if (!parsed.ok) return invalid(parsed.errors);
  const result = await attempt(() => decideEscalation(db(), user, escalationId, parsed.data, now()));
  return result.ok ? { ok: true as const, errors: {} } : invalid(result.errors, result.status);
}

const SIDE_LABELS: Record<string, string> = { sales: "sales' manager", marketing: "marketing's manager", both: "manager of both sides" };

export default function EscalationPage() {
  const data = useLoaderData<typeof loader>();
  const { escalation, comment, version, material } = data;
  const [page, setPage] = useState(comment.page ?? 1);
  const onPageChange = useCallback((n: number) => setPage(n), []);
  const none = useCallback(() => undefined, []);
  const posted = useActionData<ActionResult>();
  const pin = comment.page ? [{ id: comment.id, number: 1, page: comment.page, x: comment.x, y: comment.y, state: comment.state ?? "held" }] : [];
  const materialLink = `/materials/${material.id}?v=${version?.number ?? ""}${comment.page ? `&page=${comment.page}` : ""}`;

  return (
    <div className="material-layout">
      <section className="viewer" aria-label="Where the comment is pinned">
        {version ? (
          <>
            <div className="viewer-toolbar">
              <PageNav page={page} pages={version.pageCount} onChange={onPageChange} />
            </div>
            <DocumentViewer
              fileUrl={`/files/${version.id}`}
              contentType={version.contentType}
              pageCount={version.pageCount}
              page={page}
              zoom={1}
              onPageChange={onPageChange}
              pins={pin}
              selectedPinId={comment.id}
              placing={false}
              draft={null}
              onPinSelect={none}
              onPlace={none}
              thumbnails={false}
            />
          </>
        ) : null}
      </section>

      <aside className="side">
        <section className="card" data-testid="escalation-brief">
          <h1>Escalation: {material.title}</h1>
          <p>
            {escalation.state === "open" ? (
              <>
                Waiting for a decision at level {escalation.level}
                {escalation.clock ? (
                  <>
                    {" "}
                    · <TimeLeft clock={escalation.clock} />
                  </>
                ) : null}
                {escalation.overdue ? <span className="badge overdue"> Overdue at the top of the chain</span> : null}
              </>
            ) : (
              <strong data-testid="escalation-decision">{escalation.decisionLabel}</strong>
            )}
          </p>
          {escalation.state === "decided" ? (
            <p className="muted">
              Decided by {escalation.decidedBy} on <time dateTime={escalation.decidedAt ?? ""}>{escalation.decidedAt?.slice(0, 10)}</time>
              {escalation.note ? <span className="prewrap decision-note"> — {escalation.note}</span> : null}
            </p>
          ) : null}
          <h2>The comment</h2>
          <p className="muted">
            {comment.category} · {comment.page ? `page ${comment.page}` : "whole document"} · version {version?.number} ·{" "}
            <Link to={materialLink}>Open in the material</Link>
          </p>
          <p className="prewrap">{comment.body}</p>
          <div className="grid-2 positions">
            <div data-testid="sales-position">
              <h3>Sales' position ({comment.author})</h3>
              <p className="prewrap">{comment.body}</p>
              {data.sales.map((r) => (
                <p key={r.id} className="prewrap">
                  <strong>{r.author}:</strong> {r.body}
                </p>
              ))}
            </div>
            <div data-testid="marketing-position">
              <h3>Marketing's reason ({comment.answeredBy})</h3>
              <p className="prewrap">{comment.declineReason}</p>
              {data.marketing.map((r) => (
                <p key={r.id} className="prewrap">
                  <strong>{r.author}:</strong> {r.body}
                </p>
              ))}
            </div>
          </div>
          <h2>Addressed to</h2>
          <ol className="levels">
            {data.levels.map((l) => (
              <li key={l.level} className={l.current ? "current" : undefined}>
                Level {l.level}: {l.people.map((p) => `${p.name} (${SIDE_LABELS[p.side] ?? p.side})`).join(", ")}
              </li>
            ))}
          </ol>
        </section>
        {/* Sent without JavaScript after someone else decided (or a second click): the decision form is gone, its answer stays. */}
        {data.canDecide ? <DecideEscalation /> : <FormError error={posted?.errors?.form} />}
      </aside>
    </div>
  );
}

type ActionResult = { ok?: true; errors?: Record<string, string> };

function DecideEscalation() {
  const fetcher = useFetcher<ActionResult>();
  // Set only when the form was posted without JavaScript.
  const posted = useActionData<ActionResult>();
  const errors = fetcher.data?.errors ?? posted?.errors ?? {};
  return (
    <section className="card" aria-labelledby="decide-heading">
      <h2 id="decide-heading">Your decision</h2>
      <fetcher.Form method="post" noValidate>
        <FormError error={errors.form} />
        <ChoiceField
          name="decision"
          legend="Decision"
          hideLegend
          choices={[
            { value: "uphold", label: "Uphold the comment: marketing changes it" },
            { value: "overrule", label: "Overrule it: proceed as is" },
            { value: "compromise", label: "A compromise (write it below)" },
          ]}
          error={errors.decision}
        />
        <Field name="note" label="Note to both sides" error={errors.note} hint="Required for a compromise.">
          {(p) => <textarea {...p} rows={4} maxLength={4000} />}
        </Field>
        <button type="submit" disabled={fetcher.state !== "idle"}>
          Decide
        </button>
      </fetcher.Form>
    </section>
  );
}
