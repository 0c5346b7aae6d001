import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { db } from "~/lib/db.server";
import { ROLE_LABELS } from "~/domain/roles";
import { requireUserWith } from "~/lib/permissions.server";
import { TableHead } from "~/components/TableHead";

export const meta: MetaFunction = () => [{ title: "Users · Admin · Collateral Preview" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWith(request, "user:manage");
  const users = await db().models.User.findAll({
    include: [{ association: "manager", attributes: ["id", "name"] }],
    order: [["name", "ASC"]],
  });
  return {
    users: users.map((u) => ({
      id: u.id,
      name: u.name,
      email: u.email,
      role: u.role,
      active: u.active,
      hasPassword: Boolean(u.passwordHash),
      manager: u.manager ? u.manager.name : null,
    })),
  };
}

export default function UsersIndex() {
  const { users } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="spread">
        <h1>Users</h1>
        <Link to="/admin/users/new" className="button">
          New user
        </Link>
      </div>
      <table>
        <TableHead columns={["Name", "Email", "Role", "Reports to", "Status"]} />
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <td>
                <Link to={`/admin/users/${u.id}`}>{u.name}</Link>
              </td>
              <td>{u.email}</td>
              <td>{ROLE_LABELS[u.role]}</td>
              <td>{u.manager ?? "—"}</td>
              <td>
                {!u.active ? (
                  <span className="badge inactive">Deactivated</span>
                ) : !u.hasPassword ? (
                  <span className="badge">Invited</span>
                ) : (
                  <span className="badge">Active</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
