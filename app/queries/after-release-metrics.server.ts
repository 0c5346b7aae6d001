import type { Database } from "../lib/db.server";
import type { MonthFilters } from "../schemas/filters";
import { feedbackMix } from "./feedback-mix.server";
import { firstUseMedians, ownerPages, unusedMaterials } from "./release-metrics.server";
import { requestStats } from "./request-stats.server";
import { cachedReport } from "./report-cache.server";

/**
 * The metrics page's figures after release, each cached a minute per filter. One query after
 * another: on SQLite each holds a read connection that every other page shares. Everything
 * here is a team total; the owner's pages table is their own material only.
 */
export async function afterReleaseMetrics(database: Database, viewer: { id: number; role: string }, teamIds: number[], filters: MonthFilters, now: Date) {
  const key = (name: string) => [name, teamIds, filters];
  const unused = await cachedReport(database, key("unused"), now, () => unusedMaterials(database, teamIds, filters, now));
  const firstUse = await cachedReport(database, key("first-use"), now, () => firstUseMedians(database, teamIds, filters));
  const feedback = await cachedReport(database, key("feedback"), now, () => feedbackMix(database, teamIds, filters));
  const requests = await cachedReport(database, key("requests"), now, () => requestStats(database, teamIds, filters));
  const allPages = viewer.role === "marketer" ? await cachedReport(database, [...key("pages"), viewer.id], now, () => ownerPages(database, viewer.id, teamIds, filters)) : null;
  return { unused, firstUse, feedback, requests, allPages };
}

/** How many of the owner's materials the page lists (the most read first); the CSV has them all. */
export const OWNER_PAGES_SHOWN = 25;

/** The figures as the page shows them: the owner's most-read materials only, with how many there are. */
export async function afterReleasePage(database: Database, viewer: { id: number; role: string }, teamIds: number[], filters: MonthFilters, now: Date) {
  const { allPages, ...rest } = await afterReleaseMetrics(database, viewer, teamIds, filters, now);
  // Sorted once per computation of the figures, not once per request.
  const pages = allPages
    ? await cachedReport(database, ["pages-shown", teamIds, filters, viewer.id], now, async () =>
        [...allPages].sort((a, b) => b.views - a.views || a.materialId - b.materialId).slice(0, OWNER_PAGES_SHOWN),
      )
    : null;
  return { ...rest, pages, ownedMaterials: allPages?.length ?? 0 };
}
