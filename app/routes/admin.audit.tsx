import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { db } from "~/lib/db.server";
import { requireUserWith } from "~/lib/permissions.server";
import { TableHead } from "~/components/TableHead";

export const meta: MetaFunction = () => [{ title: "Audit log · Admin · Collateral Preview" }];

const PAGE_SIZE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWith(request, "audit:view");
  const url = new URL(request.url);
  const requested = Number(url.searchParams.get("page") ?? "1");
  const page = Number.isSafeInteger(requested) && requested >= 1 ? requested : 1;
  const { rows, count } = await db().models.AuditEvent.findAndCountAll({
    include: [{ association: "actor", attributes: ["id", "name"] }],
    order: [["id", "DESC"]],
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });
  return {
    page,
    pages: Math.max(1, Math.ceil(count / PAGE_SIZE)),
    events: rows.map((e) => ({
      id: e.id,
      at: new Date(e.createdAt).toISOString(),
      actor: e.actor?.name ?? "System",
      action: e.action,
      entity: `${e.entityType} #${e.entityId}`,
      before: e.before ? JSON.stringify(e.before) : "",
      after: e.after ? JSON.stringify(e.after) : "",
    })),
  };
}

export default function AuditLog() {
  const { events, page, pages } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const link = (p: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(p));
    return `?${next}`;
  };
  return (
    <>
      <h1>Audit log</h1>
      <p className="muted">Every change, newest first: who, what, when, before and after.</p>
      {events.length === 0 ? <p className="muted">Nothing on this page.</p> : null}
      {/* Wide before/after values scroll inside the table's box, not the whole page (a phone). */}
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Audit events">
        <table className="audit">
          <TableHead columns={["When (UTC)", "Who", "What", "On", "Before", "After"]} />
          <tbody>
            {events.map((e) => (
              <tr key={e.id}>
                <td>
                  <time dateTime={e.at}>{e.at.slice(0, 19).replace("T", " ")}</time>
                </td>
                <td>{e.actor}</td>
                <td>
                  <code>{e.action}</code>
                </td>
                <td>{e.entity}</td>
                <td className="json">{e.before}</td>
                <td className="json">{e.after}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav className="pager" aria-label="Pages">
        {page > 1 ? <Link to={link(page - 1)}>← Newer</Link> : <span />}
        <span>
          Page {page} of {pages}
        </span>
        {page < pages ? <Link to={link(page + 1)}>Older →</Link> : <span />}
      </nav>
    </>
  );
}
