import type { Database } from "../lib/db.server";
import type { Actor } from "../lib/permissions";
import { recordAudit } from "../lib/audit.server";
import type { TeamFormInput } from "../schemas/team";
import { assertSalesManager, assertTeamNameFree, loadTeamForUpdate } from "./team-rules.server";

/** The admin renames a team, changes its time zone or its sales manager. */
export async function updateTeam(database: Database, actor: Actor, teamId: number, input: TeamFormInput, at: Date) {
  return database.write(async (t) => {
    const team = await loadTeamForUpdate(database, t, teamId);
    await assertTeamNameFree(database, t, input.name, teamId);
    await assertSalesManager(database, t, input.salesManagerId);
    const before = { name: team.name, timeZone: team.timeZone, salesManagerId: team.salesManagerId ?? null };
    await team.update(
      { name: input.name, timeZone: input.timeZone, salesManagerId: input.salesManagerId },
      { transaction: t },
    );
    await recordAudit(database, t, {
      actorId: actor.id,
      action: "team.updated",
      entityType: "team",
      entityId: team.id,
      before,
      after: { name: team.name, timeZone: team.timeZone, salesManagerId: team.salesManagerId ?? null },
      at,
    });
    return team;
  });
}
