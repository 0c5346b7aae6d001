import { Op, type Transaction } from "sequelize";
import type { Database } from "../lib/db.server";
import type { Delivery, PreferenceKind } from "../domain/notifications";

/** Each person's stored choices (kinds without a row are "immediately"). */
export async function loadDeliveries(database: Database, t: Transaction | undefined, userIds: number[]): Promise<Map<number, Map<PreferenceKind, Delivery>>> {
  const byUser = new Map<number, Map<PreferenceKind, Delivery>>();
  if (userIds.length === 0) return byUser;
  const rows = await database.models.NotificationPreference.findAll({ where: { userId: { [Op.in]: userIds } }, transaction: t });
  for (const row of rows) {
    const mine = byUser.get(row.userId) ?? new Map();
    mine.set(row.kind, row.delivery);
    byUser.set(row.userId, mine);
  }
  return byUser;
}
