import { Op, type Transaction } from "sequelize";
import type { Database } from "../lib/db.server";
import { InputError } from "../lib/errors";
import { notFound } from "../lib/errors";
import { checkCommitteeSize } from "../domain/organisation";

/**
 * Loads a team for a change, locking its row on PostgreSQL so two admins editing the same
 * committee at once are serialised (SQLite's IMMEDIATE transaction already is).
 */
export async function loadTeamForUpdate(database: Database, t: Transaction, teamId: number) {
  const team = await database.models.SalesTeam.findByPk(teamId, {
    transaction: t,
    lock: database.dialect === "postgres" ? t.LOCK.UPDATE : undefined,
  });
  if (!team) notFound("sales team");
  return team;
}

export async function assertTeamNameFree(database: Database, t: Transaction, name: string, exceptTeamId?: number) {
  const teams = await database.models.SalesTeam.findAll({
    attributes: ["id", "name"],
    where: exceptTeamId ? { id: { [Op.ne]: exceptTeamId } } : {},
    transaction: t,
  });
  if (teams.some((team) => team.name.toLowerCase() === name.trim().toLowerCase())) {
    throw new InputError({ name: "Another sales team already has this name." });
  }
}

/** A team's sales manager must be an active user with the manager role. */
export async function assertSalesManager(database: Database, t: Transaction, managerId: number | null) {
  if (managerId === null) return;
  const manager = await database.models.User.findByPk(managerId, { transaction: t });
  if (!manager || !manager.active) throw new InputError({ salesManagerId: "That person does not exist." });
  if (manager.role !== "manager") {
    throw new InputError({ salesManagerId: `${manager.name} is not a manager. Give them the manager role first.` });
  }
}

/** The fields of a team that the admin's team form sets, as they are saved and as the audit log records them. */
export function teamFields(team: { name: string; timeZone: string; salesManagerId?: number | null }) {
  return { name: team.name, timeZone: team.timeZone, salesManagerId: team.salesManagerId ?? null };
}

/** Refuses a seat on the team's committee when it already has its maximum of members. */
export async function assertCommitteeSeat(
  database: Database,
  t: Parameters<Parameters<Database["write"]>[0]>[0],
  teamId: number,
  userId: number,
) {
  const seats = await database.models.TeamMembership.findAll({
    where: { teamId, isCommittee: true },
    attributes: ["userId"],
    transaction: t,
  });
  const rule = checkCommitteeSize(
    seats.map((s) => s.userId),
    userId,
  );
  if (!rule.ok) throw new InputError({ userId: rule.message });
}
