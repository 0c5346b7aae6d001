import type { Database } from "../lib/db.server";
import { selectRows } from "../lib/db.server";
import type { MonthFilters } from "../schemas/filters";
import { earlier, medianSql, round1, sqlDialect, toCsv } from "./sql-dialect.server";

/**
 * The first opening and first use with a customer of each released collateral by each of its
 * target teams, as days (YYYY-MM-DD, UTC; "used" by the day the rep gave), from raw events
 * and the rolled-up daily totals alike. One row per material and team of the filters, in the
 * CTE `fu`. Each first is an indexed MIN per material and team (usage_events_first_use,
 * usage_daily_key), so the cost follows the released material, not the number of events.
 */
export function firstUseCte(database: Database) {
  const { day, month } = sqlDialect(database);
  const min = (kind: "opened" | "used") => {
    const raw = kind === "opened" ? `MIN(e."createdAt")` : `MIN(COALESCE(e."usedOn", ${day('e."createdAt"')}))`;
    const rawSql = `(SELECT ${raw} FROM usage_events e WHERE e."materialId" = mt."materialId" AND e."teamId" = mt."teamId" AND e.kind = '${kind}')`;
    const daily = `(SELECT MIN(d.day) FROM usage_daily d WHERE d."materialId" = mt."materialId" AND d."teamId" = mt."teamId" AND d.kind = '${kind}')`;
    return { raw: kind === "opened" ? day(rawSql) : rawSql, daily };
  };
  const open = min("opened");
  const used = min("used");
  return `fu0 AS (
      SELECT mt."materialId", mt."teamId", m.title, m."releasedAt", ${day('m."releasedAt"')} AS released_on, ${month('m."releasedAt"')} AS month,
        ${open.raw} AS raw_open, ${open.daily} AS daily_open, ${used.raw} AS raw_use, ${used.daily} AS daily_use
      FROM material_teams mt
      JOIN materials m ON m.id = mt."materialId"
      WHERE m."releasedAt" IS NOT NULL AND m.kind = 'collateral' AND mt."teamId" IN (:teamIds)
        AND ${month('m."releasedAt"')} BETWEEN :from AND :to
    ),
    fu AS (
      SELECT "materialId", "teamId", title, "releasedAt", released_on, month,
        ${earlier("raw_open", "daily_open")} AS first_open, ${earlier("raw_use", "daily_use")} AS first_use
      FROM fu0
    )`;
}

export const monthReplacements = (teamIds: number[], filters: MonthFilters) => ({
  teamIds: filters.teamId ? [filters.teamId] : teamIds.length ? teamIds : [-1],
  from: filters.from ?? "0000-00",
  to: filters.to ?? "9999-99",
});

const utcDay = (at: Date) => at.toISOString().slice(0, 10);

export interface UnusedMaterial {
  materialId: number;
  title: string;
  team: string;
  releasedOn: string;
  daysSinceRelease: number;
}

/** How many unused materials the page lists; the CSV has them all. */
export const UNUSED_SHOWN = 20;

/**
 * The materials nobody used: released collateral that no rep of a target team ever opened
 * (raw events or daily totals), per team, longest-waiting first, with the whole days since
 * the release (UTC). `limit` caps the list; `total` counts them all.
 */
export async function unusedMaterials(database: Database, teamIds: number[], filters: MonthFilters, now: Date, limit: number | null = UNUSED_SHOWN) {
  const { day, month, daysBetween } = sqlDialect(database);
  const where = `
    FROM material_teams mt
    JOIN materials m ON m.id = mt."materialId"
    JOIN sales_teams t ON t.id = mt."teamId"
    WHERE m."releasedAt" IS NOT NULL AND m.kind = 'collateral' AND mt."teamId" IN (:teamIds)
      AND ${month('m."releasedAt"')} BETWEEN :from AND :to
      AND NOT EXISTS (SELECT 1 FROM usage_events e WHERE e."materialId" = mt."materialId" AND e."teamId" = mt."teamId" AND e.kind = 'opened')
      AND NOT EXISTS (SELECT 1 FROM usage_daily d WHERE d."materialId" = mt."materialId" AND d."teamId" = mt."teamId" AND d.kind = 'opened')`;
  const replacements = { ...monthReplacements(teamIds, filters), today: utcDay(now), limit: limit ?? 1_000_000 };
  const rows = await selectRows<{ materialId: number; title: string; team: string; released_on: string; days: number | string }>(
    database,
    `SELECT m.id AS "materialId", m.title, t.name AS team, ${day('m."releasedAt"')} AS released_on, ${daysBetween(day('m."releasedAt"'), ":today")} AS days
     ${where}
     ORDER BY m."releasedAt", m.id, t.name LIMIT :limit`,
    replacements,
  );
  const [{ n }] = await selectRows<{ n: number | string }>(database, `SELECT COUNT(*) AS n ${where}`, replacements);
  return {
    total: Number(n),
    rows: rows.map((r): UnusedMaterial => ({ materialId: Number(r.materialId), title: r.title, team: r.team, releasedOn: r.released_on, daysSinceRelease: Number(r.days) })),
  };
}

export function unusedCsv(rows: UnusedMaterial[]) {
  return toCsv(
    ["material_id", "title", "team", "released_on", "days_since_release"],
    rows.map((r) => [r.materialId, r.title, r.team, r.releasedOn, r.daysSinceRelease]),
  );
}

export interface FirstUseRow {
  /** Null: every team of the filters together. */
  team: string | null;
  /** Released materials of the team with a first use. */
  used: number;
  /** Of the released materials of the team. */
  released: number;
  medianDays: number | null;
}

/**
 * Median days from release to first use, per team and for all teams together: the first use
 * of a material by a team is the earlier of its first opening by a rep and its first use
 * with a customer (a rep may record a use without opening it here first). Whole days, UTC;
 * a median of an even count is the mean of the two middle values. Material not yet used
 * counts in `released`, not in the median.
 */
export async function firstUseMedians(database: Database, teamIds: number[], filters: MonthFilters): Promise<FirstUseRow[]> {
  const { daysBetween } = sqlDialect(database);
  const rows = await selectRows<{ group_key: number | string; n: number | string; released: number | string; median: number | string | null }>(
    database,
    `WITH ${firstUseCte(database)},
     x AS (SELECT "teamId" AS team, ${daysBetween("released_on", earlier("first_open", "first_use"))} AS value FROM fu),
     s AS (SELECT team AS group_key, value FROM x UNION ALL SELECT -1 AS group_key, value FROM x),
     med AS (${medianSql("s")}),
     counts AS (SELECT group_key, COUNT(*) AS released FROM s GROUP BY group_key)
     SELECT counts.group_key, COALESCE(med.n, 0) AS n, counts.released, med.median
     FROM counts LEFT JOIN med ON med.group_key = counts.group_key`,
    monthReplacements(teamIds, filters),
  );
  const teams = await selectRows<{ id: number; name: string }>(database, `SELECT id, name FROM sales_teams`);
  const name = new Map(teams.map((t) => [Number(t.id), t.name]));
  return rows
    .map((r) => ({ team: Number(r.group_key) === -1 ? null : (name.get(Number(r.group_key)) ?? String(r.group_key)), used: Number(r.n), released: Number(r.released), medianDays: round1(r.median) }))
    .sort((a, b) => (a.team === null ? 1 : b.team === null ? -1 : a.team.localeCompare(b.team)));
}

export function firstUseCsv(rows: FirstUseRow[]) {
  return toCsv(["team", "released", "used", "median_days_to_first_use"], rows.map((r) => [r.team ?? "All teams", r.released, r.used, r.medianDays]));
}

export interface OwnerPagesRow {
  materialId: number;
  title: string;
  pages: number;
  /** Readings of any page, by the reps of the filtered teams. */
  views: number;
  mostSeen: { page: number; seen: number } | null;
  leastSeen: { page: number; seen: number } | null;
}

/** Pages counted from page 1 to this at most, so that a huge document cannot make the query huge. */
const MAX_PAGES = 2_000;

/**
 * For a material's owner: the page most and least seen of each of their released collateral
 * (pages nobody saw count as seen 0 times; on a tie, the lowest page). Team totals summed
 * over the filtered teams, from raw events and daily totals; never who.
 */
export async function ownerPages(database: Database, ownerId: number, teamIds: number[], filters: MonthFilters): Promise<OwnerPagesRow[]> {
  const { month } = sqlDialect(database);
  const rows = await selectRows<{ id: number; title: string; pages: number; views: number | string | null; most_page: number | null; most_n: number | string | null; least_page: number | null; least_n: number | string | null }>(
    database,
    `WITH RECURSIVE mine AS (
       SELECT m.id, m.title, CASE WHEN v."pageCount" > ${MAX_PAGES} THEN ${MAX_PAGES} ELSE v."pageCount" END AS pages
       FROM materials m JOIN material_versions v ON v.id = m."releasedVersionId"
       WHERE m."ownerId" = :ownerId AND m.kind = 'collateral' AND m."releasedAt" IS NOT NULL
         AND ${month('m."releasedAt"')} BETWEEN :from AND :to
         AND EXISTS (SELECT 1 FROM material_teams mt WHERE mt."materialId" = m.id AND mt."teamId" IN (:teamIds))
     ),
     p (id, page) AS (
       SELECT id, 1 FROM mine WHERE pages >= 1
       UNION ALL
       SELECT p.id, p.page + 1 FROM p JOIN mine ON mine.id = p.id WHERE p.page < mine.pages
     ),
     seen AS (
       SELECT "materialId" AS id, page, COUNT(*) AS n FROM usage_events
       WHERE kind = 'page_seen' AND "materialId" IN (SELECT id FROM mine) AND "teamId" IN (:teamIds) GROUP BY "materialId", page
       UNION ALL
       SELECT "materialId" AS id, page, SUM(count) AS n FROM usage_daily
       WHERE kind = 'page_seen' AND page > 0 AND "materialId" IN (SELECT id FROM mine) AND "teamId" IN (:teamIds) GROUP BY "materialId", page
     ),
     c AS (SELECT p.id, p.page, COALESCE(SUM(seen.n), 0) AS n FROM p LEFT JOIN seen ON seen.id = p.id AND seen.page = p.page GROUP BY p.id, p.page),
     r AS (
       SELECT id, page, n, ROW_NUMBER() OVER (PARTITION BY id ORDER BY n DESC, page) AS top, ROW_NUMBER() OVER (PARTITION BY id ORDER BY n, page) AS bottom
       FROM c
     )
     SELECT mine.id, mine.title, mine.pages, SUM(r.n) AS views,
       MAX(CASE WHEN r.top = 1 THEN r.page END) AS most_page, MAX(CASE WHEN r.top = 1 THEN r.n END) AS most_n,
       MAX(CASE WHEN r.bottom = 1 THEN r.page END) AS least_page, MAX(CASE WHEN r.bottom = 1 THEN r.n END) AS least_n
     FROM mine LEFT JOIN r ON r.id = mine.id
     GROUP BY mine.id, mine.title, mine.pages
     ORDER BY mine.title, mine.id`,
    { ...monthReplacements(teamIds, filters), ownerId },
  );
  return rows.map((r) => ({
    materialId: Number(r.id),
    title: r.title,
    pages: Number(r.pages),
    views: Number(r.views ?? 0),
    mostSeen: r.most_page === null ? null : { page: Number(r.most_page), seen: Number(r.most_n) },
    leastSeen: r.least_page === null ? null : { page: Number(r.least_page), seen: Number(r.least_n) },
  }));
}

export function ownerPagesCsv(rows: OwnerPagesRow[]) {
  return toCsv(
    ["material_id", "title", "pages", "page_views", "most_seen_page", "most_seen_count", "least_seen_page", "least_seen_count"],
    rows.map((r) => [r.materialId, r.title, r.pages, r.views, r.mostSeen?.page ?? null, r.mostSeen?.seen ?? null, r.leastSeen?.page ?? null, r.leastSeen?.seen ?? null]),
  );
}
