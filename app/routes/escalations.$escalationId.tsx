import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import { useCallback, useState } from "react";
import { ReadOnlyDocumentViewer } from "~/components/DocumentViewer";
import { ChoiceField, Field, FormError } from "~/components/Field";
import { PageNav } from "~/components/PageNav";
import { TimeLeft } from "~/components/PreviewPanel";
import { attempt, invalid, readForm } from "~/lib/actions.server";
import { now } from "~/lib/clock.server";
import { db } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { requireId, requireUserWith } from "~/lib/permissions.server";
import { AgreeSchema, EscalationDecisionSchema, EscalationMessageSchema } from "~/schemas/workflow";
import { actOnEscalation } from "~/commands/act-on-escalation.server";
import { postEscalationMessage } from "~/commands/post-escalation-message.server";
import { loadEscalation } from "~/queries/workflow-views.server";
import { mentionableOnEscalation } from "~/rules/mentions.server";
import { MentionTextarea } from "~/components/MentionTextarea";
import type { Mentionable } from "~/domain/mentions";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Escalation · ${data?.material.title ?? ""} · Collateral Preview` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWith(request, "material:list");
  const escalationId = requireId(params.escalationId, "escalation");
  const page = await loadEscalation(db(), user, escalationId, now());
  const people = page.canDiscuss ? await mentionableOnEscalation(db(), { id: escalationId, commentId: page.comment.id }) : [];
  return { ...page, people };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUserWith(request, "home:view");
  const escalationId = requireId(params.escalationId, "escalation");
  const formData = await readForm(request);
  const intent = formData.get("intent") ?? "decide";
  const run = async (fn: () => Promise<unknown>) => {
    const result = await attempt(fn);
    return result.ok ? { ok: true as const, errors: {} } : invalid(result.errors, result.status);
  };
  if (intent === "decide") {
    const parsed = parseForm(EscalationDecisionSchema, formData);
    if (!parsed.ok) return invalid(parsed.errors);
    return run(() => actOnEscalation(db(), user, escalationId, { type: "propose", ...parsed.data }, now()));
  }
  if (intent === "agree") {
    const parsed = parseForm(AgreeSchema, formData);
    if (!parsed.ok) return invalid(parsed.errors);
    return run(() => actOnEscalation(db(), user, escalationId, { type: "agree", proposalId: parsed.data.proposalId }, now()));
  }
  if (intent === "message") {
    const parsed = parseForm(EscalationMessageSchema, formData);
    if (!parsed.ok) return invalid(parsed.errors);
    return run(() => postEscalationMessage(db(), user, escalationId, parsed.data.body, now()));
  }
  return invalid({ form: "That action is not available on this page." });
}

const SIDE_LABELS: Record<string, string> = { sales: "sales' manager", marketing: "marketing's manager", both: "manager of both sides" };

export default function EscalationPage() {
  const data = useLoaderData<typeof loader>();
  const { escalation, comment, version, material } = data;
  const [page, setPage] = useState(comment.page ?? 1);
  const onPageChange = useCallback((n: number) => setPage(n), []);
  const posted = useActionData<ActionResult>();
  const pin = comment.page ? [{ id: comment.id, number: 1, page: comment.page, x: comment.x, y: comment.y, w: comment.w, h: comment.h, state: comment.state ?? "held" }] : [];
  const materialLink = `/materials/${material.id}?v=${version?.number ?? ""}${comment.page ? `&page=${comment.page}` : ""}`;

  return (
    <div className="material-layout">
      <section className="viewer" aria-label="Where the comment is pinned">
        {version ? (
          <>
            <div className="viewer-toolbar">
              <PageNav page={page} pages={version.pageCount} onChange={onPageChange} />
            </div>
            <ReadOnlyDocumentViewer
              fileUrl={`/files/${version.id}`}
              contentType={version.contentType}
              pageCount={version.pageCount}
              page={page}
              zoom={1}
              onPageChange={onPageChange}
              pins={pin}
              selectedPinId={comment.id}
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
          {data.insider ? <Brief data={data} materialLink={materialLink} /> : <OutcomeOnly data={data} />}
        </section>
        {data.act ? <DecideEscalation act={data.act} /> : <FormError error={posted?.errors?.form} />}
        {data.insider ? <Discussion messages={data.messages} open={data.canDiscuss} people={data.people} /> : null}
      </aside>
    </div>
  );
}

type ActionResult = { ok?: true; errors?: Record<string, string> };

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

/** Both positions, who it was addressed to at each level, and the proposals made. */
function Brief({ data, materialLink }: { data: Data; materialLink: string }) {
  const { comment, version } = data;
  const objection = comment.kind === "objection";
  return (
    <>
      <h2>{objection ? "The committee's objection to the release" : "The comment"}</h2>
      <p className="muted">
        {objection ? "Whole round" : `${comment.category} · ${comment.page ? `page ${comment.page}` : "whole document"}`} · version {version?.number} ·{" "}
        <Link to={materialLink}>Open in the material</Link>
      </p>
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
          <h3>
            {objection ? "Marketing's reason to release" : "Marketing's reason"} ({comment.answeredBy})
          </h3>
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
      {data.proposals.length ? (
        <>
          <h2>Proposals</h2>
          <ol className="proposals" data-testid="proposals">
            {data.proposals.map((p) => (
              <li key={p.id} className={`proposal-${p.state}`}>
                Level {p.level}, {p.by}: <strong>{p.label}</strong>
                {p.note ? <span className="prewrap"> — {p.note}</span> : null} <span className="muted">({PROPOSAL_STATE_LABELS[p.state]})</span>
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </>
  );
}

const PROPOSAL_STATE_LABELS: Record<string, string> = { open: "waiting for agreement", agreed: "agreed", superseded: "replaced by a counter-proposal" };

/** What everyone else who may see the material is told: the outcome, never the brief. */
function OutcomeOnly({ data }: { data: Data }) {
  return (
    <p className="muted" data-testid="outcome-only">
      The discussion of this escalation is private to the two sides and their managers.{" "}
      {data.escalation.state === "open" ? "Its outcome will show here once it is decided." : null}
    </p>
  );
}

/** The private thread of the parties and the managers addressed. */
function Discussion({ messages, open, people }: { messages: Data["messages"]; open: boolean; people: Mentionable[] }) {
  const fetcher = useFetcher<ActionResult>();
  return (
    <section className="card" aria-labelledby="discussion-heading">
      <h2 id="discussion-heading">Discussion</h2>
      <p className="muted">Only the two sides, the managers it was addressed to and administrators see this.</p>
      {messages.length === 0 ? <p className="muted">No messages yet.</p> : null}
      <ol className="messages" data-testid="discussion">
        {messages.map((m) => (
          <li key={m.id}>
            <strong>{m.author}:</strong> <span className="prewrap">{m.body}</span>{" "}
            <time className="muted" dateTime={m.at}>
              {m.at.slice(0, 16).replace("T", " ")}
            </time>
          </li>
        ))}
      </ol>
      {open ? (
        <fetcher.Form method="post" noValidate key={messages.length}>
          <input type="hidden" name="intent" value="message" />
          <Field name="body" label="Your message" error={fetcher.data?.errors?.body ?? fetcher.data?.errors?.form}>
            {(p) => <MentionTextarea {...p} people={people} rows={3} maxLength={4000} />}
          </Field>
          <button type="submit" className="secondary" disabled={fetcher.state !== "idle"}>
            Post to the discussion
          </button>
        </fetcher.Form>
      ) : null}
    </section>
  );
}

function DecideEscalation({ act }: { act: NonNullable<Data["act"]> }) {
  const fetcher = useFetcher<ActionResult>();
  const agree = useFetcher<ActionResult>();
  // Set only when the form was posted without JavaScript.
  const posted = useActionData<ActionResult>();
  const errors = fetcher.data?.errors ?? posted?.errors ?? {};
  const proposal = act.proposal;
  const heading = act.alone ? "Your decision" : proposal && !proposal.mine ? "Agree, or counter-propose" : proposal ? "Your proposal" : "Propose a decision";
  return (
    <section className="card" aria-labelledby="decide-heading">
      <h2 id="decide-heading">{heading}</h2>
      {!act.alone ? (
        <p className="muted">Two managers are addressed: one proposes, the other agrees — which makes it the decision — or counter-proposes.</p>
      ) : null}
      {proposal ? (
        <div className="proposal" data-testid="open-proposal">
          <p>
            {proposal.mine ? "You proposed" : `${proposal.by} proposes`}: <strong>{proposal.label}</strong>
            {proposal.note ? <span className="prewrap"> — {proposal.note}</span> : null}
          </p>
          {proposal.mine ? (
            <p className="muted">Waiting for the other manager to agree. You can replace your proposal below.</p>
          ) : (
            <agree.Form method="post">
              <input type="hidden" name="intent" value="agree" />
              <input type="hidden" name="proposalId" value={proposal.id} />
              <FormError error={agree.data?.errors?.form} />
              <button type="submit" disabled={agree.state !== "idle"}>
                Agree: make it the decision
              </button>
            </agree.Form>
          )}
        </div>
      ) : null}
      <fetcher.Form method="post" noValidate>
        <input type="hidden" name="intent" value="decide" />
        <FormError error={errors.form} />
        <ChoiceField
          name="decision"
          legend="Decision"
          hideLegend
          choices={[
            { value: "uphold", label: act.choices.uphold },
            { value: "overrule", label: act.choices.overrule },
            { value: "compromise", label: "A compromise (write it below)" },
          ]}
          error={errors.decision}
        />
        <Field name="note" label="Note to both sides" error={errors.note} hint="Required for a compromise.">
          {(p) => <textarea {...p} rows={4} maxLength={4000} />}
        </Field>
        <button type="submit" className={proposal && !proposal.mine ? "secondary" : undefined} disabled={fetcher.state !== "idle"}>
          {act.alone ? "Decide" : proposal && !proposal.mine ? "Counter-propose" : proposal ? "Replace my proposal" : "Propose"}
        </button>
      </fetcher.Form>
    </section>
  );
}
