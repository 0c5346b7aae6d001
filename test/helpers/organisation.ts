import type { Database } from "~/lib/db.server";
import { seedDemoIfEmpty } from "~/lib/seed.server";

export const T0 = new Date("2026-11-20T15:00:00Z");

/** Seeds the demo organisation and returns a lookup of its users by email prefix. */
export async function seedDemo(database: Database, at = T0) {
  await seedDemoIfEmpty(database, at);
  const users = await database.models.User.findAll();
  const teams = await database.models.SalesTeam.findAll();
  const user = (prefix: string) => {
    const found = users.find((u) => u.email === `${prefix}@demo.test`);
    if (!found) throw new Error(`No demo user ${prefix}`);
    return found;
  };
  const team = (name: string) => {
    const found = teams.find((t) => t.name === name);
    if (!found) throw new Error(`No demo team ${name}`);
    return found;
  };
  return { user, team, admin: user("admin") };
}
