import { Link, useFetcher } from "@remix-run/react";
import { useState } from "react";
import { ChoiceField, Field, FormError } from "./Field";
import type { Clock } from "~/services/workflow-views.server";

type ActionResult = { ok?: true; errors?: Record<string, string> };

export interface PreviewPanelData {
  status: string;
  rounds: {
    id: number;
    team: string;
    version: number;
    state: "open" | "closed";
    closedAt: string | null;
    clock: Clock | null;
    decisions: { userId: number; name: string; decision: string; label: string; summary: string | null }[];
  }[];
  myPendingRoundIds: number[];
  canSubmit: boolean;
  submitBlocker: string | null;
  release: { blocker: string | null } | null;
}

/** A deadline with the time left; red once it has passed. */
export function TimeLeft({ clock }: { clock: Clock }) {
  return (
    <span className={clock.overdue ? "time-left overdue" : "time-left"} title={clock.deadline} data-testid="time-left">
      {clock.text}
    </span>
  );
}

/**
 * The preview side of a material: submit it, each team's round with its clock and the
 * committee's decisions, the viewer's own decision form, and releasing it.
 */
export function PreviewPanel({ data }: { data: PreviewPanelData }) {
  const submit = useFetcher<ActionResult>();
  const release = useFetcher<ActionResult>();
  const latestVersion = data.rounds[0]?.version;
  const current = data.rounds.filter((r) => r.version === latestVersion);
  const earlier = data.rounds.filter((r) => r.version !== latestVersion);
  return (
    <section className="card" aria-labelledby="preview-heading" data-testid="preview-panel">
      <h2 id="preview-heading">Preview</h2>
      {data.rounds.length === 0 ? <p className="muted">Not submitted for preview yet.</p> : null}
      {current.map((round) => (
        <Round key={round.id} round={round} mine={data.myPendingRoundIds.includes(round.id)} />
      ))}
      {earlier.length ? (
        <details>
          <summary>Earlier previews ({earlier.length})</summary>
          {earlier.map((round) => (
            <Round key={round.id} round={round} mine={false} />
          ))}
        </details>
      ) : null}

      {data.canSubmit && data.submitBlocker ? (
        <p className="muted" data-testid="submit-blocker">
          Not ready to submit: {data.submitBlocker}
        </p>
      ) : null}
      {data.canSubmit && !data.submitBlocker ? (
        <submit.Form method="post">
          <input type="hidden" name="intent" value="submit" />
          <FormError error={submit.data?.errors?.form} />
          <button type="submit" disabled={submit.state !== "idle"}>
            Submit for preview
          </button>
          <p className="muted">Each target team's committee gets the latest version and two business days to decide.</p>
        </submit.Form>
      ) : null}

      {data.release ? (
        <release.Form method="post" className="release">
          <input type="hidden" name="intent" value="release" />
          <FormError error={release.data?.errors?.form} />
          {data.release.blocker ? (
            <p className="muted" data-testid="release-blocker">
              Not ready to release: {data.release.blocker}
            </p>
          ) : (
            <button type="submit" disabled={release.state !== "idle"}>
              Release to the sales teams
            </button>
          )}
        </release.Form>
      ) : null}
      {data.status === "released" ? <p className="badge released">Released</p> : null}
    </section>
  );
}

function Round({ round, mine }: { round: PreviewPanelData["rounds"][number]; mine: boolean }) {
  return (
    <div className="round" data-testid={`round-${round.team}`}>
      <div className="spread">
        <strong>
          {round.team} · version {round.version}
        </strong>
        {round.clock ? <TimeLeft clock={round.clock} /> : <span className="badge">Closed</span>}
      </div>
      <ul className="decisions">
        {round.decisions.map((d) => (
          <li key={d.userId} className={`decision-${d.decision}`}>
            {d.name}: <strong>{d.label}</strong>
            {d.summary ? <div className="prewrap muted">{d.summary}</div> : null}
          </li>
        ))}
      </ul>
      {mine ? <DecideForm roundId={round.id} /> : null}
    </div>
  );
}

function DecideForm({ roundId }: { roundId: number }) {
  const fetcher = useFetcher<ActionResult>();
  const [open, setOpen] = useState(false);
  const errors = fetcher.data?.errors ?? {};
  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)}>
        Decide…
      </button>
    );
  }
  return (
    <fetcher.Form method="post" noValidate className="decide" aria-label="Your decision">
      <input type="hidden" name="intent" value="decide" />
      <input type="hidden" name="roundId" value={roundId} />
      <FormError error={errors.form ?? errors.roundId} />
      <ChoiceField
        name="decision"
        legend="Your decision"
        choices={[
          { value: "approved", label: "Approve" },
          { value: "changes_requested", label: "Request changes" },
        ]}
        error={errors.decision}
      />
      <Field name="summary" label="Summary for marketing and your team" error={errors.summary}>
        {(p) => <textarea {...p} rows={3} maxLength={2000} />}
      </Field>
      <div className="row">
        <button type="submit" disabled={fetcher.state !== "idle"}>
          Record my decision
        </button>
        <button type="button" className="secondary" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </fetcher.Form>
  );
}

/** A comment's escalation, linked from its thread. */
export function EscalationBadge({ escalation }: { escalation: { id: number; label: string; state: string } }) {
  return (
    <Link to={`/escalations/${escalation.id}`} className={`badge escalation-${escalation.state}`} data-testid="escalation-link">
      Escalated · {escalation.label}
    </Link>
  );
}
