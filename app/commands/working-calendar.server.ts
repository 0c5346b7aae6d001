import { Op } from "sequelize";
import type { Database } from "../lib/db.server";
import { InputError } from "../lib/errors";
import type { Actor } from "../lib/permissions";
import { requirePermission } from "../lib/permissions";
import { notFound } from "../lib/errors";
import { recordAudit } from "../lib/audit.server";
import { globalWindow, WINDOW_SETTING } from "../lib/working-calendar.server";
import type { ReviewWindow } from "../domain/business-time";

/** The review calendar the admin edits: the global window, each team's own, and holidays. */
export async function loadCalendar(database: Database) {
  const { models } = database;
  const [window, teams, holidays] = await Promise.all([
    globalWindow(database),
    models.SalesTeam.findAll({ attributes: ["id", "name", "timeZone", "windowUnit", "windowValue"], order: [["name", "ASC"]] }),
    models.Holiday.findAll({ order: [["date", "ASC"], ["id", "ASC"]] }),
  ]);
  const teamName = new Map(teams.map((t) => [t.id, t.name]));
  return {
    window,
    teams: teams.map((t) => ({
      id: t.id,
      name: t.name,
      timeZone: t.timeZone,
      window: t.windowUnit && t.windowValue ? { unit: t.windowUnit as ReviewWindow["unit"], value: t.windowValue } : null,
    })),
    holidays: holidays.map((h) => ({ id: h.id, date: h.date, name: h.name, team: h.teamId ? (teamName.get(h.teamId) ?? "") : null })),
  };
}

export async function setGlobalWindow(database: Database, actor: Actor, window: ReviewWindow, at: Date) {
  requirePermission(actor, "calendar:manage");
  return database.write(async (t) => {
    const before = await globalWindow(database, t);
    await database.models.AppSetting.upsert({ key: WINDOW_SETTING, value: JSON.stringify(window) }, { transaction: t });
    await recordAudit(database, t, { actorId: actor.id, action: "calendar.window_set", entityType: "setting", entityId: WINDOW_SETTING, before: { ...before }, after: { ...window }, at });
  });
}

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
