import { Op, fn, col, where, type Transaction } from "sequelize";
import type { Database } from "../lib/db.server";
import { InputError } from "../lib/errors";

/**
 * Segment names are unique whatever their case ("Mid-market" and "mid-market" are one
 * segment); the unique index catches the same spelling, this check the rest. An archived
 * segment keeps its name: restore it rather than add it again.
 */
export async function refuseTakenName(database: Database, t: Transaction, name: string, exceptId: number | null) {
  // Two admins adding "Retail" and "retail" at once: on PostgreSQL the second waits for the
  // first's commit, then sees it (SQLite's write transactions already run one at a time).
  // The list changes a few times a year, so holding it for a moment costs nothing.
  if (database.dialect === "postgres") await database.sequelize.query("LOCK TABLE customer_segments IN SHARE ROW EXCLUSIVE MODE", { transaction: t });
  const clash = await database.models.CustomerSegment.findOne({
    where: { [Op.and]: [where(fn("LOWER", col("name")), name.toLowerCase()), { id: { [Op.ne]: exceptId ?? -1 } }] },
    transaction: t,
  });
  if (clash) {
    throw new InputError({ name: `There is already a segment called “${clash.name}”${clash.archived ? " (archived: restore it instead)" : ""}.` }, 409);
  }
}

/** The same spelling twice at once: the unique index refuses the second, with the same message. */
export function isUniqueClash(error: unknown) {
  return (error as { name?: string } | null)?.name === "SequelizeUniqueConstraintError";
}
