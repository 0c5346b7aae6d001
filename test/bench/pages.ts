/**
 * Page benchmark: seeds the large data set (10,000 materials, 100,000 comments, 200 users)
 * into a fresh SQLite database, starts the built server on it, and measures the home,
 * library and metrics pages with 20 concurrent connections (autocannon), next to a constant
 * page of the same server (/about). Prints requests per second, p99 latency and the ratio
 * to the baseline. Targets: every page at least a third of the baseline's rate, p99 < 250 ms.
 *
 * Every URL is first warmed up under load (compiled code, SQLite's page cache). Then each page
 * is measured in slices that alternate with slices of the baseline, so that a machine that
 * slows down or speeds up during the run (shared hardware does) moves both sides of a ratio
 * alike. The first second of each slice is not counted (all 20 connections open and send at
 * once there); rates and percentiles are over every request sent after it.
 *
 *   npm run bench:pages                 # 10 s per page and 10 s of baseline next to it
 *   BENCH_SECONDS=5 npm run bench:pages
 */
import autocannon from "autocannon";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "~/lib/db.server";
import { migrateUp } from "~/lib/migrate.server";
import { seedDemo } from "../helpers/organisation";
import { startServer } from "../helpers/server";
import { seedLargeDataset } from "./large-dataset";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 20;
const SLICES = 2;
/** Seconds at the start of each stretch of load that are not counted. */
const RAMP = 1;

async function signIn(base: string, email: string) {
  const response = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base },
    body: new URLSearchParams({ email, password: "preview-demo" }),
  });
  const cookie = response.headers.get("set-cookie")?.split(";")[0];
  if (response.status !== 302 || !cookie) throw new Error(`Sign-in as ${email} failed (${response.status})`);
  return cookie;
}

/** One stretch of load on one URL: the requests sent after the ramp, and their latencies (ms). */
type Sample = { seconds: number; latencies: number[] };

/**
 * Loads one URL with CONNECTIONS connections for RAMP + `seconds`. Only requests sent after the
 * ramp count: the ramp is the moment all connections open and send at once, a queue no steady
 * load has.
 */
async function load(base: string, pathname: string, cookie: string | undefined, seconds: number): Promise<Sample> {
  const latencies: number[] = [];
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const options = { url: base + pathname, connections: CONNECTIONS, duration: RAMP + seconds, headers: cookie ? { Cookie: cookie } : {} };
    const instance = autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
    instance.on("response", (_client, _status, _bytes, responseTime) => {
      if (performance.now() - started - responseTime >= RAMP * 1000) latencies.push(responseTime);
    });
  });
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad > 0) throw new Error(`${pathname}: ${bad} failed responses`);
  return { seconds: (performance.now() - started) / 1000 - RAMP, latencies };
}

/** Slices of one URL together: the rate over all of them and the percentiles of all their requests. */
function combine(samples: Sample[]) {
  const latencies = samples.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]);
  return { rps: latencies.length / samples.reduce((t, s) => t + s.seconds, 0), p50: at(0.5), p99: at(0.99), requests: latencies.length };
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "cp-bench-pages-"));
  const url = `sqlite:${path.join(dir, "bench.sqlite")}`;
  try {
    const started = Date.now();
    const database = openDatabase({ url });
    await migrateUp(database);
    await seedDemo(database, new Date());
    await seedLargeDataset(database, { materials: 10_000, comments: 100_000, users: 200, now: new Date() });
    const counts = { materials: await database.models.Material.count(), comments: await database.models.Comment.count(), users: await database.models.User.count() };
    await database.sequelize.query("PRAGMA wal_checkpoint(TRUNCATE)");
    await database.close();
    console.log(`Seeded ${counts.materials} materials, ${counts.comments} comments, ${counts.users} users in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    // As deployed: NODE_ENV=production (React renders with its production build).
    const server = await startServer({ NODE_ENV: "production", DATABASE_URL: url, FILES_DIR: path.join(dir, "files"), JOBS: "off", SEED_DEMO: "never" });
    try {
      const [committee, rep, manager] = await Promise.all(["east.committee1@demo.test", "east.rep1@demo.test", "vp.sales@demo.test"].map((e) => signIn(server.url, e)));
      const pages: [string, string, string][] = [
        ["home (committee member)", "/", committee],
        ["library (rep, search)", "/library?q=pricing", rep],
        ["library (rep, page 50)", "/library?page=50", rep],
        ["metrics (manager)", "/metrics", manager],
      ];
      for (const [, pathname, cookie] of [["", "/about", ""], ...pages]) await load(server.url, pathname, cookie || undefined, 2);

      const slice = SECONDS / SLICES;
      const results = [];
      const everyBaseline: Sample[] = [];
      for (const [label, pathname, cookie] of pages) {
        const baseline: Sample[] = [];
        const page: Sample[] = [];
        for (let i = 0; i < SLICES; i++) {
          baseline.push(await load(server.url, "/about", undefined, slice));
          page.push(await load(server.url, pathname, cookie, slice));
        }
        results.push({ label, baseline: combine(baseline), page: combine(page) });
        everyBaseline.push(...baseline);
      }
      console.log(`\nPages at ${CONNECTIONS} concurrent connections, ${SECONDS} s each in ${SLICES} slices, alternating with the baseline /about (SQLite, one server process)`);
      console.log(`  ${"page".padEnd(26)} ${"req/s".padStart(8)} ${"p50 ms".padStart(7)} ${"p99 ms".padStart(7)} ${"/about req/s".padStart(13)}  ratio`);
      for (const { label, baseline, page } of results) {
        const ratio = page.rps / baseline.rps;
        const ok = ratio >= 1 / 3 && page.p99 < 250 ? "" : "  (below target)";
        console.log(
          `  ${label.padEnd(26)} ${page.rps.toFixed(0).padStart(8)} ${String(page.p50).padStart(7)} ${String(page.p99).padStart(7)} ${baseline.rps.toFixed(0).padStart(13)}  ${ratio.toFixed(2)}${ok}`,
        );
      }
      const about = combine(everyBaseline);
      console.log(`  ${"baseline: /about".padEnd(26)} ${about.rps.toFixed(0).padStart(8)} ${String(about.p50).padStart(7)} ${String(about.p99).padStart(7)}  (all its slices)`);
    } finally {
      await server.stop("SIGTERM");
      rmSync(server.dataDir, { recursive: true, force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
