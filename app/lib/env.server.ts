import { isIP } from "node:net";
import { z } from "zod";

const PROXY_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

function isTrustProxy(value: string): boolean {
  if (/^\d{1,2}$/.test(value) || value === "none") return true;
  return value.split(",").every((part) => {
    const item = part.trim();
    const [address, bits, extra] = item.split("/");
    if (extra !== undefined) return false;
    if (PROXY_NAMES.has(item)) return true;
    const version = isIP(address);
    return version !== 0 && (bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128)));
  });
}

/** The value Express's "trust proxy" setting takes. */
function parseTrustProxy(value: string): number | string[] | false {
  if (value === "none") return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(",").map((part) => part.trim());
}

/**
 * APP_ORIGINS: a comma-separated list of origins (scheme, host, optional port), each
 * written as the browser sends it in an Origin header. Anything more (a path, a query, a
 * user) is refused: it would never match, and the operator meant something else.
 */
function parseOrigins(value: string, ctx: z.RefinementCtx): string[] {
  const origins: string[] = [];
  for (const part of value.split(",")) {
    const item = part.trim();
    if (!item) continue;
    let url: URL | null = null;
    try {
      url = new URL(item);
    } catch {
      url = null;
    }
    const origin = url && /^https?:$/.test(url.protocol) ? url.origin : null;
    if (!origin || item.replace(/\/$/, "").toLowerCase() !== origin.toLowerCase()) {
      ctx.addIssue({ code: "custom", message: `"${item}" is not an origin: write each as scheme://host[:port], such as https://preview.example.com, separated by commas` });
      continue;
    }
    origins.push(origin);
  }
  return origins;
}

/**
 * Every setting the server reads, checked once at start-up. A bad value stops the
 * server with a message naming the variable instead of failing later in a request.
 */
const EnvSchema = z.object({
  /** Unset means development, except that an unset NODE_ENV never seeds the demo accounts (see server.ts). */
  NODE_ENV: z.enum(["development", "production", "test"]).optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: z
    .string()
    .default("sqlite:./data/collateral-preview.sqlite")
    .refine((v) => /^(sqlite:|postgres(ql)?:\/\/)/.test(v), {
      message: "must start with sqlite: or postgres://",
    }),
  APP_URL: z.url({ message: "must be an absolute URL such as https://preview.example.com" }).optional(),
  /** More origins whose forms are accepted besides the request's own and APP_URL's (other names behind the same balancer). */
  APP_ORIGINS: z.string().default("").transform(parseOrigins),
  /** Unset: `auto` in development and tests, `never` in production (the demo accounts share a known password). */
  SEED_DEMO: z.enum(["auto", "never"]).optional(),
  LOG_REQUESTS: z.enum(["on", "off"]).default("on"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], { message: "must be one of fatal, error, warn, info, debug, trace, silent" }).default("info"),
  /** Unset: `pretty` when NODE_ENV=development, `json` otherwise (see log.server.ts). */
  LOG_FORMAT: z.enum(["json", "pretty"], { message: "must be json or pretty" }).optional(),
  /**
   * Unset: no /metrics/prometheus. Set: the bearer token a scraper sends. At least 16 visible
   * characters without spaces, so that it fits in a header and is not guessed.
   */
  METRICS_TOKEN: z
    .string()
    .regex(/^[\x21-\x7e]{16,}$/, "must be at least 16 visible ASCII characters with no spaces, such as the output of `openssl rand -hex 32`")
    .optional(),
  /** Where `npm run jobs` serves its own /metrics/prometheus (with METRICS_TOKEN set); web processes serve it on PORT. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  SQLITE_BUSY_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  FILES_DIR: z.string().default("./data/files"),
  MAX_UPLOAD_MB: z.coerce.number().positive().max(10_240).default(200),
  /** An uploaded PDF that pdf.js has not opened within this long is refused (a "PDF bomb"). */
  PDF_CHECK_TIMEOUT_S: z.coerce.number().positive().max(600).default(5),
  /** The memory (V8 heap) the PDF check's worker thread may use; past it the file is refused. */
  PDF_CHECK_MEMORY_MB: z.coerce.number().int().min(64).max(16_384).default(512),
  /** An image with more pixels than this (width × height, in millions) is refused. */
  MAX_IMAGE_MEGAPIXELS: z.coerce.number().positive().max(10_000).default(150),
  S3_BUCKET: z.string().optional(),
  S3_REGION: z.string().default("us-east-1"),
  S3_ENDPOINT: z.url({ message: "must be an absolute URL such as http://127.0.0.1:9000" }).optional(),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL").optional(),
  MAIL_FROM: z.string().default("Collateral Preview <no-reply@collateral-preview.invalid>"),
  /**
   * The mail domain whose addresses reach the inbound listener: set, every email about a
   * thread carries a Reply-To of reply+<token>@REPLY_DOMAIN.
   */
  REPLY_DOMAIN: z
    .string()
    .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, "must be a mail domain such as reply.preview.example.com")
    .transform((v) => v.toLowerCase())
    .optional(),
  /** The inbound SMTP listener for replies by email: off unless a port is given. */
  INBOUND_SMTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  INBOUND_SMTP_HOST: z.string().default("0.0.0.0"),
  /** A reply by email larger than this (the whole message, attachments included) is refused. */
  INBOUND_MAX_MB: z.coerce.number().positive().max(100).default(1),
  /**
   * At most this many emails handed to the SMTP relay in any minute, by each process that
   * sweeps (a relay's sending quota divided by the number of sweeping processes). Unset: no cap.
   */
  SMTP_MAX_PER_MINUTE: z.coerce.number({ message: "must be a whole number of emails per minute, such as 120" }).int("must be a whole number of emails per minute, such as 120").min(1, "must be at least 1 (leave it unset for no cap)").max(1_000_000).optional(),
  JOBS: z.enum(["on", "off"]).default("on"),
  /** How often the scheduler sweeps (in the server with JOBS=on, or in `npm run jobs`). */
  SWEEP_INTERVAL_S: z.coerce.number().min(1).max(3_600).default(30),
  /** A request (a slow upload) still arriving after this long is answered 408 and its partial file removed. */
  REQUEST_TIMEOUT_S: z.coerce.number().positive().max(86_400).default(300),
  /**
   * On SIGTERM, open requests (downloads too) and the sweep in progress get this long to
   * finish; uploads still arriving are then abandoned and downloads still running cut.
   */
  SHUTDOWN_GRACE_S: z.coerce.number().min(0).max(3_600).default(30),
  /**
   * Which proxies in front of the app are believed about the client's address
   * (X-Forwarded-For): a hop count ("1": one load balancer), or a comma-separated list of
   * addresses, subnets and the names loopback, linklocal, uniquelocal. "none": no proxy.
   */
  TRUST_PROXY: z
    .string()
    .default("loopback")
    .refine(isTrustProxy, { message: 'must be a hop count such as 1, "none", or addresses and subnets such as 10.0.0.0/8,loopback' })
    .transform(parseTrustProxy),
  S3_FORCE_PATH_STYLE: z.enum(["true", "false"]).default("false").transform((v) => v === "true"),
  /** Raw usage events (who opened, downloaded, used, saw which page) are kept this long, then rolled up into team totals per day. */
  USAGE_RAW_DAYS: z.coerce.number().int().min(1, "must be at least 1 day").max(3_650).default(180),
  /** `off`: opens, downloads and page views are not recorded ("used with a customer", a person's own statement, still is). */
  USAGE_RECORDING: z.enum(["on", "off"], { message: "must be on or off" }).default("on"),
}).superRefine((v, ctx) => {
  if (v.INBOUND_SMTP_PORT !== undefined && !v.REPLY_DOMAIN) {
    ctx.addIssue({ code: "custom", path: ["INBOUND_SMTP_PORT"], message: "needs REPLY_DOMAIN: the listener accepts only reply addresses at that domain" });
  }
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = EnvSchema.safeParse(
    Object.fromEntries(Object.entries(source).filter(([, v]) => v !== "")),
  );
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

export function env(): Env {
  cached ??= readEnv();
  return cached;
}
