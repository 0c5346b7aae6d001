import { format } from "node:util";
import { afterEach, beforeEach } from "vitest";
import { configureLogging } from "~/lib/log.server";
import { recordProblem, takeProblems } from "./helpers/problems";

/**
 * Every project's setup file: a test during which anything calls console.error, the app's
 * logger writes a line at error level or above, or a promise is rejected with nobody to catch
 * it, fails with what was said. Each means the app (in-process: services, loaders, actions)
 * hit something it did not handle, even when the assertions passed. A test that provokes
 * such an error on purpose says so with `expectLoggedError` (test/helpers/problems.ts).
 *
 * Installed once per process and per console: test files that share a worker share both.
 */
const installed = Symbol.for("collateral-preview.console-error-guard");
const current = console.error as typeof console.error & { [installed]?: true };
if (!current[installed]) {
  const guarded = (...args: unknown[]) => {
    recordProblem("console.error", format(...args));
    current.apply(console, args);
  };
  console.error = Object.assign(guarded, { [installed]: true as const });
}

const processGuard = process as NodeJS.Process & { [installed]?: true };
if (!processGuard[installed]) {
  processGuard[installed] = true;
  process.on("unhandledRejection", (reason) => {
    recordProblem("unhandled rejection", reason instanceof Error ? (reason.stack ?? reason.message) : format(reason));
  });
}

// The app's process logger, as the entry points configure it, with its error lines watched.
// A test that configures its own logger (to read the lines) is not watched meanwhile.
configureLogging({
  name: "test",
  destination: {
    write(line: string) {
      const entry = parseLogLine(line);
      if (entry && (entry.level === "error" || entry.level === "fatal")) {
        recordProblem("logged error", [entry.msg, entry.err?.message].filter(Boolean).join(": "));
      }
      process.stdout.write(line);
    },
  },
});

function parseLogLine(line: string): { level?: string; msg?: string; err?: { message?: string } } | null {
  try {
    return JSON.parse(line) as { level?: string; msg?: string; err?: { message?: string } };
  } catch {
    return null;
  }
}

beforeEach(() => {
  takeProblems();
});

afterEach(() => {
  const problems = takeProblems();
  if (problems.length > 0) {
    throw new Error(`Besides its assertions, during this test:\n${problems.map((p) => `- ${p.kind}: ${p.text}`).join("\n")}`);
  }
});
