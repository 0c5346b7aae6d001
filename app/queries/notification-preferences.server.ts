import type { Database } from "../lib/db.server";
import { PREFERENCE_KINDS, PREFERENCES, deliveriesFor, effectiveDelivery } from "../domain/notifications";
import { loadDeliveries } from "../rules/notification-deliveries.server";

/** The preferences page: every kind, what it covers, what the person chose and may choose. */
export async function preferencesOf(database: Database, userId: number) {
  const mine = (await loadDeliveries(database, undefined, [userId])).get(userId) ?? new Map();
  return PREFERENCE_KINDS.map((kind) => ({
    kind,
    label: PREFERENCES[kind].label,
    required: PREFERENCES[kind].required,
    delivery: effectiveDelivery(kind, mine.get(kind)),
    choices: deliveriesFor(kind),
  }));
}
