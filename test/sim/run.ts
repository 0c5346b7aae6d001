/**
 * A simulated quarter (13 weeks of working days) against the built server on a fresh SQLite
 * database: `npm run sim:quarter`. Prints the report and fails when anything that must be
 * zero is not. SIM_DAYS, SIM_SEED and SIM_MATERIALS_PER_DAY change the run.
 */
import { startServer } from "../helpers/server";
import { simulate } from "./simulation";

const days = Number(process.env.SIM_DAYS ?? 65);
const seed = Number(process.env.SIM_SEED ?? 20261201);
const materialsPerDay = Number(process.env.SIM_MATERIALS_PER_DAY ?? 1.4);

const server = await startServer({ JOBS: "off" });
const started = Date.now();
try {
  const report = await simulate({ baseUrl: server.url, databaseUrl: server.databaseUrl, days, seed, materialsPerDay, log: (line) => console.log(`  ${line}`) });
  console.log(`\nSimulated ${days} working days (seed ${seed}) in ${((Date.now() - started) / 1000).toFixed(0)} s:`);
  for (const [key, value] of Object.entries(report)) console.log(`  ${key.padEnd(24)} ${value}`);
  const bad = (["serverErrors", "orphanedComments", "unheldEscalations", "releasedNeverPreviewed", "blockedForGood"] as const).filter((k) => report[k] !== 0);
  if (bad.length) {
    console.error(`\nNot zero: ${bad.join(", ")}`);
    process.exitCode = 1;
  }
} finally {
  await server.stop();
}
