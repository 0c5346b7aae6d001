import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet } from "@remix-run/react";
import { NavItem } from "~/components/NavItem";
import { requireUserWith } from "~/lib/permissions.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWith(request, "admin:access");
  return null;
}

export default function AdminLayout() {
  return (
    <>
      <nav className="subnav" aria-label="Administration">
        <NavItem to="/admin" end>
          Overview
        </NavItem>
        <NavItem to="/admin/users">Users</NavItem>
        <NavItem to="/admin/teams">Sales teams</NavItem>
        <NavItem to="/admin/calendar">Review calendar</NavItem>
        <NavItem to="/admin/segments">Customer segments</NavItem>
        <NavItem to="/admin/outbox">Outbox</NavItem>
        <NavItem to="/admin/audit">Audit log</NavItem>
      </nav>
      <Outlet />
    </>
  );
}
