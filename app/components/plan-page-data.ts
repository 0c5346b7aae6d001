import type { SerializeFrom } from "@remix-run/node";
import type { loadPlanPage } from "~/queries/plan-page.server";

/** The plan page's data as the browser receives it. */
export type PlanPageData = SerializeFrom<typeof loadPlanPage>;
export type PrePlanData = NonNullable<PlanPageData["prePlan"]>;
export type PlanData = NonNullable<PlanPageData["plan"]>;
