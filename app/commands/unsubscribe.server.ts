import type { Database } from "../lib/db.server";
import { InputError } from "../lib/errors";
import { recordAudit } from "../lib/audit.server";
import { PREFERENCES, type Delivery, type PreferenceKind } from "../domain/notifications";
import { storePreferences } from "./store-preferences.server";

/**
 * The one-click change an email's List-Unsubscribe link makes: that kind to in-app only,
 * or, for a kind that cannot be switched off, to the daily digest. Returns what it is now.
 */
export async function unsubscribe(database: Database, userId: number, kind: PreferenceKind, at: Date): Promise<Delivery> {
  const delivery: Delivery = PREFERENCES[kind].required ? "digest" : "in_app";
  await database.write(async (t) => {
    const user = await database.models.User.findByPk(userId, { attributes: ["id"], transaction: t });
    if (!user) throw new InputError({ form: "This link no longer works: the account it was for is gone." }, 404);
    await storePreferences(database, t, userId, [[kind, delivery]], at);
    await recordAudit(database, t, { actorId: userId, action: "user.unsubscribed", entityType: "user", entityId: userId, after: { kind, delivery }, at });
  });
  return delivery;
}
