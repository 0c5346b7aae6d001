import type { User } from "../../models/index";
import { selectRows, type Database } from "../lib/db.server";
import type { Role } from "../domain/roles";

/** What a user's home page shows about where they sit in the organisation (plain queries: every home asks). */
export async function loadHome(database: Database, user: User) {
  const [teams, managedTeams, managers, reports] = await Promise.all([
    selectRows<{ id: number; name: string; timeZone: string; isCommittee: boolean | number }>(
      database,
      `SELECT t.id, t.name, t."timeZone", tm."isCommittee" FROM team_memberships tm JOIN sales_teams t ON t.id = tm."teamId" WHERE tm."userId" = :id ORDER BY t.name`,
      { id: user.id },
    ),
    selectRows<{ id: number; name: string }>(database, `SELECT id, name FROM sales_teams WHERE "salesManagerId" = :id ORDER BY name`, { id: user.id }),
    user.reportsToId ? selectRows<{ name: string; email: string }>(database, `SELECT name, email FROM users WHERE id = :id`, { id: user.reportsToId }) : [],
    selectRows<{ id: number; name: string; role: Role }>(database, `SELECT id, name, role FROM users WHERE "reportsToId" = :id AND active = :active ORDER BY name`, {
      id: user.id,
      active: true,
    }),
  ]);
  return {
    teams: teams.map((t) => ({ id: t.id, name: t.name, timeZone: t.timeZone, isCommittee: Boolean(t.isCommittee) })),
    managedTeams,
    manager: managers[0] ? { name: managers[0].name, email: managers[0].email } : null,
    reports,
  };
}
