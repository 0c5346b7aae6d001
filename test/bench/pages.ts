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
 * The database holds 1,000,000 usage events (BENCH_USAGE_EVENTS), inserted by one INSERT …
 * SELECT from a recursive CTE, which the metrics page's figures after release read.
 *
 * Then the use of released material: the library and the material page viewed by a rep, on
 * this server (USAGE_RECORDING=on, the default) and on a second one over the same database
 * with USAGE_RECORDING=off, in alternating slices, printing the ratio on/off (target: within
 * 10 %). Each material-page request opens a different released material, so that every one
 * of them is a new opening and records an `opened` event: the worst case for the buffer.
 *
 *   npm run bench:pages                 # 10 s per page and 10 s of baseline next to it
 *   BENCH_SECONDS=5 npm run bench:pages
 *   BENCH_PART=usage BENCH_SECONDS=20 npm run bench:pages   # only recording on against off
 *   BENCH_PART=metrics npm run bench:pages                  # only the metrics pages (1,000,000 usage events)
 *   BENCH_BEFORE_INDEXES=1 BENCH_PART=metrics npm run bench:pages   # the same without the usage metrics' indexes
 */
import autocannon from "autocannon";
import { Op } from "sequelize";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "~/lib/db.server";
import { migrateUp } from "~/lib/migrate.server";
import { seedDemo } from "../helpers/organisation";
import { startServer } from "../helpers/server";
import { seedLargeDataset } from "./large-dataset";
import { seedUsageEvents } from "./usage-events";
import * as usageFirstUseAndPages from "../../migrations/20261208090000-usage-first-use-and-pages";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** BENCH_PART=usage: only the recording on/off comparison (a longer run of it in the same time); =metrics: only the metrics pages. */
const ONLY_USAGE = process.env.BENCH_PART === "usage";
const ONLY_METRICS = process.env.BENCH_PART === "metrics";
/** Usage events in the database while the pages are measured (the metrics page reads them all). */
const USAGE_EVENTS = Number(process.env.BENCH_USAGE_EVENTS ?? 1_000_000);
/** BENCH_BEFORE_INDEXES=1: measure with the usage indexes as they were before the metrics after release (that migration undone). */
const BEFORE_INDEXES = process.env.BENCH_BEFORE_INDEXES === "1";
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
async function load(base: string, pathname: string | (() => string), cookie: string | undefined, seconds: number): Promise<Sample> {
  const latencies: number[] = [];
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const first = typeof pathname === "string" ? pathname : pathname();
    const options: autocannon.Options = { url: base + first, connections: CONNECTIONS, duration: RAMP + seconds, headers: cookie ? { Cookie: cookie } : {} };
    // A path per request (a different material each time).
    if (typeof pathname !== "string") options.requests = [{ setupRequest: (request) => ({ ...request, path: pathname() }) }];
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

async function eventsCount(url: string) {
  const database = openDatabase({ url });
  try {
    return await database.models.UsageEvent.count();
  } finally {
    await database.close();
  }
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
    // Enterprise East's released materials have their released version, as the release sets it.
    const east = (await database.models.SalesTeam.findOne({ where: { name: "Enterprise East" } }))!.id;
    const eastIds = (await database.models.MaterialTeam.findAll({ where: { teamId: east }, attributes: ["materialId"] })).map((t) => t.materialId);
    const releasedEast = await database.models.Material.findAll({ where: { id: { [Op.in]: eastIds }, status: "released" }, attributes: ["id"], order: [["id", "ASC"]] });
    for (let i = 0; i < releasedEast.length; i += 500) {
      const chunk = releasedEast.slice(i, i + 500).map((m) => m.id);
      await database.sequelize.query(
        `UPDATE materials SET "releasedVersionId" = (SELECT id FROM material_versions v WHERE v."materialId" = materials.id ORDER BY number DESC LIMIT 1), "releasedAt" = "updatedAt" WHERE id IN (:chunk)`,
        { replacements: { chunk } },
      );
    }
    const releasedIds = releasedEast.map((m) => m.id);
    if (USAGE_EVENTS > 0) {
      const eventsStarted = Date.now();
      const members = await database.models.TeamMembership.findAll({ where: { teamId: east }, attributes: ["userId"] });
      await seedUsageEvents(database, { count: USAGE_EVENTS, teamId: east, materialIds: releasedIds, userIds: members.map((m) => m.userId) });
      await database.sequelize.query("ANALYZE");
      console.log(`Seeded ${USAGE_EVENTS} usage events in ${((Date.now() - eventsStarted) / 1000).toFixed(1)} s`);
    }
    if (BEFORE_INDEXES) {
      await usageFirstUseAndPages.down({ context: database.sequelize.getQueryInterface() });
      console.log("With the usage indexes as before 20261208090000-usage-first-use-and-pages");
    }
    const counts = { materials: await database.models.Material.count(), comments: await database.models.Comment.count(), users: await database.models.User.count() };
    await database.sequelize.query("PRAGMA wal_checkpoint(TRUNCATE)");
    await database.close();
    console.log(`Seeded ${counts.materials} materials, ${counts.comments} comments, ${counts.users} users in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    // As deployed: NODE_ENV=production (React renders with its production build).
    const server = await startServer({ NODE_ENV: "production", DATABASE_URL: url, FILES_DIR: path.join(dir, "files"), JOBS: "off", SEED_DEMO: "never" });
    try {
      const [committee, rep, manager, marketer] = await Promise.all(["east.committee1@demo.test", "east.rep1@demo.test", "vp.sales@demo.test", "marketer1@demo.test"].map((e) => signIn(server.url, e)));
      const metricsPages: [string, string, string][] = [
        ["metrics (manager)", "/metrics", manager],
        ["metrics (marketer, pages)", "/metrics", marketer],
      ];
      const pages: [string, string, string][] = ONLY_USAGE
        ? []
        : ONLY_METRICS
          ? metricsPages
          : [
              ["home (committee member)", "/", committee],
              ["library (rep, search)", "/library?q=pricing", rep],
              ["library (rep, page 50)", "/library?page=50", rep],
              ...metricsPages,
            ];
      if (!ONLY_USAGE) {
        // The first request computes every figure (nothing cached yet): what one request a minute pays.
        for (const [label, cookie] of [["manager", manager], ["marketer", marketer]]) {
          const t0 = performance.now();
          const response = await fetch(`${server.url}/metrics`, { headers: { Cookie: cookie } });
          await response.text();
          console.log(`First /metrics (${label}), nothing cached: ${response.status} in ${Math.round(performance.now() - t0)} ms`);
        }
      }
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
      if (!ONLY_USAGE) {
        console.log(`\nPages at ${CONNECTIONS} concurrent connections, ${SECONDS} s each in ${SLICES} slices, alternating with the baseline /about (SQLite, one server process, ${USAGE_EVENTS} usage events)`);
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
      }

      if (ONLY_METRICS) return;
      // Recording on (this server) against off (a second server on the same database).
      const off = await startServer({ NODE_ENV: "production", DATABASE_URL: url, FILES_DIR: path.join(dir, "files"), JOBS: "off", SEED_DEMO: "never", USAGE_RECORDING: "off" });
      try {
        const repOff = await signIn(off.url, "east.rep1@demo.test");
        let next = 0;
        const material = () => `/materials/${releasedIds[next++ % releasedIds.length]}`;
        const pairs: [string, string | (() => string)][] = [
          ["library (rep)", "/library?q=pricing"],
          ["material page (rep)", material],
        ];
        // The second server is new: both are warmed alike (its compiled code, its SQLite cache) before anything counts.
        for (const [, pathname] of pairs) {
          await load(off.url, pathname, repOff, 4);
          await load(server.url, pathname, rep, 2);
          await load(off.url, pathname, repOff, 2);
        }
        const before = (await eventsCount(url));
        const usage = [];
        for (const [label, pathname] of pairs) {
          const on: Sample[] = [];
          const offSamples: Sample[] = [];
          // Four slices a side, in the order on, off, off, on, …, so that neither side always goes first.
          for (let i = 0; i < 2 * SLICES; i++) {
            const sides = i % 2 === 0 ? ["on", "off"] : ["off", "on"];
            for (const side of sides) {
              if (side === "on") on.push(await load(server.url, pathname, rep, slice / 2));
              else offSamples.push(await load(off.url, pathname, repOff, slice / 2));
            }
          }
          usage.push({ label, on: combine(on), off: combine(offSamples) });
        }
        // The buffer writes within a second; what it wrote is what the "on" slices recorded.
        await new Promise((r) => setTimeout(r, 1_500));
        const recorded = (await eventsCount(url)) - before;
        console.log(`\nUse of released material: recording on (USAGE_RECORDING=on) against off, ${SECONDS} s each in ${2 * SLICES} alternating slices, same database`);
        console.log(`  ${"page".padEnd(26)} ${"on req/s".padStart(9)} ${"on p99".padStart(7)} ${"off req/s".padStart(10)} ${"off p99".padStart(8)}  on/off`);
        for (const { label, on, off: o } of usage) {
          const ratio = on.rps / o.rps;
          const ok = ratio >= 0.9 ? "" : "  (below target)";
          console.log(`  ${label.padEnd(26)} ${on.rps.toFixed(0).padStart(9)} ${String(on.p99).padStart(7)} ${o.rps.toFixed(0).padStart(10)} ${String(o.p99).padStart(8)}  ${ratio.toFixed(2)}${ok}`);
        }
        console.log(`  usage events written during the measured slices: ${recorded} (of ${releasedIds.length} released materials, one opening each)`);
      } finally {
        await off.stop("SIGTERM");
        rmSync(off.dataDir, { recursive: true, force: true });
      }
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
