import { execFile, execFileSync, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { closedPort } from "../helpers/server";

const run = promisify(execFile);

/**
 * The README's Deploying steps, followed to the letter in a folder of their own: the
 * repository's files and a copy of node_modules (hard links, so nothing is downloaded),
 * `npm run build`, `npm prune --omit=dev`, then only what production has — plain `node` and
 * the runtime dependencies — to migrate, create the first administrator, serve from another
 * folder, sign in and sweep.
 */
describe("a production install (README: Deploying)", () => {
  const root = mkdtempSync(path.join(os.tmpdir(), "cp-install-"));
  const app = path.join(root, "app");
  const state = path.join(root, "state");
  const elsewhere = path.join(root, "elsewhere");
  const mainModules = realpathSync("node_modules");
  const marker = path.join(root, "before-copy");
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  // No node_modules/.bin of this checkout (vitest puts it on PATH) and no npm settings of
  // the outer run: the commands must find everything in the pruned install or fail.
  const PATH = (process.env.PATH ?? "").split(path.delimiter).filter((dir) => !dir.includes(`node_modules${path.sep}.bin`)).join(path.delimiter);
  const baseEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_|VITEST|NODE_ENV$|NODE_OPTIONS$)/i.test(key)));
  const childEnv = (extra: Record<string, string>): NodeJS.ProcessEnv => ({ ...baseEnv, PATH, NODE_ENV: "production", ...extra });

  it("builds, prunes the dev dependencies, then migrates, creates the first admin, serves, signs in and sweeps with plain node", async () => {
    const started = Date.now();
    mkdirSync(app);
    mkdirSync(state);
    mkdirSync(elsewhere);
    const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { encoding: "utf8" }).split("\0").filter(Boolean);
    for (const file of files) {
      if (!existsSync(file)) continue; // deleted in the working tree, not yet committed
      mkdirSync(path.join(app, path.dirname(file)), { recursive: true });
      copyFileSync(file, path.join(app, file));
    }
    writeFileSync(marker, "");
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // mtimes after this are later than the marker's
    await run("cp", ["-al", mainModules, path.join(app, "node_modules")], { timeout: 60_000 });
    // npm rewrites this one file in place; a hard link would carry the pruned list back.
    rmSync(path.join(app, "node_modules/.package-lock.json"), { force: true });
    if (existsSync(path.join(mainModules, ".package-lock.json"))) copyFileSync(path.join(mainModules, ".package-lock.json"), path.join(app, "node_modules/.package-lock.json"));

    const npm = (args: string[], env: Record<string, string> = {}, cwd = app) =>
      run("npm", args, { cwd, env: childEnv(env), timeout: 120_000, maxBuffer: 16 * 1024 * 1024 });

    // Step 1: npm ci (here: the copied node_modules) && npm run build && npm prune --omit=dev
    await npm(["run", "build", "--silent"], { NODE_ENV: "production" });
    expect(existsSync(path.join(app, "build/index.js"))).toBe(true);
    expect(existsSync(path.join(app, "build/cli/db.js"))).toBe(true);
    expect(existsSync(path.join(app, "build/cli/jobs.js"))).toBe(true);
    expect(existsSync(path.join(app, "build/cli/jobs.js.map"))).toBe(true);
    await npm(["prune", "--omit=dev", "--offline", "--no-audit", "--no-fund"]);
    const bin = readdirSync(path.join(app, "node_modules/.bin"));
    expect(bin).not.toContain("tsx");
    expect(bin).not.toContain("vitest");
    expect(bin).not.toContain("esbuild");
    expect(existsSync(path.join(app, "node_modules/tsx"))).toBe(false);
    expect(existsSync(path.join(app, "node_modules/@remix-run/dev"))).toBe(false);

    const port = await closedPort();
    const appUrl = `http://127.0.0.1:${port}`;
    const env = {
      NODE_ENV: "production",
      DATABASE_URL: `sqlite:${path.join(state, "collateral-preview.sqlite")}`,
      FILES_DIR: path.join(state, "files"),
      APP_URL: appUrl,
    };

    // Step 2: the file store: FILES_DIR is left missing; the server creates it at start.

    // Step 3: migrate once.
    const migrated = await npm(["run", "db:migrate", "--silent"], env);
    expect(migrated.stdout).toMatch(/^Applied: \d{14}-foundation, /m);

    // Step 4: the first administrator.
    const admin = await npm(["run", "db:admin", "--silent", "--", "first.admin@example.com", "First Admin", "Europe/Berlin"], env);
    const link = admin.stdout.match(new RegExp(`${appUrl}/set-password/[A-Za-z0-9_-]{43}`))?.[0];
    expect(link, admin.stdout).toBeTruthy();

    // Step 5: a web process, started from another folder (JOBS=off: a worker sweeps).
    const server = spawn(process.execPath, ["--enable-source-maps", path.join(app, "build/index.js")], {
      cwd: elsewhere,
      env: childEnv({ ...env, PORT: String(port), HOST: "127.0.0.1", JOBS: "off", LOG_REQUESTS: "off" }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    server.stdout!.on("data", (chunk) => (output += chunk));
    server.stderr!.on("data", (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => server.once("exit", (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`The server did not start in 30 s:\n${output}`)), 30_000);
        server.stdout!.on("data", () => /listening on/.test(output) && (clearTimeout(timer), resolve()));
        void exited.then((code) => (clearTimeout(timer), reject(new Error(`The server exited with ${code}:\n${output}`))));
      });

      const healthz = await fetch(`${appUrl}/healthz`);
      expect(healthz.status).toBe(200);
      const readyz = await fetch(`${appUrl}/readyz`);
      expect(readyz.status, await readyz.clone().text()).toBe(200);
      expect(await readyz.json()).toMatchObject({ status: "ready" });

      const login = await fetch(`${appUrl}/login`);
      expect(login.status).toBe(200);
      const asset = (await login.text()).match(/\/build\/[\w./-]+\.js/)?.[0];
      expect(asset, "a script under /build/ on the sign-in page").toBeTruthy();
      const script = await fetch(appUrl + asset);
      expect(script.status).toBe(200);
      expect(script.headers.get("content-type")).toMatch(/javascript/);
      const worker = await fetch(`${appUrl}/pdf.worker.min.mjs`);
      expect(worker.status).toBe(200);
      expect((await worker.arrayBuffer()).byteLength).toBeGreaterThan(100_000);

      const form = (url: string, fields: Record<string, string>, cookie?: string) =>
        fetch(url, {
          method: "POST",
          redirect: "manual",
          headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: appUrl, ...(cookie ? { Cookie: cookie } : {}) },
          body: new URLSearchParams(fields),
        });
      const password = "first-Admin-passphrase-1";
      const set = await form(link!, { password, confirm: password });
      expect(set.status, await set.clone().text()).toBe(302);
      const signIn = await form(`${appUrl}/login`, { email: "first.admin@example.com", password });
      expect(signIn.status, await signIn.clone().text()).toBe(302);
      const cookie = signIn.headers.get("set-cookie")!.split(";")[0];
      expect(cookie).toMatch(/^__Host-cp_session=/);
      const users = await fetch(`${appUrl}/admin/users`, { headers: { Cookie: cookie } });
      expect(users.status).toBe(200);
      expect(await users.text()).toContain("first.admin@example.com");

      // Step 6: the worker (one sweep here).
      const swept = await npm(["run", "jobs", "--silent", "--", "--once"], env);
      const report = JSON.parse(swept.stdout.trim().split("\n").pop() ?? "");
      expect(report).toMatchObject({ reminders: 0, roundsClosed: 0, emailsSent: 0 });

      server.kill("SIGTERM");
      expect(await exited, output).toBe(0);
    } finally {
      if (server.exitCode === null) server.kill("SIGKILL");
    }

    // The checkout's own node_modules lost nothing and had nothing written (caches aside).
    const touched = execFileSync("find", [mainModules, "-path", `${mainModules}/.vite`, "-prune", "-o", "-path", `${mainModules}/.cache`, "-prune", "-o", "-newer", marker, "-print"], { encoding: "utf8" }).trim();
    expect(touched).toBe("");
    expect(existsSync(path.join(mainModules, ".bin/tsx"))).toBe(true);
    expect(existsSync(path.join(mainModules, ".bin/vitest"))).toBe(true);
    expect(existsSync(path.join(mainModules, "@remix-run/dev/package.json"))).toBe(true);
    console.log(`The production install took ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  }, 240_000);
});
