import type { Database } from "../lib/db.server";
import type { Actor } from "../lib/permissions";
import { requirePermission } from "../lib/permissions";
import { notFound } from "../lib/errors";
import { recordAudit } from "../lib/audit.server";

export async function removeHoliday(database: Database, actor: Actor, id: number, at: Date) {
  requirePermission(actor, "calendar:manage");
  return database.write(async (t) => {
    const holiday = await database.models.Holiday.findByPk(id, { transaction: t });
    if (!holiday) notFound("holiday");
    await holiday.destroy({ transaction: t });
    await recordAudit(database, t, {
      actorId: actor.id,
      action: "holiday.removed",
      entityType: "holiday",
      entityId: id,
      before: { date: holiday.date, name: holiday.name, teamId: holiday.teamId },
      at,
    });
  });
}
