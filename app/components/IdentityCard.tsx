import { ROLE_LABELS } from "~/domain/roles";
import type { HomePageView } from "~/queries/home.server";

/** Who the user is: role, team, manager and time zone. */
export function IdentityCard({ user, teams, managedTeams, manager }: Pick<HomePageView, "user" | "teams" | "managedTeams" | "manager">) {
  return (
    <section className="card" data-testid="identity">
      <h1>Welcome, {user.name}</h1>
      <dl className="row">
        <div>
          <dt className="muted">Role</dt>
          <dd data-testid="role">{ROLE_LABELS[user.role]}</dd>
        </div>
        <div>
          <dt className="muted">Team</dt>
          <dd data-testid="team">{teamLine(user.role, teams, managedTeams)}</dd>
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
  );
}

function teamLine(role: string, teams: HomePageView["teams"], managedTeams: HomePageView["managedTeams"]) {
  if (teams.length > 0) return teams.map((t) => `${t.name}${t.isCommittee ? " (committee)" : ""}`).join(", ");
  if (managedTeams.length > 0) return managedTeams.map((t) => `${t.name} (sales manager)`).join(", ");
  return role === "marketer" || role === "manager" ? "Marketing" : "No team";
}
