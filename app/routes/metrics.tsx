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

const fmt = (v: number | null, suffix = "") => (v === null ? "—" : `${v}${suffix}`);

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
        <div className="table-scroll">
          <table className="compact metrics" data-testid="metrics-table">
            <thead>
              <tr>
                <th>Team</th>
                <th>Month</th>
                <th>Previews</th>
                <th>Closed</th>
                <th>Decided in window</th>
                <th>No response</th>
                <th>First comment, median h</th>
                <th>First comment, p90 h</th>
                <th>Decision, median h</th>
                <th>Decision, p90 h</th>
                <th>Comments</th>
                {COMMENT_CATEGORIES.map((c) => (
                  <th key={c}>{COMMENT_CATEGORY_LABELS[c]}</th>
                ))}
                <th>Accepted</th>
                <th>Declined</th>
                <th>Escalations</th>
                <th>Decided</th>
                <th>Moved up</th>
                <th>Escalation decision, median h</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.team}-${r.month}`}>
                  <td>{r.team}</td>
                  <td>{r.month}</td>
                  <td>{r.rounds}</td>
                  <td>{r.closed}</td>
                  <td>{fmt(r.decidedInWindow, "%")}</td>
                  <td>{fmt(r.noResponse, "%")}</td>
                  <td>{fmt(r.firstCommentMedianH)}</td>
                  <td>{fmt(r.firstCommentP90H)}</td>
                  <td>{fmt(r.decisionMedianH)}</td>
                  <td>{fmt(r.decisionP90H)}</td>
                  <td>{r.comments}</td>
                  {COMMENT_CATEGORIES.map((c) => (
                    <td key={c}>{r.byCategory[c]}</td>
                  ))}
                  <td>{r.accepted}</td>
                  <td>{r.declined}</td>
                  <td>{r.escalationsRaised}</td>
                  <td>{r.escalationsDecided}</td>
                  <td>{r.escalationsMovedUp}</td>
                  <td>{fmt(r.escalationDecideMedianH)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <UtilizationTable rows={utilization} csvHref={csv("utilization")} />
      <AfterReleaseTables data={afterRelease} csv={csv} />
    </>
  );
}
