import type { CreationAttributes } from "sequelize";
import { Counter } from "prom-client";
import type { UsageEvent } from "../../models/index";
import type { Database } from "./db.server";
import { logger } from "./log.server";
import { registry } from "./metrics.server";

export type UsageRow = CreationAttributes<UsageEvent>;

const usageWrites = new Counter({
  name: "cp_usage_events_total",
  help: "Usage events (opens, downloads, pages seen) by outcome: written, failed (the batch's insert failed; the events are lost) or dropped (the buffer was full).",
  labelNames: ["outcome"] as const,
  registers: [registry],
});

export interface UsageBufferOptions {
  /** Flush at least this often while rows wait. */
  intervalMs?: number;
  /** Flush at once when this many rows wait. */
  maxRows?: number;
  /** Rows beyond this many waiting (the database is down) are dropped and counted, so memory stays bounded. */
  capacity?: number;
}

/**
 * Usage events are written off the request's path: a request adds its rows here and goes on;
 * every `intervalMs` (or once `maxRows` wait) one multi-row INSERT writes them all. A failed
 * insert is logged and counted, never thrown at a request: the use of a brochure is worth
 * knowing, not worth an error page. `stop()` writes what is left (the server's shutdown).
 */
export class UsageBuffer {
  private rows: UsageRow[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  readonly stats = { written: 0, failed: 0, dropped: 0, flushes: 0 };
  private readonly intervalMs: number;
  private readonly maxRows: number;
  private readonly capacity: number;

  constructor(
    private readonly database: Database,
    options: UsageBufferOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 1_000;
    this.maxRows = options.maxRows ?? 500;
    this.capacity = options.capacity ?? 50_000;
  }

  get pending() {
    return this.rows.length;
  }

  add(...rows: UsageRow[]) {
    const room = Math.max(0, this.capacity - this.rows.length);
    if (rows.length > room) {
      const dropped = rows.length - room;
      this.stats.dropped += dropped;
      usageWrites.inc({ outcome: "dropped" }, dropped);
      if (this.stats.dropped === dropped) logger().warn({ usage: { dropped } }, `Usage buffer full (${this.capacity} events waiting): new events are dropped until the database takes them.`);
      rows = rows.slice(0, room);
    }
    if (rows.length === 0) return;
    this.rows.push(...rows);
    if (this.rows.length >= this.maxRows) void this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.intervalMs);
      // A waiting flush never keeps a process alive; stop() writes what is left.
      this.timer.unref();
    }
  }

  /** Writes every row waiting, in one INSERT; resolves when it is written (or has failed, logged). */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    // One flush at a time, in order: a batch is never written twice or overtaken.
    this.flushing = this.flushing.then(() => this.write());
    return this.flushing;
  }

  private async write() {
    if (this.rows.length === 0) return;
    const batch = this.rows;
    this.rows = [];
    this.stats.flushes++;
    try {
      await this.database.write((t) => this.database.models.UsageEvent.bulkCreate(batch, { transaction: t, validate: false, hooks: false }));
      this.stats.written += batch.length;
      usageWrites.inc({ outcome: "written" }, batch.length);
    } catch (error) {
      this.stats.failed += batch.length;
      usageWrites.inc({ outcome: "failed" }, batch.length);
      logger().error({ err: error, usage: { failed: batch.length } }, `Could not write ${batch.length} usage event${batch.length === 1 ? "" : "s"}: they are lost (the pages they came from were served).`);
    }
  }

  /** Writes what is left; later rows are written at once, one flush each. */
  async stop() {
    await this.flush();
  }
}

let current: UsageBuffer | null = null;
let boundTo: Database | null = null;

/** The process's buffer for `database` (one per database handle). */
export function usageBuffer(database: Database): UsageBuffer {
  if (!current || boundTo !== database) {
    // Another handle (a test opening a second database): what waits for the old one is written there first.
    void current?.flush();
    current = new UsageBuffer(database);
    boundTo = database;
  }
  return current;
}

/** The server's shutdown: writes the events still waiting before the database closes. */
export async function flushUsage() {
  await current?.stop();
}
