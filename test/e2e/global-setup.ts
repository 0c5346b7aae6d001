import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import type { TestProject } from "vitest/node";
import { startServer, type RunningServer } from "../helpers/server";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    databaseUrl: string;
    filesDir: string;
    maxUploadBytes: number;
  }
}

let server: RunningServer | undefined;

/** A small upload limit, so that "one byte over the limit" is quick to send. */
const MAX_UPLOAD_MB = 2;

/** Builds the app once and starts one server (with the demo organisation) for the e2e files. */
export async function setup(project: TestProject) {
  // E2E_SKIP_BUILD=1 reuses build/ as it is (running one file again after a test-only change).
  if (process.env.E2E_SKIP_BUILD !== "1") {
    // Built as deployed: vitest sets NODE_ENV=test, which would give a development bundle.
    execFileSync("npm", ["run", "build", "--silent"], {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, NODE_ENV: "production" },
    });
  }
  // JOBS=off: the tests run sweeps themselves (`npm run jobs -- --once`), at the moment they choose.
  server = await startServer({ MAX_UPLOAD_MB: String(MAX_UPLOAD_MB), JOBS: "off" });
  project.provide("baseUrl", server.url);
  project.provide("filesDir", `${server.dataDir}/files`);
  project.provide("maxUploadBytes", MAX_UPLOAD_MB * 1024 * 1024);
  project.provide("databaseUrl", server.databaseUrl);
}

export async function teardown() {
  if (!server) return;
  const code = await server.stop("SIGTERM");
  rmSync(server.dataDir, { recursive: true, force: true });
  if (code !== 0) throw new Error(`The server did not shut down cleanly (exit ${code}):\n${server.output()}`);
}
