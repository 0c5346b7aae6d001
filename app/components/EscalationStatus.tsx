import { TimeLeft } from "~/components/PreviewPanel";
import type { EscalationPageView } from "~/queries/workflow-views.server";

/** Where an escalation stands: the level waiting to decide and its clock, or the decision made. */
export function EscalationStatus({ escalation }: Pick<EscalationPageView, "escalation">) {
  return (
    <>
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
    </>
  );
}
