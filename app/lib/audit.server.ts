import type { Transaction } from "sequelize";
import type { Database } from "./db.server";

export interface AuditEntry {
  actorId: number | null;
  action: string;
  entityType: string;
  entityId: number | string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  at: Date;
}

/** Writes one audit row inside the transaction that makes the change it describes. */
export async function recordAudit(database: Database, t: Transaction, entry: AuditEntry) {
  await database.models.AuditEvent.create(
    {
      actorId: entry.actorId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: String(entry.entityId),
      before: entry.before ?? null,
      after: entry.after ?? null,
      createdAt: entry.at,
    },
    { transaction: t },
  );
}
