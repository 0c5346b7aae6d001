import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { db } from "~/lib/db.server";
import { requireUserWith } from "~/lib/permissions.server";
import { TableHead } from "~/components/TableHead";

export const meta: MetaFunction = () => [{ title: "Sales teams · Admin · Collateral Preview" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWith(request, "team:manage");
  const teams = await db().models.SalesTeam.findAll({
    include: [
      { association: "salesManager", attributes: ["id", "name"] },
      { association: "memberships", include: [{ association: "user", attributes: ["id", "name"] }] },
    ],
    order: [["name", "ASC"]],
  });
  return {
    teams: teams.map((t) => ({
      id: t.id,
      name: t.name,
      timeZone: t.timeZone,
      manager: t.salesManager?.name ?? null,
      members: t.memberships?.length ?? 0,
      committee: (t.memberships ?? []).filter((m) => m.isCommittee).map((m) => m.user?.name ?? ""),
    })),
  };
}

export default function TeamsIndex() {
  const { teams } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="spread">
        <h1>Sales teams</h1>
        <Link to="/admin/teams/new" className="button">
          New team
        </Link>
      </div>
      {teams.length === 0 ? <p className="muted">No sales teams yet.</p> : null}
      <table>
        <TableHead columns={["Team", "Time zone", "Sales manager", "Members", "Committee"]} />
        <tbody>
          {teams.map((t) => (
            <tr key={t.id}>
              <td>
                <Link to={`/admin/teams/${t.id}`}>{t.name}</Link>
              </td>
              <td>{t.timeZone}</td>
              <td>{t.manager ?? "—"}</td>
              <td>{t.members}</td>
              <td>{t.committee.length ? t.committee.join(", ") : <span className="warn">No committee yet</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
