import type { ActionFunctionArgs } from "@remix-run/node";
import { now } from "~/lib/clock.server";
import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { AppError } from "~/lib/errors";
import { requireId } from "~/lib/permissions.server";
import { requireUser } from "~/lib/session.server";
import { recordPagesSeen } from "~/queries/usage.server";

/** A report is a version id and a list of page numbers: a few hundred bytes. */
const MAX_BODY_BYTES = 16 * 1024;

const answer = (status: number, message: string) =>
  new Response(`${message}\n`, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });

/**
 * POST `/materials/:id/usage`: the PDF viewer's report of the pages a rep saw, sent with
 * navigator.sendBeacon (JSON, whatever Content-Type the browser gave the beacon). 204 when
 * recorded; otherwise a status and one line saying why, and nothing is written.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return answer(405, "Send page views with POST.");
  const user = await requireUser(request);
  const materialId = requireId(params.materialId, "material");
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) return answer(413, `A page-view report has at most ${MAX_BODY_BYTES / 1024} KB.`);
  // Not JSON is answered after who may report here is settled (the service says it), like any bad report.
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  try {
    await recordPagesSeen(db(), user, materialId, body, now(), { recording: env().USAGE_RECORDING === "on" });
    return new Response(null, { status: 204 });
  } catch (error) {
    if (error instanceof AppError) return answer(error.status, Object.values(error.fields).join(" "));
    throw error;
  }
}

export function loader() {
  return answer(405, "Send page views with POST.");
}
