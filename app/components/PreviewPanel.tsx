import { Link, useFetcher } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { ChoiceField, Field, FormError } from "./Field";
import { ConfirmAction } from "./ConfirmAction";
import type { Clock } from "~/queries/workflow-views.server";
import { useFormRules } from "~/hooks/useFormRules";
import type { FormRules } from "~/lib/form-rules";

type ActionResult = { ok?: true; errors?: Record<string, string> };

export interface PreviewPanelData {
  status: string;
  rounds: {
    id: number;
    team: string;
    version: number;
    state: "open" | "closed" | "withdrawn";
    closedAt: string | null;
    clock: Clock | null;
    decisions: { userId: number; name: string; decision: string; label: string; summary: string | null }[];
  }[];
  myPendingRoundIds: number[];
  canSubmit: boolean;
  canWithdraw: boolean;
  archivedAt: string | null;
  submitBlocker: string | null;
  release: {
    block: { message: string; overObjection: { objectors: string[] } | null } | null;
    audience: number;
    teams: string[];
    version: number | null;
  } | null;
  released: { version: number | null; at: string | null } | null;
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
export function PreviewPanel({ data, rules = {} }: { data: PreviewPanelData; rules?: { decide?: FormRules; releaseOverObjection?: FormRules } }) {
  const submit = useFetcher<ActionResult>();
  const latestVersion = data.rounds[0]?.version;
  const current = data.rounds.filter((r) => r.version === latestVersion);
  const earlier = data.rounds.filter((r) => r.version !== latestVersion);
  return (
    <section className="card" aria-labelledby="preview-heading" data-testid="preview-panel">
      <h2 id="preview-heading">Preview</h2>
      {data.rounds.length === 0 ? <p className="muted">Not submitted for preview yet.</p> : null}
      {current.map((round) => (
        <Round key={round.id} round={round} mine={data.myPendingRoundIds.includes(round.id)} rules={rules.decide} />
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

      {data.canWithdraw ? <WithdrawPreview /> : null}
      {data.release ? <ReleaseControls release={data.release} rules={rules.releaseOverObjection} /> : null}
      {data.released ? (
        <p className="badge released" data-testid="released-badge">
          Released{data.released.version ? ` (version ${data.released.version})` : ""}
          {data.released.at ? ` on ${data.released.at.slice(0, 10)}` : ""}
        </p>
      ) : null}
      {data.archivedAt ? (
        <p className="badge" data-testid="archived-badge">
          Archived on {data.archivedAt.slice(0, 10)}: no longer in the library
        </p>
      ) : null}
    </section>
  );
}

/**
 * What blocks the release and what to do, or the release itself, which asks for
 * confirmation and names who will be told. Where members requested changes, marketing
 * may ask to release over their objection, with a reason the managers decide on.
 */
function ReleaseControls({ release, rules }: { release: NonNullable<PreviewPanelData["release"]>; rules?: FormRules }) {
  const over = useFetcher<ActionResult>();
  const check = useFormRules(rules);
  const errors = { ...over.data?.errors, ...check.errors };
  const { block } = release;
  const who = `the ${release.audience} ${release.audience === 1 ? "person" : "people"} of ${release.teams.join(" and ")}`;
  if (block && !block.overObjection) {
    return (
      <p className="muted" data-testid="release-blocker">
        Not ready to release: {block.message}
      </p>
    );
  }
  if (block?.overObjection) {
    return (
      <div className="release">
        <p className="muted" data-testid="release-blocker">
          Not ready to release: {block.message}
        </p>
        <details>
          <summary>Release over the committee's objection…</summary>
          <over.Form method="post" noValidate onSubmit={check.onSubmit}>
            <input type="hidden" name="intent" value="release_over_objection" />
            <FormError error={errors.form} />
            <p className="muted">The committee does not outrank marketing, but it does not lose either: your reason and their objection go to both sides' managers. The material is released only if they overrule the objection.</p>
            <Field name="reason" label="Why it should go out as it is" error={errors.reason}>
              {(p) => <textarea {...p} rows={3} {...check.attributes("reason")} />}
            </Field>
            <button type="submit" className="danger" disabled={over.state !== "idle"}>
              Send to the managers
            </button>
          </over.Form>
        </details>
      </div>
    );
  }
  return (
    <ConfirmAction
      className="release"
      testId="release-controls"
      summary={<span className="button">Release version {release.version} to the sales teams…</span>}
      intent="release"
      fields={{ confirm: "yes" }}
      button="Yes, release it"
    >
      <p data-testid="release-confirm">
        This tells {who} that version {release.version} is coming to customers, with what the committee decided.
      </p>
    </ConfirmAction>
  );
}

/** Marketing withdraws the running preview; it asks first, since the committee is told. */
function WithdrawPreview() {
  return (
    <ConfirmAction className="withdraw" summary="Withdraw this preview…" intent="withdraw_preview" button="Withdraw the preview" danger>
      <p className="muted">The committee is told and need not decide; nothing escalates from this preview. You can submit it again, or upload a new version.</p>
    </ConfirmAction>
  );
}

function Round({ round, mine, rules }: { round: PreviewPanelData["rounds"][number]; mine: boolean; rules?: FormRules }) {
  const box = useRef<HTMLDivElement>(null);
  const [recorded, setRecorded] = useState("");
  // After deciding, the form is gone: the focus goes to the round, which now shows the decision.
  const decided = useCallback(() => {
    setRecorded("Your decision is recorded.");
    box.current?.focus();
  }, []);
  return (
    <div className="round" data-testid={`round-${round.team}`} ref={box} tabIndex={-1}>
      <div className="spread">
        <strong>
          {round.team} · version {round.version}
        </strong>
        {round.clock ? <TimeLeft clock={round.clock} /> : <span className="badge">{round.state === "withdrawn" ? "Withdrawn" : "Closed"}</span>}
      </div>
      <ul className="decisions">
        {round.decisions.map((d) => (
          <li key={d.userId} className={`decision-${d.decision}`}>
            {d.name}: <strong>{d.label}</strong>
            {d.summary ? <div className="prewrap muted">{d.summary}</div> : null}
          </li>
        ))}
      </ul>
      <p className="visually-hidden" aria-live="polite" data-testid="decision-announcer">
        {recorded}
      </p>
      {mine ? <DecideForm roundId={round.id} onDone={decided} rules={rules} /> : null}
    </div>
  );
}

function DecideForm({ roundId, onDone, rules }: { roundId: number; onDone(): void; rules?: FormRules }) {
  const fetcher = useFetcher<ActionResult>();
  const check = useFormRules(rules);
  const [open, setOpen] = useState(false);
  const errors = { ...fetcher.data?.errors, ...check.errors };
  // As soon as the decision is saved (the page reloads its data next, and this form goes away).
  useEffect(() => {
    if (fetcher.data?.ok) onDone();
  }, [fetcher.data, onDone]);
  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)}>
        Decide…
      </button>
    );
  }
  return (
    <fetcher.Form method="post" noValidate className="decide" aria-label="Your decision" onSubmit={check.onSubmit}>
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
        {(p) => <textarea {...p} rows={3} {...check.attributes("summary")} />}
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
