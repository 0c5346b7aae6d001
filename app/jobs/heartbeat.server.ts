import { randomBytes } from "node:crypto";
import os from "node:os";
import { Op } from "sequelize";
import type { Database } from "../lib/db.server";
import type { SweepResult } from "./sweep.server";

export type SweeperKind = "web" | "worker";

/** This process as a sweeper: who it is, for its heartbeat row. */
export interface SweeperIdentity {
  id: string;
  host: string;
  pid: number;
  kind: SweeperKind;
  startedAt: Date;
}

/** A stopped sweeper is shown for a day after it stopped, then pruned by the sweep. */
export const STOPPED_KEPT_MS = 86_400_000;
/** One that vanished without stopping (killed, crashed) stays, shown as silent, for a week. */
export const SILENT_KEPT_MS = 7 * 86_400_000;

/**
 * Names this process. Host, pid and start time tell an operator which machine and process
 * it is; the random part keeps two processes apart when a container restarts with the same
 * host name and pid in the same millisecond.
 */
export function sweeperIdentity(kind: SweeperKind, startedAt: Date): SweeperIdentity {
  const host = os.hostname();
  const pid = process.pid;
  return { id: `${host}:${pid}:${startedAt.getTime()}:${randomBytes(4).toString("hex")}`, host, pid, kind, startedAt };
}

/**
 * Records a sweep's outcome in this process's own row (one upsert): on success its time,
 * duration and counts, clearing the last error; on failure the error, keeping the time
 * and counts of the last sweep that succeeded.
 */
export async function recordSweep(
  database: Database,
  me: SweeperIdentity,
  outcome: { at: Date; durationMs: number; result: SweepResult } | { at: Date; error: string },
): Promise<void> {
  const { Sweeper } = database.models;
  await database.write(async (t) => {
    const row = await Sweeper.findByPk(me.id, { transaction: t });
    const success = "result" in outcome;
    await Sweeper.upsert(
      {
        id: me.id,
        host: me.host,
        pid: me.pid,
        kind: me.kind,
        startedAt: me.startedAt,
        lastSweepAt: success ? outcome.at : (row?.lastSweepAt ?? null),
        lastSweepMs: success ? Math.round(outcome.durationMs) : (row?.lastSweepMs ?? null),
        lastCounts: success ? JSON.stringify(outcome.result) : (row?.lastCounts ?? null),
        lastErrorAt: success ? null : outcome.at,
        lastError: success ? null : outcome.error.slice(0, 2_000),
        stoppedAt: null,
      },
      { transaction: t },
    );
  });
}

/** A clean stop: the row stays (marked stopped) so the admin sees the process went away on purpose. */
export async function markStopped(database: Database, me: SweeperIdentity, at: Date): Promise<void> {
  await database.write((t) => database.models.Sweeper.update({ stoppedAt: at }, { where: { id: me.id }, transaction: t }));
}

/** Removes sweepers stopped more than a day ago and those not heard from in a week. */
export async function pruneSweepers(database: Database, now: Date): Promise<number> {
  const { Sweeper } = database.models;
  return database.write((t) =>
    Sweeper.destroy({
      where: {
        [Op.or]: [
          { stoppedAt: { [Op.lt]: new Date(now.getTime() - STOPPED_KEPT_MS) } },
          { stoppedAt: null, lastSweepAt: { [Op.lt]: new Date(now.getTime() - SILENT_KEPT_MS) } },
          { stoppedAt: null, lastSweepAt: null, startedAt: { [Op.lt]: new Date(now.getTime() - SILENT_KEPT_MS) } },
        ],
      },
      transaction: t,
    }),
  );
}
