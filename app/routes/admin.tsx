import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { requireUserWith } from "~/lib/permissions.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWith(request, "admin:access");
  return null;
}

export default function AdminLayout() {
  return (
    <>
      <nav className="subnav" aria-label="Administration">
        <NavLink to="/admin" end>
          Overview
        </NavLink>
        <NavLink to="/admin/users">Users</NavLink>
        <NavLink to="/admin/teams">Sales teams</NavLink>
        <NavLink to="/admin/calendar">Review calendar</NavLink>
        <NavLink to="/admin/outbox">Outbox</NavLink>
        <NavLink to="/admin/audit">Audit log</NavLink>
      </nav>
      <Outlet />
    </>
  );
}
