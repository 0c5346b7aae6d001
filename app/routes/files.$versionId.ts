import type { Readable } from "node:stream";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/lib/db.server";
import { StorageUnavailableError } from "~/lib/errors";
import { formatBytes } from "~/lib/format";
import { isStopping } from "~/lib/readiness.server";
import { logger } from "~/lib/log.server";
import { notFound, requireId } from "~/lib/permissions.server";
import { storedFileName, type AcceptedType } from "~/lib/file-type";
import { contentDisposition, parseRange } from "~/lib/range";
import { requireUser } from "~/lib/session.server";
import { MissingObjectError, storage } from "~/lib/storage.server";
import { loadVisibleMaterial } from "~/rules/material-access.server";
import { addressedOnVersion } from "~/rules/escalation-facts.server";
import { recordDownload } from "~/queries/usage.server";
import { now } from "~/lib/clock.server";
import { env } from "~/lib/env.server";

/**
 * The only way to a stored file: signed in, allowed to see its material (or addressed by an
 * escalation on this version), with HTTP Range
 * support so the PDF viewer fetches page 1 of a large file without the rest.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const versionId = requireId(params.versionId, "file");
  const database = db();
  const version = await database.models.MaterialVersion.findByPk(versionId);
  if (!version) notFound("file");
  // Whoever sees the material; and a manager an escalation on this version was addressed to.
  const access = (await addressedOnVersion(database, user.id, version.id)) ? null : await loadVisibleMaterial(database, user, version.materialId);

  const size = version.size;
  // "Download" pressed, as opposed to the viewer reading the file (which cancels requests as it pages).
  const asked = new URL(request.url).searchParams.has("download");
  // A download resumed with a Range further in is the same download: counted once, from its start.
  const startsAtZero = !/^bytes=\s*[1-9]/.test(request.headers.get("range") ?? "");
  if (asked && access && startsAtZero) await recordDownload(database, user, access, version.id, now(), { recording: env().USAGE_RECORDING === "on" });
  const etag = `"${version.sha256}"`;
  const headers = new Headers({
    "Content-Type": version.contentType,
    // Files kept before names were cleaned get the same treatment on the way out.
    "Content-Disposition": contentDisposition(storedFileName(version.fileName, version.contentType as AcceptedType), asked ? "attachment" : "inline"),
    "Accept-Ranges": "bytes",
    ETag: etag,
    // Versions never change; the browser may keep them, but only for this user.
    "Cache-Control": "private, max-age=3600",
  });
  if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });

  const ifRange = request.headers.get("if-range");
  const range = ifRange && ifRange !== etag ? ({ kind: "full" } as const) : parseRange(request.headers.get("range"), size);
  if (range.kind === "unsatisfiable") {
    headers.set("Content-Range", `bytes */${size}`);
    headers.delete("Content-Disposition");
    return new Response(null, { status: 416, headers });
  }
  if (range.kind === "partial") {
    headers.set("Content-Range", `bytes ${range.start}-${range.end}/${size}`);
    headers.set("Content-Length", String(range.end - range.start + 1));
    const body = await openStored(version.storageKey, { start: range.start, end: range.end }, request.headers.get("x-request-id"));
    return new Response(download(body, { signal: request.signal, drained: context.responseDrained, versionId: version.id, total: range.end - range.start + 1, asked, reqId: request.headers.get("x-request-id") }), { status: 206, headers });
  }
  headers.set("Content-Length", String(size));
  const body = await openStored(version.storageKey, undefined, request.headers.get("x-request-id"));
  return new Response(download(body, { signal: request.signal, drained: context.responseDrained, versionId: version.id, total: size, asked, reqId: request.headers.get("x-request-id") }), { status: 200, headers });
}

/**
 * The stored bytes as the response's body, one chunk at a time as the client takes them:
 * Remix writes each chunk it reads without waiting, so the wait is here (see AppLoadContext).
 * A response closed before its last byte is logged in one line when the server stopped under
 * it, or when a person's download was cut (pdf.js cancels its own reads as a matter of
 * course: those are not news). Either way the stored stream is destroyed, so nothing keeps
 * reading the store.
 */
function download(body: Readable, options: { signal: AbortSignal; drained?: () => Promise<void>; versionId: number; total: number; asked: boolean; reqId?: string | null }): ReadableStream<Uint8Array> {
  const { signal, versionId, total } = options;
  const drained = options.drained ?? (() => Promise.resolve());
  let sent = 0;
  const onAbort = () => {
    if (sent < total && (isStopping() || options.asked)) {
      const why = isStopping() ? "the server is stopping" : "the connection closed";
      logger().info(
        { reqId: options.reqId, download: { versionId, sent, total, aborted: why } },
        `Download of version ${versionId} aborted after ${formatBytes(sent)} of ${formatBytes(total)}: ${why}.`,
      );
    }
    body.destroy();
  };
  if (signal.aborted) onAbort();
  else signal.addEventListener("abort", onAbort, { once: true });
  const chunks = body[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        await drained();
        // Once the response has closed there is no one left to send to (logged above).
        if (signal.aborted) return controller.close();
        const next = await chunks.next().catch((error) => {
          if (signal.aborted) return { done: true as const, value: undefined };
          throw error;
        });
        if (next.done) {
          signal.removeEventListener("abort", onAbort);
          controller.close();
        } else {
          sent += (next.value as Uint8Array).length;
          controller.enqueue(next.value as Uint8Array);
        }
      },
      cancel() {
        body.destroy();
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * The stored bytes; a store that fails answers 503 with a message, a file that is gone 404
 * (the store's own error is only logged).
 */
async function openStored(key: string, range?: { start: number; end: number }, reqId?: string | null) {
  try {
    return await storage().get(key, range);
  } catch (error) {
    if (error instanceof MissingObjectError) {
      // An error for the operator, yet a 404 for the person: one line, no stack.
      logger().error({ reqId, storageKey: key }, `File missing from the file store: ${key}. Its version cannot be shown until it is uploaded again.`);
      // Not an outage: the bytes are gone, and trying again will not bring them back.
      throw new Response("This file is missing from the file store. Ask marketing to upload this version again.", {
        status: 404,
        headers: { "Content-Type": "text/plain; charset=utf-8" },
      });
    }
    logger().error({ reqId, err: error }, "The file store failed to read a file");
    throw new Response(new StorageUnavailableError("read").message, {
      status: 503,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": "60" },
    });
  }
}
