import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { db } from "~/lib/db.server";
import { requireUserWith } from "~/lib/permissions.server";

export const meta: MetaFunction = () => [{ title: "Admin · Collateral Preview" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWith(request, "admin:access");
  const { User, SalesTeam, TeamMembership, OutboxMessage } = db().models;
  const [users, inactive, teams, committeeSeats, pendingMail, failedMail] = await Promise.all([
    User.count(),
    User.count({ where: { active: false } }),
    SalesTeam.count(),
    TeamMembership.count({ where: { isCommittee: true } }),
    OutboxMessage.count({ where: { state: "pending" } }),
    OutboxMessage.count({ where: { state: "failed" } }),
  ]);
  return { users, inactive, teams, committeeSeats, pendingMail, failedMail };
}

export default function AdminOverview() {
  const { users, inactive, teams, committeeSeats, pendingMail, failedMail } = useLoaderData<typeof loader>();
  return (
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
  );
}
