import type { Database } from "../lib/db.server";
import type { Actor } from "../lib/permissions";
import { recordAudit } from "../lib/audit.server";
import type { TeamFormInput } from "../schemas/team";
import { assertSalesManager, assertTeamNameFree, loadTeamForUpdate, teamFields } from "../rules/team-rules.server";

/** The admin renames a team, changes its time zone or its sales manager. */
export async function updateTeam(database: Database, actor: Actor, teamId: number, input: TeamFormInput, at: Date) {
  return database.write(async (t) => {
    const team = await loadTeamForUpdate(database, t, teamId);
    await assertTeamNameFree(database, t, input.name, teamId);
    await assertSalesManager(database, t, input.salesManagerId);
    const before = teamFields(team);
    await team.update(teamFields(input), { transaction: t });
    await recordAudit(database, t, {
      actorId: actor.id,
      action: "team.updated",
      entityType: "team",
      entityId: team.id,
      before,
      after: teamFields(team),
      at,
    });
    return team;
  });
}
