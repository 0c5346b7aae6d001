import type { LoaderFunctionArgs } from "@remix-run/node";
import { now } from "~/lib/clock.server";
import { db } from "~/lib/db.server";
import { calendarFeed } from "~/queries/deadline-feed.server";

/**
 * `/calendar/<token>.ics`: a person's dates and deadlines for any calendar app. The private
 * token in the address is the only credential (calendar apps send no cookies).
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const token = (params.token ?? "").replace(/\.ics$/, "");
  const result = await calendarFeed(db(), token, now());
  if (!result.ok) {
    return new Response(result.message, { status: result.status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  }
  return new Response(result.ics, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'inline; filename="collateral-preview.ics"',
      "Cache-Control": "private, no-store",
    },
  });
}
