import type { Database } from "../lib/db.server";
import type { Actor } from "../lib/permissions";
import { requirePermission } from "../lib/permissions";
import { recordAudit } from "../lib/audit.server";
import { globalWindow, WINDOW_SETTING } from "../lib/working-calendar.server";
import type { ReviewWindow } from "../domain/business-time";

export async function setGlobalWindow(database: Database, actor: Actor, window: ReviewWindow, at: Date) {
  requirePermission(actor, "calendar:manage");
  return database.write(async (t) => {
    const before = await globalWindow(database, t);
    await database.models.AppSetting.upsert({ key: WINDOW_SETTING, value: JSON.stringify(window) }, { transaction: t });
    await recordAudit(database, t, { actorId: actor.id, action: "calendar.window_set", entityType: "setting", entityId: WINDOW_SETTING, before: { ...before }, after: { ...window }, at });
  });
}
