import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { now } from "~/lib/clock.server";
import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { requireUserWith } from "~/lib/permissions.server";
import { sweeperStatus, type SweeperView } from "~/queries/sweepers.server";

export const meta: MetaFunction = () => [{ title: "Admin · Collateral Preview" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWith(request, "admin:access");
  const database = db();
  const { User, SalesTeam, TeamMembership, OutboxMessage } = database.models;
  const [users, inactive, teams, committeeSeats, pendingMail, failedMail, scheduler] = await Promise.all([
    User.count(),
    User.count({ where: { active: false } }),
    SalesTeam.count(),
    TeamMembership.count({ where: { isCommittee: true } }),
    OutboxMessage.count({ where: { state: "pending" } }),
    OutboxMessage.count({ where: { state: "failed" } }),
    sweeperStatus(database, now(), env().SWEEP_INTERVAL_S),
  ]);
  return { users, inactive, teams, committeeSeats, pendingMail, failedMail, scheduler };
}

/** "just now", "45 s ago", "12 min ago", "3 h ago", "2 days ago". */
function ago(seconds: number): string {
  if (seconds < 5) return "just now";
  if (seconds < 120) return `${seconds} s ago`;
  if (seconds < 7_200) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 172_800) return `${Math.floor(seconds / 3_600)} h ago`;
  return `${Math.floor(seconds / 86_400)} days ago`;
}

const utc = (iso: string) => `${iso.replace("T", " ").slice(0, 19)} UTC`;

function counts(s: SweeperView): string {
  if (!s.lastCounts) return "—";
  const entries = Object.entries(s.lastCounts).filter(([, n]) => n);
  return entries.length ? entries.map(([k, n]) => `${k}=${n}`).join(" ") : "nothing due";
}

function state(s: SweeperView): string {
  if (s.silent) return s.lastSweepAt ? "Silent: no sweep for over three intervals" : "Silent: has not completed a sweep";
  if (s.stoppedAt) return `Stopped ${utc(s.stoppedAt)}`;
  return "Sweeping";
}

export default function AdminOverview() {
  const { users, inactive, teams, committeeSeats, pendingMail, failedMail, scheduler } = useLoaderData<typeof loader>();
  return (
    <>
      <section className="card">
        <h1>Administration</h1>
        <ul>
          <li>
            <Link to="/admin/users">{users} users</Link> ({inactive} deactivated)
          </li>
          <li>
            <Link to="/admin/teams">{teams} sales teams</Link> with {committeeSeats} committee seats filled
          </li>
          <li>
            <Link to="/admin/calendar">Review calendar</Link>: the review window and holidays
          </li>
          <li>
            <Link to="/admin/outbox">Outbox</Link>: {pendingMail} email{pendingMail === 1 ? "" : "s"} waiting, {failedMail} failed
          </li>
          <li>
            <Link to="/admin/audit">Audit log</Link>: every change, who made it and when
          </li>
        </ul>
      </section>
      <section className="card" data-testid="sweepers" aria-labelledby="sweepers-heading">
        <h2 id="sweepers-heading">Scheduler</h2>
        {scheduler.lastSweepAt ? (
          <p>
            Last sweep by any process: <time dateTime={scheduler.lastSweepAt}>{utc(scheduler.lastSweepAt)}</time>. {scheduler.running} sweeping
            {scheduler.silent ? `, ${scheduler.silent} silent` : ""}. A sweeper is silent when it has not swept for {scheduler.silentAfterS} s (three sweep intervals).
          </p>
        ) : (
          <p className="warn">No sweeper has swept yet: start the server with JOBS=on, or run the worker (npm run jobs).</p>
        )}
        {scheduler.sweepers.length ? (
          // A wide table scrolls inside its own box on a phone.
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Sweepers">
          <table>
            <thead>
              <tr>
                <th scope="col">Host</th>
                <th scope="col">PID</th>
                <th scope="col">Kind</th>
                <th scope="col">Started</th>
                <th scope="col">Last sweep</th>
                <th scope="col">Last counts</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {scheduler.sweepers.map((s) => (
                <tr key={s.id} data-sweeper={s.id} className={s.silent ? "warn" : undefined}>
                  <td>{s.host}</td>
                  <td>{s.pid}</td>
                  <td>{s.kind === "web" ? "web server" : "worker"}</td>
                  <td>
                    <time dateTime={s.startedAt}>{utc(s.startedAt)}</time>
                  </td>
                  <td>
                    {s.lastSweepAt ? (
                      <time dateTime={s.lastSweepAt} title={utc(s.lastSweepAt)}>
                        {ago(s.quietForS)}
                      </time>
                    ) : (
                      "never"
                    )}
                    {s.lastSweepMs !== null ? ` (${s.lastSweepMs} ms)` : ""}
                  </td>
                  <td>{counts(s)}</td>
                  <td>
                    {state(s)}
                    {s.lastError ? `. Last error${s.lastErrorAt ? ` ${utc(s.lastErrorAt)}` : ""}: ${s.lastError}` : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        ) : null}
      </section>
    </>
  );
}
