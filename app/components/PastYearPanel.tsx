import { OUTCOMES, OUTCOME_LABELS, type Outcome } from "~/domain/feedback";
import { DataTable, orDash, type Column } from "./DataTable";

export interface PastYearData {
  year: number;
  utilization: { month: string; released: number; opened90: number | null; used90: number | null; neverOpened: number }[];
  feedback: { segment: string | null; total: number; counts: Record<Outcome, number>; shares: Record<Outcome, number | null> }[];
  openRequests: { total: number; rows: { need: string; neededBy: string; accepted: boolean }[] };
  escalations: { category: string; raised: number; decided: number }[];
}

const pct = (v: number | null) => orDash(v, "%");

const utilizationColumns: Column<PastYearData["utilization"][number]>[] = [
  { header: "Month released", cell: (r) => r.month },
  { header: "Released", cell: (r) => r.released },
  { header: "Opened in 90 days", cell: (r) => pct(r.opened90) },
  { header: "Used in 90 days", cell: (r) => pct(r.used90) },
  { header: "Never opened", cell: (r) => r.neverOpened },
];
const escalationColumns: Column<PastYearData["escalations"][number]>[] = [
  { header: "Category", cell: (e) => e.category },
  { header: "Raised", cell: (e) => e.raised },
  { header: "Decided", cell: (e) => e.decided },
];

/** The team's past year beside the pre-plan: what was used, what the field said, what it still asks for, and what was fought over. */
export function PastYearPanel({ past, team }: { past: PastYearData; team: string }) {
  const all = past.feedback.find((f) => f.segment === null);
  const segments = past.feedback.filter((f) => f.segment !== null);
  return (
    <section className="card" aria-labelledby="past-year-heading" data-testid="past-year">
      <h2 id="past-year-heading">
        {team} in {past.year}
      </h2>
      <p className="hint">The year before this plan, as team totals: nobody's own use or feedback.</p>

      <h3>Utilization of released material</h3>
      {past.utilization.length === 0 ? (
        <p className="muted">Nothing was released to the team in {past.year}.</p>
      ) : (
        <DataTable columns={utilizationColumns} rows={past.utilization} rowKey={(r) => r.month} label="Utilization in the past year" testId="past-year-utilization" className="compact" />
      )}

      <h3>Feedback from the field</h3>
      {!all || all.total === 0 ? (
        <p className="muted">No feedback in {past.year}.</p>
      ) : (
        <>
          <p data-testid="past-year-feedback">
            {all.total} feedback: {OUTCOMES.map((o) => `${OUTCOME_LABELS[o].toLowerCase()} ${all.counts[o]} (${pct(all.shares[o])})`).join(", ")}.
          </p>
          <ul className="compact-list">
            {segments.map((s) => (
              <li key={s.segment}>
                {s.segment}: {OUTCOMES.map((o) => `${OUTCOME_LABELS[o].toLowerCase()} ${s.counts[o]}`).join(", ")}
              </li>
            ))}
          </ul>
        </>
      )}

      <h3>Open requests</h3>
      {past.openRequests.total === 0 ? (
        <p className="muted">No request for material is open.</p>
      ) : (
        <>
          <p data-testid="past-year-requests">
            {past.openRequests.total} open request{past.openRequests.total === 1 ? "" : "s"}
            {past.openRequests.total > past.openRequests.rows.length ? `; the ${past.openRequests.rows.length} needed soonest:` : ":"}
          </p>
          <ul className="compact-list">
            {past.openRequests.rows.map((r, i) => (
              <li key={i}>
                {r.need} — needed by {r.neededBy}
                {r.accepted ? " (marketing is on it)" : ""}
              </li>
            ))}
          </ul>
        </>
      )}

      <h3>Escalations by category</h3>
      {past.escalations.length === 0 ? (
        <p className="muted">No escalations in {past.year}.</p>
      ) : (
        <DataTable columns={escalationColumns} rows={past.escalations} rowKey={(e) => e.category} label="Escalations by category in the past year" testId="past-year-escalations" className="compact" />
      )}
    </section>
  );
}
