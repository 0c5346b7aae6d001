import { OUTCOMES, OUTCOME_LABELS, type Outcome } from "~/domain/feedback";

export interface PastYearData {
  year: number;
  utilization: { month: string; released: number; opened90: number | null; used90: number | null; neverOpened: number }[];
  feedback: { segment: string | null; total: number; counts: Record<Outcome, number>; shares: Record<Outcome, number | null> }[];
  openRequests: { total: number; rows: { need: string; neededBy: string; accepted: boolean }[] };
  escalations: { category: string; raised: number; decided: number }[];
}

const pct = (v: number | null) => (v === null ? "—" : `${v}%`);

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
        <table className="compact" data-testid="past-year-utilization">
          <thead>
            <tr>
              <th>Month released</th>
              <th>Released</th>
              <th>Opened in 90 days</th>
              <th>Used in 90 days</th>
              <th>Never opened</th>
            </tr>
          </thead>
          <tbody>
            {past.utilization.map((r) => (
              <tr key={r.month}>
                <td>{r.month}</td>
                <td>{r.released}</td>
                <td>{pct(r.opened90)}</td>
                <td>{pct(r.used90)}</td>
                <td>{r.neverOpened}</td>
              </tr>
            ))}
          </tbody>
        </table>
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
        <table className="compact" data-testid="past-year-escalations">
          <thead>
            <tr>
              <th>Category</th>
              <th>Raised</th>
              <th>Decided</th>
            </tr>
          </thead>
          <tbody>
            {past.escalations.map((e) => (
              <tr key={e.category}>
                <td>{e.category}</td>
                <td>{e.raised}</td>
                <td>{e.decided}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
