import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { db } from "~/lib/db.server";
import { ROLE_LABELS } from "~/domain/roles";
import { can } from "~/lib/permissions";
import { requirePermission } from "~/lib/permissions.server";
import { requireUser } from "~/lib/session.server";
import { loadHome } from "~/queries/home.server";
import { now } from "~/lib/clock.server";
import { env } from "~/lib/env.server";
import { DecisionQueue, EscalationQueue, OverdueRequestQueue, RoundQueue } from "~/components/Queues";
import { overdueRequestsFor } from "~/queries/home-queues.server";
import { escalationsFor, openRoundsOwnedBy, overdueEscalations, pendingDecisionsFor } from "~/queries/workflow-views.server";
import { commentsAwaitingAnswer, declinedAwaitingAuthor, myMaterialsByStatus, withdrawnPreviewsOf, reportsRunningLate, systemHealth } from "~/queries/home-queues.server";
import { TimeLeft } from "~/components/PreviewPanel";
import { MATERIAL_STATUS_LABELS } from "~/domain/materials";

export const meta: MetaFunction = () => [{ title: "Home · Collateral Preview" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "home:view");
  const database = db();
  const at = now();
  const role = user.role;
  const only = <T,>(who: typeof role, load: () => Promise<T>) => (role === who ? load() : null);
  const [home, decisions, escalations, rounds, myMaterials, toAnswer, late, health] = await Promise.all([
    loadHome(database, user),
    only("sales", () => pendingDecisionsFor(database, user, at)),
    // Anyone may be addressed (a rep someone reports to); most people have none, in one indexed query.
    escalationsFor(database, user, at),
    only("marketer", () => openRoundsOwnedBy(database, user, at)),
    only("marketer", () => myMaterialsByStatus(database, user)),
    only("marketer", () => commentsAwaitingAnswer(database, user)),
    only("manager", () => reportsRunningLate(database, user, at)),
    only("admin", () => systemHealth(database, at, env().SWEEP_INTERVAL_S)),
  ]);
  const [toSettle, overdue, withdrawn, overdueRequests] = await Promise.all([
    only("sales", () => declinedAwaitingAuthor(database, user, at)),
    only("admin", () => overdueEscalations(database, user, at)),
    only("marketer", () => withdrawnPreviewsOf(database, user)),
    overdueRequestsFor(database, user, at),
  ]);
  const queues = { decisions, escalations: escalations.length || role === "manager" ? escalations : null, rounds, myMaterials, toAnswer, late, health, toSettle, overdue, withdrawn, overdueRequests };
  return {
    queues,
    user: { id: user.id, name: user.name, email: user.email, role: user.role, timeZone: user.timeZone, active: user.active },
    ...home,
  };
}

export default function Home() {
  const { user, teams, managedTeams, manager, reports, queues } = useLoaderData<typeof loader>();
  const teamLine =
    teams.length > 0
      ? teams.map((t) => `${t.name}${t.isCommittee ? " (committee)" : ""}`).join(", ")
      : managedTeams.length > 0
        ? managedTeams.map((t) => `${t.name} (sales manager)`).join(", ")
        : user.role === "marketer" || user.role === "manager"
          ? "Marketing"
          : "No team";
  return (
    <>
      <section className="card" data-testid="identity">
        <h1>Welcome, {user.name}</h1>
        <dl className="row">
          <div>
            <dt className="muted">Role</dt>
            <dd data-testid="role">{ROLE_LABELS[user.role]}</dd>
          </div>
          <div>
            <dt className="muted">Team</dt>
            <dd data-testid="team">{teamLine}</dd>
          </div>
          <div>
            <dt className="muted">Reports to</dt>
            <dd>{manager ? manager.name : "Nobody (top of the chain)"}</dd>
          </div>
          <div>
            <dt className="muted">Time zone</dt>
            <dd>{user.timeZone}</dd>
          </div>
        </dl>
      </section>

      {queues.escalations ? (
        <section className="card">
          <h2>Escalations waiting for your decision</h2>
          <EscalationQueue items={queues.escalations} />
        </section>
      ) : null}
      {queues.decisions && teams.some((t) => t.isCommittee) ? (
        <section className="card">
          <h2>Previews waiting for your decision</h2>
          <DecisionQueue queue={queues.decisions} />
        </section>
      ) : null}
      {queues.late ? (
        <section className="card">
          <h2>Your reports' items running late</h2>
          {queues.late.length === 0 ? <p className="muted">Nobody reporting to you is late.</p> : null}
          <ul className="queue" data-testid="late-queue">
            {queues.late.map((item) => (
              <li key={item.key}>
                {item.who}: <Link to={item.link}>{item.what}</Link> <TimeLeft clock={item.clock} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {queues.overdue ? (
        <section className="card">
          <h2>Escalations nobody decided in time ({queues.overdue.total})</h2>
          {queues.overdue.total > queues.overdue.items.length ? (
            <p className="muted">
              The {queues.overdue.items.length} oldest of {queues.overdue.total}.
            </p>
          ) : null}
          <EscalationQueue items={queues.overdue.items} empty="No escalation is overdue." />
        </section>
      ) : null}
      <OverdueRequestQueue queue={queues.overdueRequests} />
      {queues.toSettle && queues.toSettle.total > 0 ? (
        <section className="card">
          <h2>Declined comments: withdraw or hold ({queues.toSettle.total})</h2>
          <p className="muted">Marketing declined these. Withdraw one if the reason convinces you, or hold it: it goes to your managers when the clock runs out.</p>
          <ul className="queue" data-testid="settle-queue">
            {queues.toSettle.items.map((c) => (
              <li key={c.id}>
                <Link to={`/materials/${c.materialId}${c.page ? `?page=${c.page}` : ""}`}>{c.material}</Link>{" "}
                {c.clock ? <TimeLeft clock={c.clock} /> : null}
                <div className="muted clamp">{c.body}</div>
                <div className="muted clamp">Marketing: {c.reason}</div>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {queues.toAnswer ? (
        <section className="card">
          <h2>Comments waiting for your answer ({queues.toAnswer.total})</h2>
          {queues.toAnswer.total === 0 ? <p className="muted">Every comment on your materials has an answer.</p> : null}
          {queues.toAnswer.total > queues.toAnswer.items.length ? (
            <p className="muted">
              The {queues.toAnswer.items.length} oldest of {queues.toAnswer.total}.
            </p>
          ) : null}
          <ul className="queue" data-testid="answer-queue">
            {queues.toAnswer.items.map((c) => (
              <li key={c.id}>
                <Link to={`/materials/${c.materialId}${c.page ? `?page=${c.page}` : ""}`}>{c.material}</Link>{" "}
                <span className="muted">{c.author}</span>
                <div className="muted clamp">{c.body}</div>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {queues.withdrawn && queues.withdrawn.length ? (
        <section className="card">
          <h2>Previews you withdrew ({queues.withdrawn.length})</h2>
          <p className="muted">Submit each again, or upload a new version: the comments left open in them wait for that.</p>
          <ul className="queue" data-testid="withdrawn-queue">
            {queues.withdrawn.map((m) => (
              <li key={m.id}>
                <Link to={`/materials/${m.id}`}>{m.title}</Link>{" "}
                {m.waiting ? <span className="muted">{m.waiting} comment{m.waiting === 1 ? "" : "s"} waiting</span> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {queues.rounds ? (
        <section className="card">
          <h2>Your materials in preview, closing soonest first</h2>
          <RoundQueue items={queues.rounds} />
        </section>
      ) : null}
      {queues.myMaterials ? (
        <section className="card">
          <h2>Your materials by status</h2>
          <div className="grid-4" data-testid="my-materials">
            {queues.myMaterials.map((g) => (
              <div key={g.status}>
                <h3>
                  {MATERIAL_STATUS_LABELS[g.status]} ({g.count})
                </h3>
                <ul>
                  {g.items.map((m) => (
                    <li key={m.id}>
                      <Link to={`/materials/${m.id}`}>{m.title}</Link>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </div>
        </section>
      ) : null}
      {queues.health ? (
        <section className="card" data-testid="system-health">
          <h2>System health</h2>
          <ul>
            <li>
              <Link to="/admin/outbox?state=pending">{queues.health.pending} email{queues.health.pending === 1 ? "" : "s"} waiting</Link>
              {queues.health.oldestPendingMinutes !== null ? ` (oldest ${queues.health.oldestPendingMinutes} min)` : ""}
            </li>
            <li className={queues.health.failed ? "warn" : undefined}>
              <Link to="/admin/outbox?state=failed">{queues.health.failed} failed email{queues.health.failed === 1 ? "" : "s"}</Link>
            </li>
            <li className={queues.health.sweepLate ? "warn" : undefined}>
              Last scheduler sweep:{" "}
              {queues.health.lastSweepAt ? <time dateTime={queues.health.lastSweepAt}>{queues.health.lastSweepAt.replace("T", " ").slice(0, 19)} UTC</time> : "never"}
              {queues.health.sweepLate ? " — not running? Check JOBS or the jobs worker." : ""}
            </li>
            {queues.health.silentSweepers ? (
              <li className="warn">
                <Link to="/admin">
                  {queues.health.silentSweepers} sweeper{queues.health.silentSweepers === 1 ? "" : "s"} silent
                </Link>{" "}
                (no sweep for over three intervals)
              </li>
            ) : null}
          </ul>
        </section>
      ) : null}

      {teams.some((t) => t.isCommittee) ? (
        <section className="card">
          <h2>Your committee seat</h2>
          <p>
            You preview marketing material for{" "}
            {teams
              .filter((t) => t.isCommittee)
              .map((t) => t.name)
              .join(" and ")}{" "}
            before it reaches customers. Each preview gives you two business days to comment and decide.
          </p>
        </section>
      ) : null}

      {reports.length > 0 ? (
        <section className="card">
          <h2>Your reports</h2>
          <ul>
            {reports.map((r) => (
              <li key={r.id}>
                {r.name} <span className="muted">· {ROLE_LABELS[r.role]}</span>
              </li>
            ))}
          </ul>
          <p className="muted">Disputes your reports raise or receive come to you if they are not settled in time.</p>
        </section>
      ) : null}

      <section className="card">
        <h2>Your deadlines and notices</h2>
        <p>
          <Link to="/account/calendar">Calendar feed</Link>: plan presentations and every review and escalation deadline that
          concerns you, in Outlook, Google or Apple Calendar.
        </p>
        <p>
          <Link to="/account/notifications">What you are told</Link>: for each kind of notice, email at once, a daily digest at 08:00, or
          in the app only.
        </p>
      </section>

      {can(user, "admin:access") ? (
        <section className="card">
          <h2>Administration</h2>
          <p>
            <Link to="/admin/users">Users</Link> · <Link to="/admin/teams">Sales teams and committees</Link> ·{" "}
            <Link to="/admin/audit">Audit log</Link>
          </p>
        </section>
      ) : null}
    </>
  );
}
