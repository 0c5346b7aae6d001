import { useActionData, useFetcher } from "@remix-run/react";
import type { ActionResult } from "./action-result";
import { ChoiceField, Field, FormError } from "~/components/Field";
import type { EscalationPageView } from "~/queries/workflow-views.server";
import { useFormRules } from "~/hooks/useFormRules";
import type { FormRules } from "~/lib/form-rules";

/** The addressed manager decides alone, proposes, or agrees with or counters the other's proposal. */
export function DecideEscalation({ act, rules }: { act: NonNullable<EscalationPageView["act"]>; rules?: FormRules }) {
  const fetcher = useFetcher<ActionResult>();
  const agree = useFetcher<ActionResult>();
  // Set only when the form was posted without JavaScript.
  const posted = useActionData<ActionResult>();
  const check = useFormRules(rules);
  const errors: Record<string, string | undefined> = { ...(fetcher.data?.errors ?? posted?.errors), ...check.errors };
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
      <fetcher.Form method="post" noValidate onSubmit={check.onSubmit}>
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
          {(p) => <textarea {...p} rows={4} {...check.attributes("note")} />}
        </Field>
        <button type="submit" className={proposal && !proposal.mine ? "secondary" : undefined} disabled={fetcher.state !== "idle"}>
          {act.alone ? "Decide" : proposal && !proposal.mine ? "Counter-propose" : proposal ? "Replace my proposal" : "Propose"}
        </button>
      </fetcher.Form>
    </section>
  );
}
