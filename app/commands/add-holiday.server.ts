import { Op } from "sequelize";
import type { Database } from "../lib/db.server";
import { InputError } from "../lib/errors";
import type { Actor } from "../lib/permissions";
import { requirePermission } from "../lib/permissions";
import { recordAudit } from "../lib/audit.server";

export async function addHoliday(database: Database, actor: Actor, input: { date: string; name: string; teamId: number | null }, at: Date) {
  requirePermission(actor, "calendar:manage");
  return database.write(async (t) => {
    const { models } = database;
    if (input.teamId !== null && !(await models.SalesTeam.findByPk(input.teamId, { transaction: t }))) {
      throw new InputError({ teamId: "That sales team does not exist." });
    }
    const clash = await models.Holiday.findOne({
      where: { date: input.date, teamId: input.teamId === null ? { [Op.is]: null } : { [Op.in]: [input.teamId] } },
      transaction: t,
    });
    if (clash) throw new InputError({ date: `${input.date} is already a holiday (${clash.name}).` }, 409);
    const holiday = await models.Holiday.create(input, { transaction: t });
    await recordAudit(database, t, { actorId: actor.id, action: "holiday.added", entityType: "holiday", entityId: holiday.id, after: input, at });
    return holiday;
  });
}
