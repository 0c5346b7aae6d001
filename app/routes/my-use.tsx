import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { db } from "~/lib/db.server";
import { requireUserWith } from "~/lib/permissions.server";
import { ownHistory, reportsHistory } from "~/queries/my-use.server";
import { DataTable, type Column } from "~/components/DataTable";

export const meta: MetaFunction = () => [{ title: "My use · Collateral Preview" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWith(request, "usage:history");
  const own = await ownHistory(db(), user.id);
  const reports = user.role === "manager" ? await reportsHistory(db(), user.id) : null;
  return { own, reports };
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
const counts = <T extends { opened: number; downloaded: number; used: number; pagesSeen: number }>(): Column<T>[] => [
  { header: "Opened", cell: (r) => r.opened },
  { header: "Downloaded", cell: (r) => r.downloaded },
  { header: "Used with customers", cell: (r) => r.used },
  { header: "Pages seen", cell: (r) => r.pagesSeen },
];
const reportColumns: Column<NonNullable<Data["reports"]>[number]>[] = [
  { header: "Name", cell: (r) => r.name },
  { header: "Materials", cell: (r) => r.materials },
  ...counts(),
];
const ownColumns: Column<Data["own"]["lines"][number]>[] = [
  { header: "Material", cell: (l) => <Link to={`/materials/${l.materialId}`}>{l.title}</Link> },
  ...counts(),
];

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
          <DataTable columns={reportColumns} rows={reports} rowKey={(r) => r.name} label="Your reports' use" className="compact" />
        </section>
      ) : null}
      <section className="card" aria-labelledby="own-heading" data-testid="own-use">
        <h2 id="own-heading">{reports ? "Your own" : "What you used"}</h2>
        {own.lines.length === 0 ? (
          <p className="muted">Nothing yet: opening a material in the library, downloading it or recording a use shows here.</p>
        ) : (
          <DataTable columns={ownColumns} rows={own.lines} rowKey={(l) => l.materialId} label="Your own use" className="compact" />
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
