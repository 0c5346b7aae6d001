import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { db } from "~/lib/db.server";
import { requireUserWith } from "~/lib/permissions.server";
import { ownHistory, reportsHistory } from "~/queries/my-use.server";

export const meta: MetaFunction = () => [{ title: "My use · Collateral Preview" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWith(request, "usage:history");
  const own = await ownHistory(db(), user.id);
  const reports = user.role === "manager" ? await reportsHistory(db(), user.id) : null;
  return { own, reports };
}

/** A rep's own use of released material, and a manager's reports' by name. Nobody else sees either. */
export default function MyUse() {
  const { own, reports } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>My use</h1>
      <p className="hint" data-testid="my-use-privacy">
        Your own use is seen by you and your manager{reports ? "; each report's by them and you" : ""}. Marketing sees team totals, never who.
      </p>
      {reports ? (
        <section className="card" aria-labelledby="reports-heading" data-testid="reports-use">
          <h2 id="reports-heading">Your reports</h2>
          <table className="compact">
            <thead>
              <tr>
                <th>Name</th>
                <th>Materials</th>
                <th>Opened</th>
                <th>Downloaded</th>
                <th>Used with customers</th>
                <th>Pages seen</th>
              </tr>
            </thead>
            <tbody>
              {reports.map((r) => (
                <tr key={r.name}>
                  <td>{r.name}</td>
                  <td>{r.materials}</td>
                  <td>{r.opened}</td>
                  <td>{r.downloaded}</td>
                  <td>{r.used}</td>
                  <td>{r.pagesSeen}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      <section className="card" aria-labelledby="own-heading" data-testid="own-use">
        <h2 id="own-heading">{reports ? "Your own" : "What you used"}</h2>
        {own.lines.length === 0 ? (
          <p className="muted">Nothing yet: opening a material in the library, downloading it or recording a use shows here.</p>
        ) : (
          <table className="compact">
            <thead>
              <tr>
                <th>Material</th>
                <th>Opened</th>
                <th>Downloaded</th>
                <th>Used with customers</th>
                <th>Pages seen</th>
              </tr>
            </thead>
            <tbody>
              {own.lines.map((l) => (
                <tr key={l.materialId}>
                  <td>
                    <Link to={`/materials/${l.materialId}`}>{l.title}</Link>
                  </td>
                  <td>{l.opened}</td>
                  <td>{l.downloaded}</td>
                  <td>{l.used}</td>
                  <td>{l.pagesSeen}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {own.uses.length ? (
          <>
            <h3>Used with customers</h3>
            <ul className="usage-uses">
              {own.uses.map((u, i) => (
                <li key={i}>
                  <time dateTime={u.usedOn}>{u.usedOn}</time> · {u.title}
                  {u.account ? ` · ${u.account}` : ""}
                  {u.note ? <div className="prewrap muted">{u.note}</div> : null}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
    </>
  );
}
