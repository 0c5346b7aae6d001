import type { Database } from "../lib/db.server";

/** Active managers, for the "sales manager" choice on a team. */
export async function listManagers(database: Database) {
  const managers = await database.models.User.findAll({
    where: { role: "manager", active: true },
    attributes: ["id", "name"],
    order: [["name", "ASC"]],
  });
  return managers.map((m) => ({ id: m.id, name: m.name }));
}
