import type { Database } from "../lib/db.server";
import { InputError } from "../lib/errors";
import type { Actor } from "../lib/permissions";
import { requirePermission } from "../lib/permissions";
import { recordAudit } from "../lib/audit.server";
import type { ReviewWindow } from "../domain/business-time";

/** A team's own window, or null to use the global one. */
export async function setTeamWindow(database: Database, actor: Actor, teamId: number, window: ReviewWindow | null, at: Date) {
  requirePermission(actor, "calendar:manage");
  return database.write(async (t) => {
    const team = await database.models.SalesTeam.findByPk(teamId, { transaction: t });
    if (!team) throw new InputError({ teamId: "That sales team does not exist." }, 404);
    const before = team.windowUnit ? { unit: team.windowUnit, value: team.windowValue } : null;
    await team.update({ windowUnit: window?.unit ?? null, windowValue: window?.value ?? null }, { transaction: t });
    await recordAudit(database, t, { actorId: actor.id, action: "team.window_set", entityType: "team", entityId: teamId, before, after: window ? { ...window } : null, at });
  });
}
