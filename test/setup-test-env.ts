import { format } from "node:util";
import { afterEach, beforeEach } from "vitest";
import { recordProblem, takeProblems } from "./helpers/problems";

/**
 * Every project's setup file: a test during which anything calls console.error, or a
 * promise is rejected with nobody to catch it, fails with what was said. Both mean the app
 * (in-process: services, loaders, actions) hit something it did not handle, even when the
 * assertions passed. A test that provokes such an error on purpose says so with
 * `expectConsoleError` (test/helpers/problems.ts).
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

beforeEach(() => {
  takeProblems();
});

afterEach(() => {
  const problems = takeProblems();
  if (problems.length > 0) {
    throw new Error(`Besides its assertions, during this test:\n${problems.map((p) => `- ${p.kind}: ${p.text}`).join("\n")}`);
  }
});
