import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer, isRouteErrorResponse } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "./components/nonce";
import { logger } from "./lib/log.server";

const ABORT_DELAY = 5_000;
export const streamTimeout = ABORT_DELAY;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce ?? "";
  const waitForAll = isbot(request.headers.get("user-agent") ?? "");
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    let finished = false;
    let abortTimer: NodeJS.Timeout | undefined;
    // Once everything is rendered there is nothing left to abort: the timer goes, and with it
    // the last reference to this request's render tree (kept for seconds, it made every
    // garbage collection copy the trees of hundreds of finished requests).
    const finish = () => {
      finished = true;
      clearTimeout(abortTimer);
    };
    const sendShell = () => {
      shellRendered = true;
      const body = new PassThrough();
      responseHeaders.set("Content-Type", "text/html; charset=utf-8");
      resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
      pipe(body);
    };
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        onShellReady() {
          if (!waitForAll) sendShell();
        },
        onAllReady() {
          finish();
          if (waitForAll) sendShell();
        },
        onShellError(error: unknown) {
          finish();
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) logger().error({ reqId: request.headers.get("x-request-id"), err: error }, "Rendering the page failed");
        },
      },
    );
    if (!finished) abortTimer = setTimeout(abort, ABORT_DELAY + 1_000);
  });
}

/**
 * Errors thrown by loaders and actions: logged once, with their stack, never shown to the
 * user. Remix also passes on its own refusals (no route for the address: 404; a method the
 * route does not take: 405): the request's line says those, so they are a debug line here,
 * without a stack.
 */
export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  const reqId = request.headers.get("x-request-id");
  if (isRouteErrorResponse(error) && error.status < 500) {
    const internal = (error as { error?: unknown }).error;
    logger().debug({ reqId, status: error.status, error: internal instanceof Error ? internal.message : error.statusText }, "Request refused by the router");
    return;
  }
  logger().error({ reqId, err: error }, "Request failed");
}
