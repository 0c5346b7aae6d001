import { Link } from "@remix-run/react";

/** The administrator's way into users, teams and the audit log. */
export function AdministrationLinks() {
  return (
    <section className="card">
      <h2>Administration</h2>
      <p>
        <Link to="/admin/users">Users</Link> · <Link to="/admin/teams">Sales teams and committees</Link> ·{" "}
        <Link to="/admin/audit">Audit log</Link>
      </p>
    </section>
  );
}
