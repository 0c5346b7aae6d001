import { Link } from "@remix-run/react";
import type { HomeQueues } from "~/queries/home.server";

/** For the administrator: the outbox, the last sweep and any silent sweepers. */
export function SystemHealth({ health }: { health: HomeQueues["health"] }) {
  return (
    <section className="card" data-testid="system-health">
      <h2>System health</h2>
      <ul>
        <li>
          <Link to="/admin/outbox?state=pending">{health.pending} email{health.pending === 1 ? "" : "s"} waiting</Link>
          {health.oldestPendingMinutes !== null ? ` (oldest ${health.oldestPendingMinutes} min)` : ""}
        </li>
        <li className={health.failed ? "warn" : undefined}>
          <Link to="/admin/outbox?state=failed">{health.failed} failed email{health.failed === 1 ? "" : "s"}</Link>
        </li>
        <li className={health.sweepLate ? "warn" : undefined}>
          Last scheduler sweep:{" "}
          {health.lastSweepAt ? <time dateTime={health.lastSweepAt}>{health.lastSweepAt.replace("T", " ").slice(0, 19)} UTC</time> : "never"}
          {health.sweepLate ? " — not running? Check JOBS or the jobs worker." : ""}
        </li>
        {health.silentSweepers ? (
          <li className="warn">
            <Link to="/admin">
              {health.silentSweepers} sweeper{health.silentSweepers === 1 ? "" : "s"} silent
            </Link>{" "}
            (no sweep for over three intervals)
          </li>
        ) : null}
      </ul>
    </section>
  );
}
