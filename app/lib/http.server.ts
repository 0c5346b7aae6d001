import { randomBytes } from "node:crypto";
import path from "node:path";
import express, { type NextFunction, type Request, type Response } from "express";
import helmet from "helmet";
import { createRequestHandler } from "@remix-run/express";
import { withRequestMemo } from "./request-memo.server";
import { addressHasControlCharacter } from "./text-input";
import type { ServerBuild } from "@remix-run/node";
import type { Database } from "./db.server";
import { isStopping, readiness } from "./readiness.server";
import type { Storage } from "./storage.server";
import { asRequest, logger as processLogger, type Logger } from "./log.server";
import { httpDuration, httpRequests, prometheusEndpoint, statusClass } from "./metrics.server";
import { requestIdFrom } from "./request-id.server";
import { routeLabeller } from "./route-label.server";

export interface AppOptions {
  database: Database;
  /** The file store /readyz probes; without it /readyz reports the files check as not configured. */
  storage?: Storage;
  build: ServerBuild | (() => Promise<ServerBuild>);
  /** The public origin (APP_URL); when unset, the request's own Host is the app's origin. */
  appUrl?: string;
  /** Other origins whose forms are accepted (APP_ORIGINS). */
  allowedOrigins?: string[];
  /** One log line per request (LOG_REQUESTS); the metrics count every request either way. */
  logRequests?: boolean;
  /** Express's "trust proxy": a hop count, addresses and subnets, or false for none. */
  trustProxy?: number | string[] | false;
  /** Where request lines and the server's own lines go; the process's logger by default. */
  logger?: Logger;
  /** METRICS_TOKEN: when set, GET /metrics/prometheus answers to `Authorization: Bearer <token>`. */
  metricsToken?: string;
  publicDir?: string;
}

/**
 * Paths whose segments are secrets are logged without them: one-time set-password links and
 * private calendar feed links (whoever holds one reads that person's deadlines).
 */
export function redactPath(url: string): string {
  const pathname = url.split("?")[0];
  return pathname.replace(/^\/set-password\/[^/]+/, "/set-password/[redacted]").replace(/^\/calendar\/[^/]+/, "/calendar/[redacted]");
}

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * The Express app around the Remix handler: security headers with a per-request CSP nonce,
 * a same-origin check on every state-changing request, request logs, static files,
 * `GET /healthz` (liveness) and `GET /readyz` (readiness).
 */
export function createApp(options: AppOptions) {
  const log = () => options.logger ?? processLogger();
  const app = express();
  app.disable("x-powered-by");
  // Remix reads the query string from the URL itself; Express's parse of it would be unused work.
  app.set("query parser", false);
  // Whose X-Forwarded-For is believed (TRUST_PROXY): by default only a proxy on this machine.
  app.set("trust proxy", options.trustProxy ?? "loopback");

  const remixRoute = typeof options.build === "function" ? () => "remix" : routeLabeller(options.build);

  // Every request gets an id: a sane X-Request-Id from a proxy in front is kept, so one id
  // follows the request through every hop. It is sent back, and replaces the header the app
  // reads (entry.server.tsx logs errors with it).
  app.use((req, res, next) => {
    const id = requestIdFrom(req.headers["x-request-id"]);
    req.headers["x-request-id"] = id;
    res.setHeader("X-Request-Id", id);
    asRequest(id, next);
  });

  // One line and one metrics sample per request, once its answer has been sent.
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    const bytes = countBodyBytes(res);
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    const fields = () => ({
      reqId: req.headers["x-request-id"] as string,
      method: req.method,
      path: redactPath(req.originalUrl),
      route: (res.locals.route as string | undefined) ?? remixRoute(req.path),
    });
    let aborted = false;
    // (An aborted response may still emit "finish" when its writer ends it afterwards.)
    res.on("finish", () => {
      if (aborted) return;
      const duration = seconds();
      const reason = res.locals.refusal as string | undefined;
      const line = { ...fields(), status: res.statusCode, ms: round(duration * 1000), bytes: bytes(), ...(reason ? { reason } : {}) };
      const labels = { method: req.method, route: line.route, status_class: statusClass(res.statusCode) };
      httpRequests.inc(labels);
      httpDuration.observe(labels, duration);
      if (options.logRequests === false) return;
      // A 5xx is an error (its stack, if any, is on the line entry.server.tsx wrote with the same reqId); the rest is routine.
      log()[res.statusCode >= 500 ? "error" : "info"](line, `${line.method} ${line.path} ${line.status}`);
    });
    // Closed before the whole answer was sent (the client went away, or the server stopping
    // cut it): logged as aborted, with the status its headers had promised, never as that status.
    res.on("close", () => {
      if (res.writableFinished) return;
      aborted = true;
      const duration = seconds();
      const line = { ...fields(), aborted: true, ...(res.headersSent ? { status: res.statusCode } : {}), ms: round(duration * 1000), bytes: bytes() };
      const labels = { method: req.method, route: line.route, status_class: "aborted" };
      httpRequests.inc(labels);
      httpDuration.observe(labels, duration);
      if (options.logRequests === false) return;
      log().info(line, `${line.method} ${line.path} aborted${res.headersSent ? `, ${res.statusCode} headers sent` : ""}`);
    });
    next();
  });

  app.use((_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString("base64");
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          "default-src": ["'self'"],
          "script-src": ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
          "style-src": ["'self'", "'unsafe-inline'"],
          "img-src": ["'self'", "data:", "blob:"],
          "font-src": ["'self'", "data:"],
          "worker-src": ["'self'", "blob:"],
          "connect-src": ["'self'"],
          "object-src": ["'none'"],
          "base-uri": ["'self'"],
          "form-action": ["'self'"],
          "frame-ancestors": ["'none'"],
          "report-uri": ["/csp-report"],
        },
      },
      crossOriginEmbedderPolicy: false,
      referrerPolicy: { policy: "same-origin" },
    }),
  );

  // No page uses the camera, microphone, location, payment or USB: no page (nor anything
  // injected into one) may ask for them.
  app.use((_req, res, next) => {
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()");
    next();
  });
  // A stored file opened directly is a document of its own: sandboxed, with no script and no
  // access to the app's origin, whatever it contains (a PDF that is also an HTML page, say).
  // The app's viewer reads files with fetch, which this does not touch.
  app.use("/files", (_req, res, next) => {
    res.setHeader("Content-Security-Policy", "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'");
    next();
  });

  // The app reads the client's address from this header; a value sent by the client is replaced.
  app.use((req, _res, next) => {
    req.headers["x-client-address"] = req.ip ?? "";
    next();
  });

  // Browsers report what the Content-Security-Policy blocked (pages and the PDF worker alike):
  // one log line each, so a page that breaks under the policy, or an injection attempt, shows.
  app.use("/csp-report", (_req, res, next) => {
    res.locals.route = "/csp-report";
    next();
  });
  app.post("/csp-report", express.json({ type: ["application/csp-report", "application/json"], limit: "16kb" }), (req, res) => {
    const report = (req.body?.["csp-report"] ?? {}) as Record<string, unknown>;
    // Anyone may post here: control characters are dropped (no forged log lines), and
    // addresses are logged as paths with their secrets redacted.
    const field = (name: string) => String(report[name] ?? "?").replace(/[\x00-\x1f\x7f]/g, " ").slice(0, 200);
    const path = (url: string) => redactPath(url.replace(/^https?:\/\/[^/]+/, ""));
    const source = report["source-file"] ? ` (${path(field("source-file"))}:${field("line-number")})` : "";
    const uri = field("blocked-uri");
    const blocked = /^https?:\/\//.test(uri) && URL.canParse(uri) ? `${new URL(uri).origin}${path(uri)}` : uri;
    const directive = field("effective-directive");
    const page = path(field("document-uri"));
    log().warn({ cspViolation: { directive, blocked, page, source: source.slice(2, -1) || undefined } }, `CSP violation: ${directive} blocked ${blocked} on ${page}${source}`);
    res.status(204).end();
  });
  app.use("/csp-report", (_error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    res.status(400).type("text/plain").send("A violation report must be JSON of at most 16 KB.");
  });

  // A request may be answered before its body has been read: an upload refused before it
  // arrived (not signed in, not allowed, too large), or a form over its limit. Closing the
  // connection afterwards stops the client from reusing a socket that still carries the rest
  // of that body. Uploads always close; other requests close when their answer goes out with
  // the body unread. The close lingers: the answer is sent and the write side shut, then what
  // is left of the body is read and dropped (up to 8 MB or 5 s) before the socket goes, so a
  // client still sending reads the answer instead of a reset.
  app.use((req, res, next) => {
    if (!STATE_CHANGING.has(req.method)) return next();
    if (req.headers["content-type"]?.startsWith("multipart/form-data")) {
      res.setHeader("Connection", "close");
      lingerOnClose(req);
      return next();
    }
    const writeHead = res.writeHead;
    res.writeHead = function (this: Response, ...args: Parameters<typeof writeHead>) {
      if (!req.complete && !res.headersSent) {
        res.setHeader("Connection", "close");
        lingerOnClose(req);
      }
      return writeHead.apply(this, args);
    } as typeof writeHead;
    next();
  });

  app.use(originCheck(options.appUrl, options.allowedOrigins));
  app.use(refuseControlCharactersInAddress);

  // While the server stops, each answer closes its connection: keep-alive clients (a load
  // balancer's pool) reconnect elsewhere instead of waiting on a socket that is about to go.
  // A response that was already under way when shutdown began ends its connection once it
  // is sent: end(), not destroy(), so what is still queued for the socket goes out first.
  app.use((req, res, next) => {
    if (isStopping()) res.setHeader("Connection", "close");
    res.once("finish", () => {
      if (isStopping()) req.socket.end();
    });
    next();
  });

  // Liveness: the process answers. Nothing else is touched, so a database or store outage
  // does not make an orchestrator restart processes that would not fix it.
  app.get("/healthz", (_req, res) => {
    res.locals.route = "/healthz";
    res.status(200).json({ status: "ok" });
  });
  // Readiness: whether to send this process traffic (see readiness.server.ts and the README's Health).
  app.get("/readyz", async (_req, res) => {
    res.locals.route = "/readyz";
    const storage = options.storage ?? { check: () => Promise.reject(new Error("no file store configured")) };
    const result = await readiness({ database: options.database, storage });
    res.status(result.status === "ready" ? 200 : 503).setHeader("Cache-Control", "no-store").json(result);
  });

  // Prometheus metrics (METRICS_TOKEN), apart from the managers' /metrics page.
  app.get(
    "/metrics/prometheus",
    (_req, res, next) => {
      if (options.metricsToken) res.locals.route = "/metrics/prometheus";
      next();
    },
    prometheusEndpoint(options.metricsToken),
  );

  const publicDir = options.publicDir ?? path.resolve("public");
  const serveBuild = express.static(path.join(publicDir, "build"), { immutable: true, maxAge: "1y" });
  app.use("/build", (req, res, next) => {
    res.locals.route = "/build/*";
    serveBuild(req, res, next);
  });
  // Files at the top of public/ all have an extension (robots.txt, the PDF worker); pages
  // never do, so they skip the file-system lookup, which would otherwise take a thread-pool
  // slot from the database on every page view.
  const topLevelFiles = express.static(publicDir, { maxAge: "1h" });
  app.use((req, res, next) => {
    if (!/\.[^/]+$/.test(req.path)) return next();
    res.locals.route = "/*.*";
    topLevelFiles(req, res, () => {
      res.locals.route = undefined;
      next();
    });
  });

  const remix = createRequestHandler({
    build: options.build,
    getLoadContext: (_req, res) => ({
      cspNonce: res.locals.cspNonce as string,
      responseDrained: () =>
        !res.writableNeedDrain || res.destroyed
          ? Promise.resolve()
          : new Promise<void>((resolve) => {
              const done = () => {
                res.off("drain", done).off("close", done);
                resolve();
              };
              res.on("drain", done).on("close", done);
            }),
    }),
  });
  app.all("*", (req, res, next) => withRequestMemo(req.method, () => remix(req, res, next)));

  // Errors passed on by a middleware (a malformed address, a body that failed to parse, the
  // Remix handler failing): one line, with the stack only for a 5xx, and a plain answer.
  app.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    const e = error as { status?: number; statusCode?: number; expose?: boolean; message?: string } | null;
    const status = Number(e?.status ?? e?.statusCode ?? 500);
    const code = status >= 400 && status < 600 ? status : 500;
    const reqId = req.headers["x-request-id"];
    // A refusal's reason goes on the request's own line instead: a 4xx is one line.
    if (code >= 500) log().error({ reqId, err: error }, "Request failed");
    else res.locals.refusal = String(e?.message ?? "").slice(0, 200);
    if (res.headersSent) return next(error);
    res
      .status(code)
      .type("text/plain")
      .send(code >= 500 ? "Something went wrong on our side. Please try again in a moment." : "This request could not be understood. Check the address and try again.");
  });

  return app;
}

function round(ms: number) {
  return Math.round(ms * 10) / 10;
}

/** Counts the body bytes written to a response (what went out, whether or not it had a Content-Length). */
function countBodyBytes(res: Response): () => number {
  let total = 0;
  const size = (chunk: unknown, encoding: unknown) =>
    typeof chunk === "string" ? Buffer.byteLength(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8") : chunk instanceof Uint8Array ? chunk.byteLength : 0;
  const write = res.write;
  const end = res.end;
  res.write = function (this: Response, chunk: unknown, ...rest: unknown[]) {
    total += size(chunk, rest[0]);
    return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof res.write;
  res.end = function (this: Response, chunk?: unknown, ...rest: unknown[]) {
    if (typeof chunk !== "function") total += size(chunk, rest[0]);
    return (end as (...args: unknown[]) => Response).call(this, chunk, ...rest);
  } as typeof res.end;
  return () => total;
}

/**
 * Refuses POST/PUT/PATCH/DELETE whose Origin (or, without one, Referer) is another site.
 * Requests with neither come from non-browser clients, which cannot carry a victim's cookie.
 * Accepted: the request's own origin, APP_URL's, and those listed in APP_ORIGINS.
 */
export function originCheck(appUrl?: string, allowedOrigins: string[] = []) {
  const accepted = new Set(allowedOrigins);
  if (appUrl) accepted.add(new URL(appUrl).origin);
  return (req: Request, res: Response, next: NextFunction) => {
    if (!STATE_CHANGING.has(req.method)) return next();
    const source = req.get("origin") ?? refererOrigin(req.get("referer"));
    if (source === undefined) return next();
    const own = `${req.protocol}://${req.get("host")}`;
    if (source === own || accepted.has(source)) return next();
    res
      .status(403)
      .type("text/plain")
      .send("This form was sent from another site, so it was refused. Open Collateral Preview directly and try again.");
  };
}

function refererOrigin(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return "null";
  }
}

/**
 * An address whose path or query holds control characters (a NUL, say) is refused here,
 * before any page reads it: no person types one, and the database would refuse it later.
 */
function refuseControlCharactersInAddress(req: Request, res: Response, next: NextFunction) {
  if (!addressHasControlCharacter(req.originalUrl)) return next();
  res
    .status(400)
    .type("text/plain")
    .send("This address contains invisible control characters (such as NUL), so it was refused. Remove them from what you searched for or typed, and try again.");
}

/** Makes the socket's close, once the answer is sent, drain what is left of the body first (see above). */
function lingerOnClose(req: Request) {
  const socket = req.socket as typeof req.socket & { destroySoon?: () => void };
  socket.destroySoon = () => {
    socket.end();
    if (req.complete) return void socket.destroy();
    let left = 8 * 1024 * 1024;
    const timer = setTimeout(() => socket.destroy(), 5_000);
    socket.on("data", (chunk: Buffer) => {
      left -= chunk.length;
      if (left < 0) socket.destroy();
    });
    socket.once("close", () => clearTimeout(timer));
    socket.once("end", () => socket.destroy());
    socket.resume();
  };
}
