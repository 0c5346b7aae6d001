import type { Transaction } from "sequelize";
import type { Database } from "../lib/db.server";
import type { Delivery, PreferenceKind } from "../domain/notifications";

/** Writes a person's choices; "immediately", the default, is stored as no row. */
export async function storePreferences(database: Database, t: Transaction, userId: number, changes: [PreferenceKind, Delivery][], at: Date) {
  for (const [kind, delivery] of changes) {
    if (delivery === "immediately") await database.models.NotificationPreference.destroy({ where: { userId, kind }, transaction: t });
    else await database.models.NotificationPreference.upsert({ userId, kind, delivery, updatedAt: at }, { transaction: t });
  }
}
