import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { db } from "~/lib/db.server";
import { can } from "~/lib/permissions";
import { requireUserWith } from "~/lib/permissions.server";
import { MATERIAL_KIND_LABELS } from "~/domain/materials";
import { visibleMaterialsWhere } from "~/services/material-access.server";

export const meta: MetaFunction = () => [{ title: "Materials · Collateral Preview" }];

const PAGE_SIZE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWith(request, "material:list");
  const database = db();
  const url = new URL(request.url);
  const requested = Number(url.searchParams.get("page") ?? "1");
  const page = Number.isSafeInteger(requested) && requested >= 1 ? requested : 1;
  const { rows, count } = await database.models.Material.findAndCountAll({
    where: await visibleMaterialsWhere(database, user),
    include: [
      { association: "owner", attributes: ["id", "name"] },
      { association: "targets", include: [{ association: "team", attributes: ["id", "name"] }] },
    ],
    order: [["updatedAt", "DESC"], ["id", "DESC"]],
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
    distinct: true,
  });
  return {
    canCreate: can(user, "material:create"),
    page,
    pages: Math.max(1, Math.ceil(count / PAGE_SIZE)),
    materials: rows.map((m) => ({
      id: m.id,
      title: m.title,
      kind: m.kind,
      status: m.status,
      owner: m.owner?.name ?? "",
      teams: (m.targets ?? []).map((t) => t.team?.name ?? "").join(", "),
      updatedAt: m.updatedAt.toISOString(),
    })),
  };
}

export default function Materials() {
  const { materials, canCreate, page, pages } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="spread">
        <h1>Materials</h1>
        {canCreate ? (
          <Link to="/materials/new" className="button">
            New material
          </Link>
        ) : null}
      </div>
      {materials.length === 0 ? <p className="muted">No materials for you yet.</p> : null}
      <table>
        <thead>
          <tr>
            <th>Title</th>
            <th>Kind</th>
            <th>For</th>
            <th>Owner</th>
            <th>Updated</th>
          </tr>
        </thead>
        <tbody>
          {materials.map((m) => (
            <tr key={m.id}>
              <td>
                <Link to={`/materials/${m.id}`}>{m.title}</Link>
              </td>
              <td>{MATERIAL_KIND_LABELS[m.kind]}</td>
              <td>{m.teams}</td>
              <td>{m.owner}</td>
              <td>
                <time dateTime={m.updatedAt}>{m.updatedAt.slice(0, 10)}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {pages > 1 ? (
        <nav className="pager" aria-label="Pages">
          {page > 1 ? <Link to={`?page=${page - 1}`}>← Newer</Link> : <span />}
          <span>
            Page {page} of {pages}
          </span>
          {page < pages ? <Link to={`?page=${page + 1}`}>Older →</Link> : <span />}
        </nav>
      ) : null}
    </>
  );
}
