import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { lazy, Suspense } from "react";
import { useHydrated } from "~/hooks/useHydrated";
import { COMMENT_CATEGORIES, COMMENT_CATEGORY_LABELS } from "~/domain/materials";
import { now } from "~/lib/clock.server";
import { db, selectRows } from "~/lib/db.server";
import { requireUserWith } from "~/lib/permissions.server";
import { parseMetricsFilters } from "~/schemas/filters";
import { cachedMetrics } from "~/queries/metrics.server";
import { FilterSelect } from "~/components/FilterSelect";
import { Notices } from "~/components/Notices";
import { DataTable, orDash, type Column } from "~/components/DataTable";
import { UtilizationTable } from "~/components/UtilizationTable";
import { cachedUtilization } from "~/queries/utilization.server";
import { afterReleasePage } from "~/queries/after-release-metrics.server";
import { AfterReleaseTables } from "~/components/AfterReleaseTables";

const MetricsCharts = lazy(() => import("~/components/MetricsCharts.client"));

export const meta: MetaFunction = () => [{ title: "Metrics · Collateral Preview" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWith(request, "metrics:view");
  const teams = await selectRows<{ id: number; name: string }>(db(), `SELECT id, name FROM sales_teams ORDER BY name`);
  const { filters, notes } = parseMetricsFilters(new URL(request.url).searchParams, teams.map((t) => t.id));
  const rows = await cachedMetrics(db(), teams.map((t) => t.id), filters, now());
  const utilization = await cachedUtilization(db(), teams.map((t) => t.id), filters, now());
  const afterRelease = await afterReleasePage(db(), user, teams.map((t) => t.id), filters, now());
  return { teams, filters, notes, rows, utilization, afterRelease };
}

const fmt = orDash;

type Row = ReturnType<typeof useLoaderData<typeof loader>>["rows"][number];
const previewColumns: Column<Row>[] = [
  { header: "Team", cell: (r) => r.team },
  { header: "Month", cell: (r) => r.month },
  { header: "Previews", cell: (r) => r.rounds },
  { header: "Closed", cell: (r) => r.closed },
  { header: "Decided in window", cell: (r) => fmt(r.decidedInWindow, "%") },
  { header: "No response", cell: (r) => fmt(r.noResponse, "%") },
  { header: "First comment, median h", cell: (r) => fmt(r.firstCommentMedianH) },
  { header: "First comment, p90 h", cell: (r) => fmt(r.firstCommentP90H) },
  { header: "Decision, median h", cell: (r) => fmt(r.decisionMedianH) },
  { header: "Decision, p90 h", cell: (r) => fmt(r.decisionP90H) },
  { header: "Comments", cell: (r) => r.comments },
  ...COMMENT_CATEGORIES.map((c): Column<Row> => ({ header: COMMENT_CATEGORY_LABELS[c], cell: (r) => r.byCategory[c] })),
  { header: "Accepted", cell: (r) => r.accepted },
  { header: "Declined", cell: (r) => r.declined },
  { header: "Escalations", cell: (r) => r.escalationsRaised },
  { header: "Decided", cell: (r) => r.escalationsDecided },
  { header: "Moved up", cell: (r) => r.escalationsMovedUp },
  { header: "Escalation decision, median h", cell: (r) => fmt(r.escalationDecideMedianH) },
];

export default function Metrics() {
  const { teams, filters, notes, rows, utilization, afterRelease } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const hydrated = useHydrated();
  const csv = (report: string) => `/metrics.csv?${new URLSearchParams([...[...params.entries()].filter(([k]) => k !== "report"), ["report", report]]).toString()}`;
  const chartRows = rows.map((r) => ({ label: `${r.team} ${r.month}`, ...r }));
  return (
    <>
      <div className="spread">
        <h1>Metrics</h1>
        <a className="button secondary" href={`/metrics.csv?${params.toString()}`} download>
          Download CSV
        </a>
      </div>
      <p className="muted">
        Per sales team and month: how fast previews get comments and decisions, how often the committee answers in time, what
        marketing does with comments, and how escalations go. Medians and 90th percentiles by nearest rank; times in hours.
      </p>
      <Form method="get" className="card row" aria-label="Filter the metrics">
        <FilterSelect name="team" label="Team" any="Every team" value={filters.teamId} options={teams.map((t) => ({ value: t.id, label: t.name }))} />
        <div className="field">
          <label htmlFor="from">From month</label>
          <input id="from" name="from" type="month" defaultValue={filters.from ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="to">To month</label>
          <input id="to" name="to" type="month" defaultValue={filters.to ?? ""} />
        </div>
        <button type="submit">Show</button>
      </Form>
      <Notices notes={notes} />
      {rows.length === 0 ? <p className="muted">No previews in this range yet.</p> : null}
      {rows.length && hydrated ? (
        <Suspense fallback={<p className="muted">Drawing the charts…</p>}>
          <MetricsCharts rows={chartRows} />
        </Suspense>
      ) : null}
      {rows.length ? (
        <DataTable columns={previewColumns} rows={rows} rowKey={(r) => `${r.team}-${r.month}`} label="Previews by team and month" testId="metrics-table" />
      ) : null}
      <UtilizationTable rows={utilization} csvHref={csv("utilization")} />
      <AfterReleaseTables data={afterRelease} csv={csv} />
    </>
  );
}
