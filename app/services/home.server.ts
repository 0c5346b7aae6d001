import type { User } from "../../models/index";
import type { Database } from "../lib/db.server";

/** What a user's home page shows about where they sit in the organisation. */
export async function loadHome(database: Database, user: User) {
  const [memberships, managedTeams, manager, reports] = await Promise.all([
    database.models.TeamMembership.findAll({
      where: { userId: user.id },
      include: [{ association: "team", attributes: ["id", "name", "timeZone"] }],
    }),
    database.models.SalesTeam.findAll({ where: { salesManagerId: user.id }, attributes: ["id", "name"], order: [["name", "ASC"]] }),
    user.reportsToId ? database.models.User.findByPk(user.reportsToId, { attributes: ["id", "name", "email"] }) : null,
    database.models.User.findAll({
      where: { reportsToId: user.id, active: true },
      attributes: ["id", "name", "role"],
      order: [["name", "ASC"]],
    }),
  ]);
  return {
    teams: memberships
      .map((m) => ({ id: m.team!.id, name: m.team!.name, timeZone: m.team!.timeZone, isCommittee: m.isCommittee }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    managedTeams: managedTeams.map((t) => ({ id: t.id, name: t.name })),
    manager: manager ? { name: manager.name, email: manager.email } : null,
    reports: reports.map((r) => ({ id: r.id, name: r.name, role: r.role })),
  };
}
