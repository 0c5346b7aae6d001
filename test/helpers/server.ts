import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer as createNetServer, type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

export interface RunningServer {
  url: string;
  databaseUrl: string;
  dataDir: string;
  process: ChildProcess;
  /** Standard output and standard error as they arrived, interleaved. */
  output: () => string;
  /** Standard output alone: the server's log, one JSON object per line (see logs.ts). */
  stdout: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts the built server (build/index.js) as its own process on 127.0.0.1 with a fresh
 * SQLite database in a temporary directory, and resolves once it is listening.
 */
export async function startServer(env: Record<string, string> = {}, options: { cwd?: string } = {}): Promise<RunningServer> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "cp-e2e-"));
  const databaseUrl = `sqlite:${path.join(dataDir, "app.sqlite")}`;
  const child = spawn(process.execPath, [path.resolve("build/index.js")], {
    cwd: options.cwd,
    env: {
      ...process.env,
      NODE_ENV: "test",
      PORT: "0",
      HOST: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      FILES_DIR: path.join(dataDir, "files"),
      LOG_REQUESTS: "off",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let stdout = "";
  child.stdout!.on("data", (chunk) => {
    output += chunk;
    stdout += chunk;
  });
  child.stderr!.on("data", (chunk) => (output += chunk));

  let started = false;
  const url = await new Promise<string>((resolve, rejectStart) => {
    const reject = (error: Error) => {
      if (started) return; // it exited later, after it had started: its folder is the caller's to inspect and remove
      rmSync(dataDir, { recursive: true, force: true });
      rejectStart(error);
    };
    const timer = setTimeout(() => reject(new Error(`Server did not start in 60 s:\n${output}`)), 60_000);
    const onData = () => {
      const match = output.match(/listening on (http:\/\/[^\s"]+)/);
      if (match) {
        clearTimeout(timer);
        started = true;
        resolve(match[1].replace("localhost", "127.0.0.1"));
      }
    };
    child.stdout!.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Server exited with ${code} before listening:\n${readableLog(output)}`));
    });
  });

  return {
    url,
    databaseUrl,
    dataDir,
    process: child,
    output: () => output,
    stdout: () => stdout,
    stop(signal = "SIGTERM") {
      return new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once("exit", (code) => resolve(code));
        child.kill(signal);
      });
    },
  };
}

/**
 * A log as a person reads it in a failed test: each JSON line's level and message (and an
 * error's stack), other lines as they are.
 */
export function readableLog(output: string): string {
  return output
    .split("\n")
    .map((line) => {
      try {
        const entry = JSON.parse(line) as { level?: string; msg?: string; err?: { stack?: string } };
        return `${entry.level ?? "?"}: ${entry.msg ?? ""}${entry.err?.stack ? `\n${entry.err.stack}` : ""}`;
      } catch {
        return line;
      }
    })
    .join("\n");
}

/** A port on 127.0.0.1 where nothing listens (bound, then released): a service that is down. */
export async function closedPort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
