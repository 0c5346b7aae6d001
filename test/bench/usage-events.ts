import type { Database } from "~/lib/db.server";

/**
 * Inserts `count` usage events for the benchmark in one INSERT … SELECT from a recursive CTE
 * (SQLite), the database generating the rows: events spread round-robin over the given
 * released materials and the team's members, each within 30 days after its material's
 * release — one in ten an opening, one in fifty a download, one in a hundred a use with a
 * customer, the rest pages seen (pages 1–10). Bench-only: the app writes events through
 * its buffer.
 */
export async function seedUsageEvents(database: Database, options: { count: number; teamId: number; materialIds: number[]; userIds: number[] }) {
  const q = (sql: string, replacements: Record<string, unknown> = {}) => database.sequelize.query(sql, { replacements });
  await q(`CREATE TABLE bench_targets (rn INTEGER PRIMARY KEY, "materialId" INTEGER, "versionId" INTEGER, released TEXT)`);
  await q(`CREATE TABLE bench_users (rn INTEGER PRIMARY KEY, "userId" INTEGER)`);
  await q(
    `INSERT INTO bench_targets (rn, "materialId", "versionId", released)
     SELECT ROW_NUMBER() OVER (ORDER BY id) - 1, id, "releasedVersionId", substr("releasedAt", 1, 19) FROM materials WHERE id IN (:ids)`,
    { ids: options.materialIds },
  );
  await q(`INSERT INTO bench_users (rn, "userId") VALUES ${options.userIds.map((id, i) => `(${i}, ${Number(id)})`).join(", ")}`);
  const targets = options.materialIds.length;
  const users = options.userIds.length;
  const kind = `CASE WHEN i % 10 = 0 THEN 'opened' WHEN i % 50 = 1 THEN 'downloaded' WHEN i % 100 = 2 THEN 'used' ELSE 'page_seen' END`;
  const at = `strftime('%Y-%m-%d %H:%M:%S', t.released, '+' || ((i / ${targets}) % 30) || ' days')`;
  await q(
    `INSERT INTO usage_events ("userId", "materialId", "versionId", "teamId", kind, page, "usedOn", "createdAt")
     WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < :last)
     SELECT u."userId", t."materialId", t."versionId", :teamId, ${kind},
       CASE WHEN ${kind} = 'page_seen' THEN 1 + (i / 7) % 10 END,
       CASE WHEN ${kind} = 'used' THEN substr(${at}, 1, 10) END,
       ${at} || '.000 +00:00'
     FROM n JOIN bench_targets t ON t.rn = i % ${targets} JOIN bench_users u ON u.rn = (i / ${targets}) % ${users}`,
    { last: options.count - 1, teamId: options.teamId },
  );
  await q(`DROP TABLE bench_targets`);
  await q(`DROP TABLE bench_users`);
}
