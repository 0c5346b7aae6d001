import type { Database } from "../lib/db.server";

/**
 * The SQL that differs between SQLite and PostgreSQL in the read models after release.
 * Sequelize keeps SQLite times as "YYYY-MM-DD HH:MM:SS.SSS +00:00" (always UTC); days are
 * "YYYY-MM-DD" strings on both, so they compare and take MIN alike.
 */
export function sqlDialect(database: Database) {
  if (database.dialect === "postgres") {
    return {
      day: (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD')`,
      month: (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM')`,
      /** Whole days from one YYYY-MM-DD day to another. */
      daysBetween: (from: string, to: string) => `(CAST(${to} AS date) - CAST(${from} AS date))`,
      /** Days, with their fraction, between two timestamps. */
      elapsedDays: (from: string, to: string) => `(EXTRACT(EPOCH FROM (${to} - ${from})) / 86400.0)`,
    };
  }
  return {
    day: (col: string) => `substr(${col}, 1, 10)`,
    month: (col: string) => `substr(${col}, 1, 7)`,
    daysBetween: (from: string, to: string) => `CAST(julianday(${to}) - julianday(${from}) AS INTEGER)`,
    elapsedDays: (from: string, to: string) => `(julianday(substr(${to}, 1, 23)) - julianday(substr(${from}, 1, 23)))`,
  };
}

/** The earlier of two values that may each be NULL (SQLite's two-argument MIN is NULL when either is). */
export const earlier = (a: string, b: string) => `CASE WHEN ${a} IS NULL THEN ${b} WHEN ${b} IS NULL OR ${a} <= ${b} THEN ${a} ELSE ${b} END`;

/**
 * A median per group from rows (`group_key`, `value`) in the CTE `source`: the middle value
 * of an odd count, the mean of the two middle values of an even one. ROW_NUMBER numbers the
 * values in order; with n values, the middle ones are rows (n + 1) / 2 and (n + 2) / 2 in
 * integer division — the same row when n is odd.
 */
export const medianSql = (source: string) => `
  SELECT group_key, COUNT(*) AS n, AVG(CASE WHEN rn IN ((total + 1) / 2, (total + 2) / 2) THEN value END) AS median
  FROM (
    SELECT group_key, value, ROW_NUMBER() OVER (PARTITION BY group_key ORDER BY value) AS rn, COUNT(*) OVER (PARTITION BY group_key) AS total
    FROM ${source} WHERE value IS NOT NULL
  ) ranked
  GROUP BY group_key`;

export const round1 = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10);
export const share = (part: unknown, whole: unknown) => (Number(whole) === 0 ? null : Math.round((Number(part) / Number(whole)) * 1000) / 10);

/** RFC 4180 CSV; a cell that begins like a formula gets an apostrophe so spreadsheets show it as text. */
export function toCsv(header: string[], rows: (string | number | null)[][]): string {
  const cell = (v: string | number | null) => {
    if (v === null) return "";
    let text = String(v);
    if (typeof v === "string" && /^[=+\-@]/.test(text)) text = `'${text}`;
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return `${[header.join(","), ...rows.map((r) => r.map(cell).join(","))].join("\r\n")}\r\n`;
}
