import type { UtilizationRow } from "~/domain/usage";

const pct = (v: number | null) => (v === null ? "—" : `${v}%`);

/**
 * Utilization on the metrics page: per team and month of release, the share of released
 * collateral opened by a rep of the team, and used with a customer, within 30 and 90 days.
 */
export function UtilizationTable({ rows, csvHref }: { rows: UtilizationRow[]; csvHref: string }) {
  return (
    <section aria-labelledby="utilization-heading" data-testid="utilization">
      <div className="spread">
        <h2 id="utilization-heading">Utilization of released material</h2>
        <a className="button secondary" href={csvHref} download>
          Download utilization CSV
        </a>
      </div>
      <p className="muted">
        Of the collateral released to each team in the month, the share its reps opened, and used with a customer, within 30 and 90 days of the release. A share counts only
        material whose window has passed (— until then). Team totals: nobody's own use is shown here.
      </p>
      {rows.length === 0 ? (
        <p className="muted">Nothing released in this range yet.</p>
      ) : (
        <div className="table-scroll">
          <table className="compact metrics" data-testid="utilization-table">
            <thead>
              <tr>
                <th>Team</th>
                <th>Month released</th>
                <th>Released</th>
                <th>Opened in 30 days</th>
                <th>Opened in 90 days</th>
                <th>Used in 30 days</th>
                <th>Used in 90 days</th>
                <th>Never opened (90 days on)</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.team}-${r.month}`}>
                  <td>{r.team}</td>
                  <td>{r.month}</td>
                  <td>{r.released}</td>
                  <td>{pct(r.opened30)}</td>
                  <td>{pct(r.opened90)}</td>
                  <td>{pct(r.used30)}</td>
                  <td>{pct(r.used90)}</td>
                  <td>{r.neverOpened}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
