import { Op } from "sequelize";
import type { Database } from "../lib/db.server";
import { THROTTLE_WINDOW_MS } from "./sign-in.server";

/** Removes the failures older than the window: they no longer count for anything. */
export async function purgeLoginFailures(database: Database, at: Date): Promise<number> {
  const before = new Date(at.getTime() - THROTTLE_WINDOW_MS);
  return database.write((t) => database.models.LoginFailure.destroy({ where: { createdAt: { [Op.lte]: before } }, transaction: t }));
}
