import type { Database } from "../lib/db.server";
import type { Actor } from "../lib/permissions";
import { recordAudit } from "../lib/audit.server";
import type { TeamFormInput } from "../schemas/team";
import { assertSalesManager, assertTeamNameFree, teamFields } from "../rules/team-rules.server";

/** The admin creates a sales team with its time zone and (optionally) its sales manager. */
export async function createTeam(database: Database, actor: Actor, input: TeamFormInput, at: Date) {
  return database.write(async (t) => {
    await assertTeamNameFree(database, t, input.name);
    await assertSalesManager(database, t, input.salesManagerId);
    const team = await database.models.SalesTeam.create(teamFields(input), { transaction: t });
    await recordAudit(database, t, {
      actorId: actor.id,
      action: "team.created",
      entityType: "team",
      entityId: team.id,
      after: teamFields(team),
      at,
    });
    return team;
  });
}
