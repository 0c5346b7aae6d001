import { Op, type Transaction } from "sequelize";
import { DEFAULT_WINDOW, type ReviewWindow, type WindowUnit } from "../domain/business-time";
import type { Database } from "./db.server";

export const WINDOW_SETTING = "review_window";

export async function globalWindow(database: Database, t?: Transaction): Promise<ReviewWindow> {
  const row = await database.models.AppSetting.findByPk(WINDOW_SETTING, { transaction: t });
  if (!row) return DEFAULT_WINDOW;
  const parsed = JSON.parse(row.value) as ReviewWindow;
  return { unit: parsed.unit, value: Number(parsed.value) };
}

/** A team's working calendar: its time zone, its window (or the global one) and its holidays plus everyone's. */
export async function teamCalendar(database: Database, teamId: number, t?: Transaction) {
  const team = await database.models.SalesTeam.findByPk(teamId, { transaction: t });
  if (!team) throw new Error(`No team ${teamId}`);
  const holidays = await database.models.Holiday.findAll({
    where: { [Op.or]: [{ teamId }, { teamId: null }] },
    attributes: ["date"],
    transaction: t,
  });
  const window: ReviewWindow =
    team.windowUnit && team.windowValue ? { unit: team.windowUnit as WindowUnit, value: team.windowValue } : await globalWindow(database, t);
  return { timeZone: team.timeZone, window, holidays: new Set(holidays.map((h) => h.date)) };
}
