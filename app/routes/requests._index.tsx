import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { db } from "~/lib/db.server";
import { now } from "~/lib/clock.server";
import { can } from "~/lib/permissions";
import { requireUserWith } from "~/lib/permissions.server";
import { REQUEST_STATES, REQUEST_STATE_LABELS } from "~/domain/requests";
import { RequestFilterSchema } from "~/schemas/request";
import { listRequests } from "~/queries/requests.server";
import { DataTable, type Column } from "~/components/DataTable";

export const meta: MetaFunction = () => [{ title: "Requests for material · Collateral Preview" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWith(request, "request:list");
  const filter = RequestFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const list = await listRequests(db(), user, filter, now());
  return { ...list, state: filter.state ?? "", mayCreate: can(user, "request:create"), seesAll: user.role !== "sales" };
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["rows"][number];
const columns: Column<Row>[] = [
  {
    header: "What is needed",
    cell: (r) => (
      <>
        <Link to={`/requests/${r.id}`}>{r.need}</Link>
        <div className="muted clamp">{r.customers}</div>
      </>
    ),
  },
  { header: "Team", cell: (r) => r.team },
  { header: "Asked by", cell: (r) => r.requester },
  { header: "Needed by", cell: (r) => (r.overdue ? <span className="warn">{r.neededBy} (overdue)</span> : r.neededBy) },
  {
    header: "State",
    cell: (r) => (
      <>
        {REQUEST_STATE_LABELS[r.state]}
        {r.material ? (
          <>
            {": "}
            <Link to={`/materials/${r.material.id}`}>{r.material.title}</Link>
          </>
        ) : null}
      </>
    ),
  },
];

export default function Requests() {
  const { rows, total, state, mayCreate, seesAll } = useLoaderData<typeof loader>();
  return (
    <section className="card">
      <h1>Requests for material</h1>
      <p className="muted">
        {seesAll
          ? "What the sales teams asked marketing for: material they keep making themselves."
          : "What your team asked marketing for. Ask for what you keep making yourself; marketing accepts, declines with a reason, or answers with a material."}
      </p>
      {mayCreate ? (
        <p>
          <Link to="/requests/new">Ask for material</Link>
        </p>
      ) : null}
      <Form method="get" className="row">
        <label htmlFor="state-filter">State</label>
        <select id="state-filter" name="state" defaultValue={state}>
          <option value="">All</option>
          {REQUEST_STATES.map((s) => (
            <option key={s} value={s}>
              {REQUEST_STATE_LABELS[s]}
            </option>
          ))}
        </select>
        <button type="submit">Filter</button>
      </Form>
      {rows.length === 0 ? <p className="muted">No request{state ? " in this state" : ""}.</p> : null}
      {total > rows.length ? <p className="muted">The {rows.length} needed soonest of {total}.</p> : null}
      {rows.length ? <DataTable columns={columns} rows={rows} rowKey={(r) => r.id} label="Requests for material" testId="requests" className="" /> : null}
    </section>
  );
}
