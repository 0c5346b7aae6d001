import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { db } from "~/lib/db.server";
import { can, ROLE_LABELS } from "~/lib/permissions";
import { requirePermission } from "~/lib/permissions.server";
import { requireUser } from "~/lib/session.server";
import { loadHome } from "~/services/home.server";
import { now } from "~/lib/clock.server";
import { DecisionQueue, EscalationQueue, RoundQueue } from "~/components/Queues";
import { escalationsFor, openRoundsOwnedBy, pendingDecisionsFor } from "~/services/workflow-views.server";

export const meta: MetaFunction = () => [{ title: "Home · Collateral Preview" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "home:view");
  const database = db();
  const at = now();
  const home = await loadHome(database, user);
  const queues = {
    decisions: user.role === "sales" ? await pendingDecisionsFor(database, user, at) : null,
    escalations: user.role === "manager" ? await escalationsFor(database, user, at) : null,
    rounds: user.role === "marketer" ? await openRoundsOwnedBy(database, user, at) : null,
  };
  return {
    queues,
    user: { id: user.id, name: user.name, email: user.email, role: user.role, timeZone: user.timeZone, active: user.active },
    ...home,
  };
}

export default function Home() {
  const { user, teams, managedTeams, manager, reports, queues } = useLoaderData<typeof loader>();
  const teamLine =
    teams.length > 0
      ? teams.map((t) => `${t.name}${t.isCommittee ? " (committee)" : ""}`).join(", ")
      : managedTeams.length > 0
        ? managedTeams.map((t) => `${t.name} (sales manager)`).join(", ")
        : user.role === "marketer" || user.role === "manager"
          ? "Marketing"
          : "No team";
  return (
    <>
      <section className="card" data-testid="identity">
        <h1>Welcome, {user.name}</h1>
        <dl className="row">
          <div>
            <dt className="muted">Role</dt>
            <dd data-testid="role">{ROLE_LABELS[user.role]}</dd>
          </div>
          <div>
            <dt className="muted">Team</dt>
            <dd data-testid="team">{teamLine}</dd>
          </div>
          <div>
            <dt className="muted">Reports to</dt>
            <dd>{manager ? manager.name : "Nobody (top of the chain)"}</dd>
          </div>
          <div>
            <dt className="muted">Time zone</dt>
            <dd>{user.timeZone}</dd>
          </div>
        </dl>
      </section>

      {queues.escalations ? (
        <section className="card">
          <h2>Escalations waiting for your decision</h2>
          <EscalationQueue items={queues.escalations} />
        </section>
      ) : null}
      {queues.decisions && teams.some((t) => t.isCommittee) ? (
        <section className="card">
          <h2>Previews waiting for your decision</h2>
          <DecisionQueue items={queues.decisions} />
        </section>
      ) : null}
      {queues.rounds ? (
        <section className="card">
          <h2>Your materials in preview</h2>
          <RoundQueue items={queues.rounds} />
        </section>
      ) : null}

      {teams.some((t) => t.isCommittee) ? (
        <section className="card">
          <h2>Your committee seat</h2>
          <p>
            You preview marketing material for{" "}
            {teams
              .filter((t) => t.isCommittee)
              .map((t) => t.name)
              .join(" and ")}{" "}
            before it reaches customers. Each preview gives you two business days to comment and decide.
          </p>
        </section>
      ) : null}

      {reports.length > 0 ? (
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
      ) : null}

      <section className="card">
        <h2>Your deadlines in your calendar</h2>
        <p>
          <Link to="/account/calendar">Calendar feed</Link>: plan presentations and every review and escalation deadline that
          concerns you, in Outlook, Google or Apple Calendar.
        </p>
      </section>

      {can(user, "admin:access") ? (
        <section className="card">
          <h2>Administration</h2>
          <p>
            <Link to="/admin/users">Users</Link> · <Link to="/admin/teams">Sales teams and committees</Link> ·{" "}
            <Link to="/admin/audit">Audit log</Link>
          </p>
        </section>
      ) : null}
    </>
  );
}
