import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormError } from "~/components/Field";
import { attempt, invalid, readForm } from "~/lib/actions.server";
import { now } from "~/lib/clock.server";
import { db } from "~/lib/db.server";
import { formatBytes } from "~/lib/format";
import { parseForm } from "~/lib/forms";
import { requireId } from "~/lib/permissions.server";
import { requirePermission } from "~/lib/permissions";
import { requireUser } from "~/lib/session.server";
import { REQUEST_STATE_LABELS } from "~/domain/requests";
import { AnswerRequestSchema, DeclineRequestSchema } from "~/schemas/request";
import { acceptRequest } from "~/commands/accept-request.server";
import { declineRequest } from "~/commands/decline-request.server";
import { answerRequest } from "~/commands/answer-request.server";
import { requestPage } from "~/queries/requests.server";
import { loadVisibleRequest } from "~/rules/request-access.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.need ?? "Request"} · Requests · Collateral Preview` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "request:list");
  return requestPage(db(), user, requireId(params.requestId, "request"), now());
}

/** Marketing's answers: accept, decline with a reason, or link a material (intent). */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const requestId = requireId(params.requestId, "request");
  // Someone else's request is the same 404 as one that does not exist, before anything else.
  await loadVisibleRequest(db(), user, requestId);
  requirePermission(user, "request:answer", undefined, "Only marketing answers requests for material.");
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "");
  const at = now();
  if (intent === "accept") {
    const result = await attempt(() => acceptRequest(db(), user, requestId, at));
    return result.ok ? { ok: true as const, intent } : invalid(result.errors, result.status, { intent });
  }
  if (intent === "decline") {
    const parsed = parseForm(DeclineRequestSchema, formData);
    if (!parsed.ok) return invalid(parsed.errors, 400, { intent });
    const result = await attempt(() => declineRequest(db(), user, requestId, parsed.data, at));
    return result.ok ? { ok: true as const, intent } : invalid(result.errors, result.status, { intent });
  }
  if (intent === "answer") {
    const parsed = parseForm(AnswerRequestSchema, formData);
    if (!parsed.ok) return invalid(parsed.errors, 400, { intent });
    const result = await attempt(() => answerRequest(db(), user, requestId, parsed.data, at));
    return result.ok ? { ok: true as const, intent } : invalid(result.errors, result.status, { intent });
  }
  return invalid({ form: "Choose what to do: accept, decline with a reason, or answer with a material." }, 400);
}

export default function RequestPage() {
  const r = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && "errors" in result ? result.errors : {};
  const intent = result && "values" in result ? result.values?.intent : undefined;
  const errorFor = (which: string) => (intent === which ? errors : {});
  // A refusal whose form is no longer shown (the request changed state meanwhile) is said at the top.
  const formShown = r.mayAnswer && (intent !== "accept" || r.mayAccept);
  return (
    <>
      <section className="card">
        <p>
          <Link to="/requests">← Requests</Link>
        </p>
        <h1>{r.need}</h1>
        {formShown ? null : <FormError error={errors.form} />}
        <p data-testid="request-state">
          <strong>{REQUEST_STATE_LABELS[r.state]}</strong>
          {r.overdue ? <span className="warn"> · overdue</span> : null}
        </p>
        <dl>
          <dt className="muted">For which customers</dt>
          <dd>{r.customers}</dd>
          <dt className="muted">Needed by</dt>
          <dd>{r.neededBy}</dd>
          <dt className="muted">Asked by</dt>
          <dd>
            {r.requester} ({r.team})
          </dd>
          {r.details ? (
            <>
              <dt className="muted">Details</dt>
              <dd style={{ whiteSpace: "pre-wrap" }}>{r.details}</dd>
            </>
          ) : null}
          {r.example ? (
            <>
              <dt className="muted">Their own version, as an example</dt>
              <dd>
                <a href={`/requests/${r.id}/example`} data-testid="example-link">
                  {r.example.name}
                </a>{" "}
                <span className="muted">({formatBytes(r.example.size)})</span>
              </dd>
            </>
          ) : null}
          {r.state === "declined" ? (
            <>
              <dt className="muted">Why marketing declined it{r.handledBy ? ` (${r.handledBy})` : ""}</dt>
              <dd data-testid="decline-reason">{r.declineReason}</dd>
            </>
          ) : null}
          {r.material ? (
            <>
              <dt className="muted">Answered with{r.handledBy ? ` (by ${r.handledBy})` : ""}</dt>
              <dd data-testid="answer">
                <Link to={`/materials/${r.material.id}`}>{r.material.title}</Link>{" "}
                <span className="muted">
                  {r.answerKind === "existing" ? "(already released)" : r.releaseToldAt ? "(made for this request, released)" : "(made for this request, not released yet)"}
                </span>
              </dd>
            </>
          ) : null}
        </dl>
      </section>
      {r.mayAnswer ? (
        <section className="card">
          <h2>Answer the request</h2>
          <p className="muted">The requester and their manager are told of each answer.</p>
          {r.mayAccept ? (
            <Form method="post">
              <FormError error={errorFor("accept").form} />
              <input type="hidden" name="intent" value="accept" />
              <button type="submit">Accept: marketing will make it</button>
            </Form>
          ) : null}
          <Form method="post" noValidate>
            <h3>Answer with a material</h3>
            <FormError error={errorFor("answer").form} />
            <input type="hidden" name="intent" value="answer" />
            <Field name="materialId" label="Material for the requester's team" error={errorFor("answer").materialId} hint="A released one answers it now; one not released yet tells the requester at its release.">
              {(p) => (
                <select {...p} defaultValue="">
                  <option value="">Choose…</option>
                  {r.candidates.map((m) => (
                    <option key={m.id} value={m.id}>
                      {m.title} {m.released ? "(released)" : "(not released yet)"}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <button type="submit">Answer with this material</button>
          </Form>
          <Form method="post" noValidate>
            <h3>Decline</h3>
            <FormError error={errorFor("decline").form} />
            <input type="hidden" name="intent" value="decline" />
            <Field name="reason" label="Why marketing will not make it" error={errorFor("decline").reason}>
              {(p) => <textarea {...p} rows={3} maxLength={4000} />}
            </Field>
            <button type="submit">Decline the request</button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
