import { Op, type Transaction } from "sequelize";
import type { Database } from "../lib/db.server";
import { InputError } from "../lib/errors";
import { recordAudit } from "../lib/audit.server";
import { PREFERENCE_KINDS, PREFERENCES, deliveriesFor, effectiveDelivery, type Delivery, type PreferenceKind } from "../domain/notifications";
import { PreferencesSchema } from "../schemas/notifications";

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

async function store(database: Database, t: Transaction, userId: number, changes: [PreferenceKind, Delivery][], at: Date) {
  for (const [kind, delivery] of changes) {
    if (delivery === "immediately") await database.models.NotificationPreference.destroy({ where: { userId, kind }, transaction: t });
    else await database.models.NotificationPreference.upsert({ userId, kind, delivery, updatedAt: at }, { transaction: t });
  }
}

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
    await store(database, t, actor.id, changes, at);
    await recordAudit(database, t, { actorId: actor.id, action: "user.notification_preferences", entityType: "user", entityId: actor.id, after: Object.fromEntries(changes), at });
  });
}

/**
 * The one-click change an email's List-Unsubscribe link makes: that kind to in-app only,
 * or, for a kind that cannot be switched off, to the daily digest. Returns what it is now.
 */
export async function unsubscribe(database: Database, userId: number, kind: PreferenceKind, at: Date): Promise<Delivery> {
  const delivery: Delivery = PREFERENCES[kind].required ? "digest" : "in_app";
  await database.write(async (t) => {
    const user = await database.models.User.findByPk(userId, { attributes: ["id"], transaction: t });
    if (!user) throw new InputError({ form: "This link no longer works: the account it was for is gone." }, 404);
    await store(database, t, userId, [[kind, delivery]], at);
    await recordAudit(database, t, { actorId: userId, action: "user.unsubscribed", entityType: "user", entityId: userId, after: { kind, delivery }, at });
  });
  return delivery;
}
