import { QueryTypes } from "sequelize";
import type { Database } from "../lib/db.server";
import type { MonthFilters } from "../schemas/filters";
import type { UtilizationRow } from "../domain/usage";
import { firstUseCte, monthReplacements } from "./release-metrics.server";

export type { UtilizationRow };

const DAY_MS = 86_400_000;
const share = (part: unknown, whole: unknown) => (Number(whole) === 0 ? null : Math.round((Number(part) / Number(whole)) * 1000) / 10);

/** SQL that differs between SQLite and PostgreSQL: a timestamp's UTC day and month, and a day plus n days. */
function dialect(database: Database) {
  if (database.dialect === "postgres") {
    return {
      day: (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD')`,
      month: (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM')`,
      plusDays: (col: string, n: number) => `to_char((${col} AT TIME ZONE 'UTC') + interval '${n} days', 'YYYY-MM-DD')`,
    };
  }
  // Sequelize keeps SQLite times as "YYYY-MM-DD HH:MM:SS.SSS +00:00" (always UTC).
  return {
    day: (col: string) => `substr(${col}, 1, 10)`,
    month: (col: string) => `substr(${col}, 1, 7)`,
    plusDays: (col: string, n: number) => `date(substr(${col}, 1, 10), '+${n} days')`,
  };
}

/**
 * Utilization per team and month of release: of the collateral released to the team, the
 * share opened by at least one of its reps, and the share used with a customer, within 30
 * and 90 days of the release (by the day, UTC; "used" by the day the rep gave). A share
 * counts only materials whose window has passed, so a material released last week does
 * not pull the 30-day figure down. Raw events and the rolled-up daily totals both count.
 * Computed by the database: the first use per material and team (firstUseCte, indexed MINs
 * rather than a pass over every event), then sums per team and month.
 */
export async function utilizationByTeamMonth(database: Database, teamIds: number[], filters: MonthFilters, now: Date): Promise<UtilizationRow[]> {
  if (teamIds.length === 0) return [];
  const { plusDays } = dialect(database);
  const within = (first: string, n: number) => `CASE WHEN m."releasedAt" <= :cut${n} AND ${first} IS NOT NULL AND ${first} <= ${plusDays('m."releasedAt"', n)} THEN 1 ELSE 0 END`;
  const rows = await database.sequelize.query<Record<string, string | number>>(
    `WITH ${firstUseCte(database)}
     SELECT t.name AS team, f.month, COUNT(*) AS released,
       SUM(CASE WHEN m."releasedAt" <= :cut30 THEN 1 ELSE 0 END) AS due30,
       SUM(CASE WHEN m."releasedAt" <= :cut90 THEN 1 ELSE 0 END) AS due90,
       SUM(${within("f.first_open", 30)}) AS opened30,
       SUM(${within("f.first_open", 90)}) AS opened90,
       SUM(${within("f.first_use", 30)}) AS used30,
       SUM(${within("f.first_use", 90)}) AS used90,
       SUM(CASE WHEN m."releasedAt" <= :cut90 AND f.first_open IS NULL THEN 1 ELSE 0 END) AS never_opened
     FROM fu f
     JOIN materials m ON m.id = f."materialId"
     JOIN sales_teams t ON t.id = f."teamId"
     GROUP BY t.name, f.month
     ORDER BY t.name, f.month`,
    {
      replacements: {
        ...monthReplacements(teamIds, filters),
        cut30: new Date(now.getTime() - 30 * DAY_MS),
        cut90: new Date(now.getTime() - 90 * DAY_MS),
      },
      type: QueryTypes.SELECT,
    },
  );
  return rows.map((r) => ({
    team: String(r.team),
    month: String(r.month),
    released: Number(r.released),
    opened30: share(r.opened30, r.due30),
    opened90: share(r.opened90, r.due90),
    used30: share(r.used30, r.due30),
    used90: share(r.used90, r.due90),
    neverOpened: Number(r.never_opened),
  }));
}

/** The utilization rows as CSV; a cell a spreadsheet would read as a formula starts with an apostrophe. */
export function utilizationCsv(rows: UtilizationRow[]): string {
  const cell = (v: string | number | null) => {
    if (v === null) return "";
    let text = String(v);
    if (typeof v === "string" && /^[=+\-@]/.test(text)) text = `'${text}`;
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = ["team,month,released,opened_30d_pct,opened_90d_pct,used_30d_pct,used_90d_pct,never_opened_90d"];
  for (const r of rows) lines.push([r.team, r.month, r.released, r.opened30, r.opened90, r.used30, r.used90, r.neverOpened].map(cell).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

const CACHE_MS = 60_000;
const caches = new WeakMap<Database, Map<string, { at: number; rows: Promise<UtilizationRow[]> }>>();

/** Utilization as the metrics page and its CSV show it: computed at most once a minute per filter (as the preview figures are). */
export function cachedUtilization(database: Database, teamIds: number[], filters: MonthFilters, now: Date): Promise<UtilizationRow[]> {
  let cache = caches.get(database);
  if (!cache) caches.set(database, (cache = new Map()));
  const key = JSON.stringify([teamIds, filters]);
  const hit = cache.get(key);
  if (hit && now.getTime() - hit.at < CACHE_MS) return hit.rows;
  const rows = utilizationByTeamMonth(database, teamIds, filters, now);
  cache.set(key, { at: now.getTime(), rows });
  rows.catch(() => cache.delete(key));
  if (cache.size > 200) cache.delete(cache.keys().next().value!);
  return rows;
}
