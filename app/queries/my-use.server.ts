import type { Database } from "../lib/db.server";
import { selectRows } from "../lib/db.server";

export interface UseLine {
  materialId: number;
  title: string;
  opened: number;
  downloaded: number;
  used: number;
  pagesSeen: number;
}

export interface PersonUse {
  name: string;
  materials: number;
  opened: number;
  downloaded: number;
  used: number;
  pagesSeen: number;
}

const count = (v: unknown) => Number(v ?? 0);
const MAX_LINES = 200;

/**
 * A person's own use of released material, per material, most recent first, and the uses
 * with customers they recorded: what a rep sees under My use. Raw events only (the rollup
 * keeps no person), so it covers the last USAGE_RAW_DAYS.
 */
export async function ownHistory(database: Database, userId: number) {
  const lines = await selectRows<{ materialId: number; title: string; opened: number; downloaded: number; used: number; pages: number; last: string }>(
    database,
    `SELECT e."materialId", m.title,
       SUM(CASE WHEN e.kind = 'opened' THEN 1 ELSE 0 END) AS opened,
       SUM(CASE WHEN e.kind = 'downloaded' THEN 1 ELSE 0 END) AS downloaded,
       SUM(CASE WHEN e.kind = 'used' THEN 1 ELSE 0 END) AS used,
       COUNT(DISTINCT CASE WHEN e.kind = 'page_seen' THEN e.page END) AS pages,
       MAX(e."createdAt") AS last
     FROM usage_events e JOIN materials m ON m.id = e."materialId"
     WHERE e."userId" = :userId
     GROUP BY e."materialId", m.title
     ORDER BY last DESC, e."materialId" LIMIT ${MAX_LINES}`,
    { userId },
  );
  const uses = await selectRows<{ materialId: number; title: string; usedOn: string; account: string | null; note: string | null }>(
    database,
    `SELECT e."materialId", m.title, e."usedOn", e.account, e.note FROM usage_events e JOIN materials m ON m.id = e."materialId"
     WHERE e."userId" = :userId AND e.kind = 'used' ORDER BY e."usedOn" DESC, e.id DESC LIMIT 50`,
    { userId },
  );
  return {
    lines: lines.map((l): UseLine => ({ materialId: Number(l.materialId), title: l.title, opened: count(l.opened), downloaded: count(l.downloaded), used: count(l.used), pagesSeen: count(l.pages) })),
    uses: uses.map((u) => ({ materialId: Number(u.materialId), title: u.title, usedOn: u.usedOn ?? "", account: u.account, note: u.note })),
  };
}

/**
 * The use by each person who reports to the manager, by name: what a manager sees of their
 * reports under My use. Only direct reports; nobody else's name is read.
 */
export async function reportsHistory(database: Database, managerId: number): Promise<PersonUse[]> {
  const rows = await selectRows<{ name: string; materials: number; opened: number; downloaded: number; used: number; pages: number }>(
    database,
    `SELECT u.name, COUNT(DISTINCT e."materialId") AS materials,
       SUM(CASE WHEN e.kind = 'opened' THEN 1 ELSE 0 END) AS opened,
       SUM(CASE WHEN e.kind = 'downloaded' THEN 1 ELSE 0 END) AS downloaded,
       SUM(CASE WHEN e.kind = 'used' THEN 1 ELSE 0 END) AS used,
       SUM(CASE WHEN e.kind = 'page_seen' THEN 1 ELSE 0 END) AS pages
     FROM users u LEFT JOIN usage_events e ON e."userId" = u.id
     WHERE u."reportsToId" = :managerId
     GROUP BY u.id, u.name ORDER BY u.name`,
    { managerId },
  );
  return rows.map((r) => ({ name: r.name, materials: count(r.materials), opened: count(r.opened), downloaded: count(r.downloaded), used: count(r.used), pagesSeen: count(r.pages) }));
}
