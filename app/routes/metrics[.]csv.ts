import type { LoaderFunctionArgs } from "@remix-run/node";
import { now } from "~/lib/clock.server";
import { db } from "~/lib/db.server";
import { requireUserWith } from "~/lib/permissions.server";
import { parseMetricsFilters } from "~/schemas/filters";
import { cachedMetrics, metricsCsv } from "~/queries/metrics.server";
import { cachedUtilization, utilizationCsv } from "~/queries/utilization.server";

/** `/metrics.csv`: the same numbers as the metrics page, with the same filters. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWith(request, "metrics:view");
  const teams = await db().models.SalesTeam.findAll({ attributes: ["id"] });
  const search = new URL(request.url).searchParams;
  const { filters } = parseMetricsFilters(search, teams.map((t) => t.id));
  // `report=utilization`: the utilization table's rows instead of the preview figures.
  if (search.get("report") === "utilization") {
    const rows = await cachedUtilization(db(), teams.map((t) => t.id), filters, now());
    return new Response(utilizationCsv(rows), {
      headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="collateral-preview-utilization.csv"', "Cache-Control": "private, no-store" },
    });
  }
  const rows = await cachedMetrics(db(), teams.map((t) => t.id), filters, now());
  return new Response(metricsCsv(rows), {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="collateral-preview-metrics.csv"', "Cache-Control": "private, no-store" },
  });
}
