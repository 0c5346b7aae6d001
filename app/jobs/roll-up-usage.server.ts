import { QueryTypes } from "sequelize";
import type { Database } from "../lib/db.server";
import { env } from "../lib/env.server";

const BATCH = 5_000;
/** A sweep folds at most this many batches; the rest waits for the next sweep. */
const MAX_BATCHES = 20;
const DAY_MS = 86_400_000;

/**
 * Raw usage events older than `rawDays` become team totals per day in `usage_daily` and
 * are deleted, a batch at a time. Each batch is one transaction that adds its sums to the
 * existing counts (an upsert) and deletes exactly the rows it summed, so a sweep that
 * crashes, runs twice or runs in two processes at once counts every event once: on
 * PostgreSQL the batch's rows are claimed with FOR UPDATE SKIP LOCKED; on SQLite write
 * transactions run one at a time. The day of a "used" event is the day the rep gave
 * (`usedOn`); of the others, the UTC day it was recorded.
 */
export async function rollUpUsage(database: Database, now: Date, rawDays = env().USAGE_RAW_DAYS): Promise<number> {
  const cutoff = new Date(now.getTime() - rawDays * DAY_MS);
  const pg = database.dialect === "postgres";
  const day = pg ? `COALESCE("usedOn", to_char("createdAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD'))` : `COALESCE("usedOn", substr("createdAt", 1, 10))`;
  let folded = 0;
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const n = await database.write(async (t) => {
      const claimed = await database.sequelize.query<{ id: number }>(
        `SELECT id FROM usage_events WHERE "createdAt" < :cutoff ORDER BY id LIMIT :limit${pg ? " FOR UPDATE SKIP LOCKED" : ""}`,
        { replacements: { cutoff, limit: BATCH }, type: QueryTypes.SELECT, transaction: t },
      );
      if (claimed.length === 0) return 0;
      const ids = claimed.map((r) => Number(r.id));
      await database.sequelize.query(
        `INSERT INTO usage_daily (day, "materialId", "teamId", kind, page, count)
         SELECT ${day}, "materialId", "teamId", kind, COALESCE(page, 0), COUNT(*) FROM usage_events WHERE id IN (:ids)
         GROUP BY ${day}, "materialId", "teamId", kind, COALESCE(page, 0)
         ON CONFLICT ("materialId", "teamId", kind, page, day) DO UPDATE SET count = usage_daily.count + excluded.count`,
        { replacements: { ids }, type: QueryTypes.INSERT, transaction: t },
      );
      await database.sequelize.query(`DELETE FROM usage_events WHERE id IN (:ids)`, { replacements: { ids }, type: QueryTypes.DELETE, transaction: t });
      return ids.length;
    });
    folded += n;
    if (n < BATCH) break;
  }
  return folded;
}
