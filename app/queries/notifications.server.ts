import { Op } from "sequelize";
import type { Database } from "../lib/db.server";
import { notFound } from "../lib/errors";

/** The latest notifications of one user, newest first. */
export async function listNotifications(database: Database, userId: number, limit = 50) {
  const rows = await database.models.Notification.findAll({ where: { userId }, order: [["id", "DESC"]], limit });
  return rows.map((n) => ({ id: n.id, text: n.text, link: n.link, read: n.readAt !== null, createdAt: n.createdAt.toISOString() }));
}

/** Marks one of the user's notifications read and returns where it points (only an in-app path). */
export async function openNotification(database: Database, userId: number, id: number, at: Date): Promise<string> {
  return database.write(async (t) => {
    const row = await database.models.Notification.findOne({ where: { id, userId }, transaction: t });
    if (!row) notFound("notification");
    if (!row.readAt) await row.update({ readAt: at }, { transaction: t });
    return row.link.startsWith("/") && !row.link.startsWith("//") ? row.link : "/";
  });
}

export async function markAllRead(database: Database, userId: number, at: Date) {
  return database.write(async (t) => {
    const [count] = await database.models.Notification.update({ readAt: at }, { where: { userId, readAt: { [Op.is]: null } }, transaction: t });
    return count;
  });
}
