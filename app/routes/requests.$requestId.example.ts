import { Readable } from "node:stream";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/lib/db.server";
import { StorageUnavailableError } from "~/lib/errors";
import { notFound, requireId } from "~/lib/permissions.server";
import { contentDisposition } from "~/lib/range";
import { requireUser } from "~/lib/session.server";
import { MissingObjectError, storage } from "~/lib/storage.server";
import { loadVisibleRequest } from "~/rules/request-access.server";

/**
 * A request's example, downloaded by whoever may see the request (its team, marketing,
 * managers, admins): always as an attachment, so the browser never runs it as a page.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const found = await loadVisibleRequest(db(), user, requireId(params.requestId, "request"));
  if (!found.exampleKey) notFound("example");
  let body: Readable;
  try {
    body = await storage().get(found.exampleKey);
  } catch (error) {
    if (error instanceof MissingObjectError) notFound("example");
    throw new StorageUnavailableError("read", { cause: error });
  }
  return new Response(Readable.toWeb(body) as ReadableStream<Uint8Array>, {
    headers: {
      "Content-Type": found.exampleMime ?? "application/octet-stream",
      "Content-Disposition": contentDisposition(found.exampleName ?? "example", "attachment"),
      "Content-Length": String(found.exampleSize ?? ""),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
