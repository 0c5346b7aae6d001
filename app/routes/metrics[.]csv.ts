import type { LoaderFunctionArgs } from "@remix-run/node";
import { now } from "~/lib/clock.server";
import { db } from "~/lib/db.server";
import { requireUserWith } from "~/lib/permissions.server";
import { parseMetricsFilters } from "~/schemas/filters";
import { cachedMetrics, metricsCsv } from "~/queries/metrics.server";
import { cachedUtilization, utilizationCsv } from "~/queries/utilization.server";
import { afterReleaseMetrics } from "~/queries/after-release-metrics.server";
import { feedbackMixCsv } from "~/queries/feedback-mix.server";
import { firstUseCsv, ownerPagesCsv, unusedCsv, unusedMaterials } from "~/queries/release-metrics.server";
import { cachedReport } from "~/queries/report-cache.server";
import { requestStatsCsv } from "~/queries/request-stats.server";

const REPORTS = ["utilization", "unused", "first-use", "feedback", "requests", "pages"];

/** `/metrics.csv`: the same numbers as the metrics page, with the same filters. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWith(request, "metrics:view");
  const teams = await db().models.SalesTeam.findAll({ attributes: ["id"] });
  const search = new URL(request.url).searchParams;
  const { filters } = parseMetricsFilters(search, teams.map((t) => t.id));
  const teamIds = teams.map((t) => t.id);
  const csv = (body: string, name: string) =>
    new Response(body, { headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="collateral-preview-${name}.csv"`, "Cache-Control": "private, no-store" } });
  // `report=`: one of the page's other tables instead of the preview figures.
  const report = search.get("report");
  if (report !== null && !REPORTS.includes(report)) {
    return new Response(`There is no report "${report.slice(0, 40)}". Reports: ${REPORTS.join(", ")} (or none, for the preview figures).\n`, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  if (report === "utilization") return csv(utilizationCsv(await cachedUtilization(db(), teamIds, filters, now())), "utilization");
  if (report === "unused") return csv(unusedCsv((await cachedReport(db(), ["unused-all", teamIds, filters], now(), () => unusedMaterials(db(), teamIds, filters, now(), null))).rows), "unused");
  if (report !== null) {
    const data = await afterReleaseMetrics(db(), user, teamIds, filters, now());
    if (report === "first-use") return csv(firstUseCsv(data.firstUse), "first-use");
    if (report === "feedback") return csv(feedbackMixCsv(data.feedback), "feedback-mix");
    if (report === "requests") return csv(requestStatsCsv(data.requests), "requests");
    if (report === "pages") {
      if (!data.allPages) return new Response("The pages report is for marketers: it lists their own material.\n", { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8" } });
      return csv(ownerPagesCsv(data.allPages), "pages-seen");
    }
  }
  const rows = await cachedMetrics(db(), teams.map((t) => t.id), filters, now());
  return new Response(metricsCsv(rows), {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="collateral-preview-metrics.csv"', "Cache-Control": "private, no-store" },
  });
}
