import type { Database } from "../lib/db.server";
import { STOPPED_KEPT_MS } from "../jobs/heartbeat.server";
import type { SweepResult } from "../jobs/sweep.server";

/** A running sweeper whose last sweep is older than this many sweep intervals is silent. */
export const SILENT_AFTER_INTERVALS = 3;

export interface SweeperView {
  id: string;
  host: string;
  pid: number;
  kind: "web" | "worker";
  startedAt: string;
  lastSweepAt: string | null;
  lastSweepMs: number | null;
  lastCounts: Partial<SweepResult> | null;
  lastErrorAt: string | null;
  lastError: string | null;
  stoppedAt: string | null;
  /** Seconds since its last sweep (or since it started, if it never finished one). */
  quietForS: number;
  /** Running, and nothing swept for more than SILENT_AFTER_INTERVALS × SWEEP_INTERVAL_S. */
  silent: boolean;
}

/**
 * The silent rule: a sweeper that has not stopped and whose last sweep (or, never having
 * swept, its start) is older than three sweep intervals has stopped sweeping without saying so.
 */
export function isSilent(row: { stoppedAt: Date | null; lastSweepAt: Date | null; startedAt: Date }, at: Date, intervalS: number): boolean {
  if (row.stoppedAt) return false;
  const last = row.lastSweepAt ?? row.startedAt;
  return at.getTime() - last.getTime() > SILENT_AFTER_INTERVALS * intervalS * 1000;
}

/**
 * Every process that sweeps, running ones first (silent ones at the top), then those that
 * stopped within the last day. `lastSweepAt` is the newest sweep by any of them.
 */
export async function sweeperStatus(database: Database, at: Date, intervalS: number) {
  const rows = await database.models.Sweeper.findAll({ order: [["startedAt", "DESC"]] });
  const shown = rows.filter((r) => !r.stoppedAt || at.getTime() - r.stoppedAt.getTime() <= STOPPED_KEPT_MS);
  const sweepers: SweeperView[] = shown.map((r) => ({
    id: r.id,
    host: r.host,
    pid: r.pid,
    kind: r.kind,
    startedAt: r.startedAt.toISOString(),
    lastSweepAt: r.lastSweepAt?.toISOString() ?? null,
    lastSweepMs: r.lastSweepMs,
    lastCounts: r.lastCounts ? (JSON.parse(r.lastCounts) as Partial<SweepResult>) : null,
    lastErrorAt: r.lastErrorAt?.toISOString() ?? null,
    lastError: r.lastError,
    stoppedAt: r.stoppedAt?.toISOString() ?? null,
    quietForS: Math.max(0, Math.floor((at.getTime() - (r.lastSweepAt ?? r.startedAt).getTime()) / 1000)),
    silent: isSilent(r, at, intervalS),
  }));
  const rank = (s: SweeperView) => (s.silent ? 0 : s.stoppedAt ? 2 : 1);
  sweepers.sort((a, b) => rank(a) - rank(b));
  const newest = shown.reduce<Date | null>((max, r) => (r.lastSweepAt && (!max || r.lastSweepAt > max) ? r.lastSweepAt : max), null);
  return {
    sweepers,
    lastSweepAt: newest?.toISOString() ?? null,
    running: sweepers.filter((s) => !s.stoppedAt && !s.silent).length,
    silent: sweepers.filter((s) => s.silent).length,
    silentAfterS: SILENT_AFTER_INTERVALS * intervalS,
  };
}
