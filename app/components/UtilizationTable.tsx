import type { UtilizationRow } from "~/domain/usage";
import { DataTable, orDash, type Column } from "./DataTable";

const pct = (v: number | null) => orDash(v, "%");

const columns: Column<UtilizationRow>[] = [
  { header: "Team", cell: (r) => r.team },
  { header: "Month released", cell: (r) => r.month },
  { header: "Released", cell: (r) => r.released },
  { header: "Opened in 30 days", cell: (r) => pct(r.opened30) },
  { header: "Opened in 90 days", cell: (r) => pct(r.opened90) },
  { header: "Used in 30 days", cell: (r) => pct(r.used30) },
  { header: "Used in 90 days", cell: (r) => pct(r.used90) },
  { header: "Never opened (90 days on)", cell: (r) => r.neverOpened },
];

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
        <DataTable columns={columns} rows={rows} rowKey={(r) => `${r.team}-${r.month}`} label="Utilization of released material" testId="utilization-table" />
      )}
    </section>
  );
}
