import { QueryTypes } from "sequelize";
import type { Database } from "../lib/db.server";
import { COMMENT_CATEGORIES, type CommentCategory } from "../domain/materials";

export interface MetricsFilters {
  teamId: number | null;
  /** Months as YYYY-MM, inclusive. */
  from: string | null;
  to: string | null;
}

export interface MetricsRow {
  team: string;
  month: string;
  rounds: number;
  closed: number;
  /** Of the closed rounds: every member decided before the deadline. */
  decidedInWindow: number | null;
  /** Of the closed rounds: nobody decided ("no objection by deadline" for all). */
  noResponse: number | null;
  firstCommentMedianH: number | null;
  firstCommentP90H: number | null;
  decisionMedianH: number | null;
  decisionP90H: number | null;
  comments: number;
  accepted: number;
  declined: number;
  byCategory: Record<CommentCategory, number>;
  escalationsRaised: number;
  escalationsDecided: number;
  escalationsMovedUp: number;
  escalationDecideMedianH: number | null;
}

/** SQL that differs between SQLite and PostgreSQL: the month of a timestamp, and hours between two. */
function dialect(database: Database) {
  if (database.dialect === "postgres") {
    return {
      month: (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM')`,
      hours: (from: string, to: string) => `(EXTRACT(EPOCH FROM (${to} - ${from})) / 3600.0)`,
    };
  }
  // Sequelize stores SQLite times as "YYYY-MM-DD HH:MM:SS.SSS +00:00" (always UTC).
  return {
    month: (col: string) => `substr(${col}, 1, 7)`,
    hours: (from: string, to: string) => `((julianday(substr(${to}, 1, 23)) - julianday(substr(${from}, 1, 23))) * 24.0)`,
  };
}

const round1 = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10);
const share = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);

/**
 * The process numbers per team and month (of the round's opening, the comment's writing,
 * the escalation's raising), computed by the database: counts with GROUP BY, medians and
 * 90th percentiles by nearest rank with window functions. Nothing loads all rows.
 */
export async function computeMetrics(database: Database, teamIds: number[], filters: MetricsFilters): Promise<MetricsRow[]> {
  if (teamIds.length === 0) return [];
  const { month, hours } = dialect(database);
  const q = <T extends object>(sql: string) =>
    database.sequelize.query<T>(sql, { replacements: { teamIds: filters.teamId ? [filters.teamId] : teamIds, from: filters.from ?? "0000-00", to: filters.to ?? "9999-99" }, type: QueryTypes.SELECT });

  // One row per round: its team and month, and the hours to its decision and first comment
  // (correlated subqueries, each answered from an index on the round's comments or decisions).
  const roundsCte = `
    WITH r AS (
      SELECT pr.id, pr."teamId" AS team, ${month('pr."openedAt"')} AS month, pr.state,
        CASE WHEN pr.state = 'closed' THEN ${hours('pr."openedAt"', 'pr."closedAt"')} END AS to_decision,
        (SELECT ${hours('pr."openedAt"', 'MIN(c."createdAt")')} FROM comments c WHERE c."roundId" = pr.id AND c."parentId" IS NULL AND c.kind = 'comment') AS to_first_comment,
        (SELECT COUNT(*) FROM round_decisions d WHERE d."roundId" = pr.id) AS members,
        (SELECT COUNT(*) FROM round_decisions d WHERE d."roundId" = pr.id AND d.decision = 'no_objection') AS silent
      FROM preview_rounds pr
      WHERE pr."teamId" IN (:teamIds) AND ${month('pr."openedAt"')} BETWEEN :from AND :to
    )`;
  const percentiles = (column: string) => `
    ${roundsCte},
    v AS (
      SELECT team, month, ${column} AS value,
        ROW_NUMBER() OVER (PARTITION BY team, month ORDER BY ${column}) AS rn,
        COUNT(*) OVER (PARTITION BY team, month) AS n
      FROM r WHERE ${column} IS NOT NULL
    )
    SELECT team, month, MIN(CASE WHEN rn >= 0.5 * n THEN value END) AS median, MIN(CASE WHEN rn >= 0.9 * n THEN value END) AS p90
    FROM v GROUP BY team, month`;

  type Key = { team: number; month: string };
  // One query after another, not side by side: on SQLite each holds a thread of the pool that
  // every page's reads share, and the seven at once made every other page wait behind them.
  const counts = await q<Key & { rounds: number; closed: number; in_window: number; no_response: number }>(`
      ${roundsCte}
      SELECT team, month, COUNT(*) AS rounds,
        SUM(CASE WHEN state = 'closed' THEN 1 ELSE 0 END) AS closed,
        SUM(CASE WHEN state = 'closed' AND silent = 0 THEN 1 ELSE 0 END) AS in_window,
        SUM(CASE WHEN state = 'closed' AND silent = members THEN 1 ELSE 0 END) AS no_response
      FROM r GROUP BY team, month`);
  const firstComment = await q<Key & { median: number; p90: number }>(percentiles("to_first_comment"));
  const decision = await q<Key & { median: number; p90: number }>(percentiles("to_decision"));
  const comments = await q<Key & { category: CommentCategory; n: number; accepted: number; declined: number }>(`
      SELECT pr."teamId" AS team, ${month('c."createdAt"')} AS month, c.category, COUNT(*) AS n,
        SUM(CASE WHEN c.state = 'accepted' THEN 1 ELSE 0 END) AS accepted,
        SUM(CASE WHEN c."declineReason" IS NOT NULL THEN 1 ELSE 0 END) AS declined
      FROM comments c JOIN preview_rounds pr ON pr.id = c."roundId"
      WHERE c."parentId" IS NULL AND c.kind = 'comment' AND pr."teamId" IN (:teamIds) AND ${month('c."createdAt"')} BETWEEN :from AND :to
      GROUP BY pr."teamId", ${month('c."createdAt"')}, c.category`);
  const escalations = await q<Key & { raised: number; decided: number; moved: number }>(`
      SELECT pr."teamId" AS team, ${month('e."createdAt"')} AS month, COUNT(*) AS raised,
        SUM(CASE WHEN e.state = 'decided' THEN 1 ELSE 0 END) AS decided,
        SUM(CASE WHEN e.level > 1 THEN 1 ELSE 0 END) AS moved
      FROM escalations e JOIN preview_rounds pr ON pr.id = e."roundId"
      WHERE pr."teamId" IN (:teamIds) AND ${month('e."createdAt"')} BETWEEN :from AND :to
      GROUP BY pr."teamId", ${month('e."createdAt"')}`);
  const escalationTimes = await q<Key & { median: number }>(`
      WITH v AS (
        SELECT pr."teamId" AS team, ${month('e."createdAt"')} AS month, ${hours('e."createdAt"', 'e."decidedAt"')} AS value,
          ROW_NUMBER() OVER (PARTITION BY pr."teamId", ${month('e."createdAt"')} ORDER BY ${hours('e."createdAt"', 'e."decidedAt"')}) AS rn,
          COUNT(*) OVER (PARTITION BY pr."teamId", ${month('e."createdAt"')}) AS n
        FROM escalations e JOIN preview_rounds pr ON pr.id = e."roundId"
        WHERE e.state = 'decided' AND pr."teamId" IN (:teamIds) AND ${month('e."createdAt"')} BETWEEN :from AND :to
      )
      SELECT team, month, MIN(CASE WHEN rn >= 0.5 * n THEN value END) AS median FROM v GROUP BY team, month`);
  const teams = await database.models.SalesTeam.findAll({ attributes: ["id", "name"] });

  const name = new Map(teams.map((t) => [t.id, t.name]));
  const rows = new Map<string, MetricsRow>();
  const row = (k: Key) => {
    const key = `${k.team}|${k.month}`;
    let r = rows.get(key);
    if (!r) {
      r = {
        team: name.get(Number(k.team)) ?? String(k.team),
        month: k.month,
        rounds: 0,
        closed: 0,
        decidedInWindow: null,
        noResponse: null,
        firstCommentMedianH: null,
        firstCommentP90H: null,
        decisionMedianH: null,
        decisionP90H: null,
        comments: 0,
        accepted: 0,
        declined: 0,
        byCategory: Object.fromEntries(COMMENT_CATEGORIES.map((c) => [c, 0])) as Record<CommentCategory, number>,
        escalationsRaised: 0,
        escalationsDecided: 0,
        escalationsMovedUp: 0,
        escalationDecideMedianH: null,
      };
      rows.set(key, r);
    }
    return r;
  };
  for (const c of counts) {
    const r = row(c);
    r.rounds = Number(c.rounds);
    r.closed = Number(c.closed);
    r.decidedInWindow = share(Number(c.in_window), r.closed);
    r.noResponse = share(Number(c.no_response), r.closed);
  }
  for (const p of firstComment) Object.assign(row(p), { firstCommentMedianH: round1(p.median), firstCommentP90H: round1(p.p90) });
  for (const p of decision) Object.assign(row(p), { decisionMedianH: round1(p.median), decisionP90H: round1(p.p90) });
  for (const c of comments) {
    const r = row(c);
    r.comments += Number(c.n);
    r.accepted += Number(c.accepted);
    r.declined += Number(c.declined);
    if (c.category in r.byCategory) r.byCategory[c.category] += Number(c.n);
  }
  for (const e of escalations) Object.assign(row(e), { escalationsRaised: Number(e.raised), escalationsDecided: Number(e.decided), escalationsMovedUp: Number(e.moved) });
  for (const e of escalationTimes) row(e).escalationDecideMedianH = round1(e.median);
  return [...rows.values()].sort((a, b) => a.team.localeCompare(b.team) || a.month.localeCompare(b.month));
}

const CACHE_MS = 60_000;
const caches = new WeakMap<Database, Map<string, { at: number; rows: Promise<MetricsRow[]> }>>();

/**
 * The metrics as the pages show them: computed at most once a minute per filter, so that a
 * room full of managers opening the dashboard runs the aggregates once, not once each.
 * Older figures are never shown while new ones are computed: a manager who opens the page
 * and then downloads the CSV gets the same numbers in both.
 */
export function cachedMetrics(database: Database, teamIds: number[], filters: MetricsFilters, now: Date): Promise<MetricsRow[]> {
  let cache = caches.get(database);
  if (!cache) caches.set(database, (cache = new Map()));
  const key = JSON.stringify([teamIds, filters]);
  const hit = cache.get(key);
  if (hit && now.getTime() - hit.at < CACHE_MS) return hit.rows;
  const rows = computeMetrics(database, teamIds, filters);
  cache.set(key, { at: now.getTime(), rows });
  rows.catch(() => cache.delete(key));
  if (cache.size > 200) cache.delete(cache.keys().next().value!);
  return rows;
}

/** The columns of the CSV export, in order, with how each is read from a row. */
export const METRICS_COLUMNS: [string, (r: MetricsRow) => string | number | null][] = [
  ["team", (r) => r.team],
  ["month", (r) => r.month],
  ["rounds", (r) => r.rounds],
  ["rounds_closed", (r) => r.closed],
  ["pct_decided_in_window", (r) => r.decidedInWindow],
  ["pct_no_response", (r) => r.noResponse],
  ["hours_to_first_comment_median", (r) => r.firstCommentMedianH],
  ["hours_to_first_comment_p90", (r) => r.firstCommentP90H],
  ["hours_to_decision_median", (r) => r.decisionMedianH],
  ["hours_to_decision_p90", (r) => r.decisionP90H],
  ["comments", (r) => r.comments],
  ...COMMENT_CATEGORIES.map((c) => [`comments_${c}`, (r: MetricsRow) => r.byCategory[c]] as [string, (r: MetricsRow) => number]),
  ["comments_accepted", (r) => r.accepted],
  ["comments_declined", (r) => r.declined],
  ["escalations_raised", (r) => r.escalationsRaised],
  ["escalations_decided", (r) => r.escalationsDecided],
  ["escalations_moved_up", (r) => r.escalationsMovedUp],
  ["hours_to_escalation_decision_median", (r) => r.escalationDecideMedianH],
];

/** RFC 4180 CSV; a cell that begins like a formula is prefixed with ' so spreadsheets show it as text. */
export function metricsCsv(rows: MetricsRow[]): string {
  const cell = (v: string | number | null) => {
    if (v === null) return "";
    let text = String(v);
    if (typeof v === "string" && /^[=+\-@]/.test(text)) text = `'${text}`;
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [METRICS_COLUMNS.map(([name]) => name).join(",")];
  for (const r of rows) lines.push(METRICS_COLUMNS.map(([, read]) => cell(read(r))).join(","));
  return `${lines.join("\r\n")}\r\n`;
}
