import { ROLE_LABELS, type Role } from "~/domain/roles";

/** The people who report to the user, whose disputes come to them. */
export function ReportsList({ reports }: { reports: { id: number; name: string; role: Role }[] }) {
  return (
    <section className="card">
      <h2>Your reports</h2>
      <ul>
        {reports.map((r) => (
          <li key={r.id}>
            {r.name} <span className="muted">· {ROLE_LABELS[r.role]}</span>
          </li>
        ))}
      </ul>
      <p className="muted">Disputes your reports raise or receive come to you if they are not settled in time.</p>
    </section>
  );
}
