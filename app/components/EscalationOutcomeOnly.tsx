import type { EscalationPageView } from "~/queries/workflow-views.server";

/** What everyone else who may see the material is told: the outcome, never the brief. */
export function EscalationOutcomeOnly({ data }: { data: Pick<EscalationPageView, "escalation"> }) {
  return (
    <p className="muted" data-testid="outcome-only">
      The discussion of this escalation is private to the two sides and their managers.{" "}
      {data.escalation.state === "open" ? "Its outcome will show here once it is decided." : null}
    </p>
  );
}
