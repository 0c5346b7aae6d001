import type { Database } from "../lib/db.server";
import { InputError } from "../lib/errors";
import { recordAudit } from "../lib/audit.server";
import type { Delivery, PreferenceKind } from "../domain/notifications";
import { PreferencesSchema } from "../schemas/notifications";
import { storePreferences } from "./store-preferences.server";

/** Saves the person's choices from the preferences form; nothing is saved if one field is wrong. */
export async function setPreferences(database: Database, actor: { id: number }, fields: Record<string, string>, at: Date) {
  const parsed = PreferencesSchema.safeParse(fields);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
    throw new InputError(errors);
  }
  const changes = Object.entries(parsed.data) as [PreferenceKind, Delivery][];
  await database.write(async (t) => {
    await storePreferences(database, t, actor.id, changes, at);
    await recordAudit(database, t, { actorId: actor.id, action: "user.notification_preferences", entityType: "user", entityId: actor.id, after: Object.fromEntries(changes), at });
  });
}
