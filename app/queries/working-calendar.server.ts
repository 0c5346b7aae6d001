import type { Database } from "../lib/db.server";
import { globalWindow } from "../lib/working-calendar.server";
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
