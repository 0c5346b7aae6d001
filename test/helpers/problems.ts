/**
 * What test/setup-test-env.ts collects during a test: console.error calls, lines the app's
 * logger writes at error level or above, and unhandled rejections. Kept on globalThis so the setup file and a test share one list whatever the
 * module loader does.
 */
export interface Problem {
  kind: "console.error" | "logged error" | "unhandled rejection";
  text: string;
}

interface State {
  problems: Problem[];
  expected: RegExp[];
}

const key = Symbol.for("collateral-preview.test-problems");
const state = ((globalThis as Record<symbol, State>)[key] ??= { problems: [], expected: [] });

export function recordProblem(kind: Problem["kind"], text: string) {
  const index = kind === "unhandled rejection" ? -1 : state.expected.findIndex((pattern) => pattern.test(text));
  if (index >= 0) state.expected.splice(index, 1);
  else state.problems.push({ kind, text });
}

/** The problems since the last call, and clears them (and any expectation left unmet). */
export function takeProblems(): Problem[] {
  const problems = state.problems.splice(0);
  const unmet = state.expected.splice(0);
  for (const pattern of unmet) problems.push({ kind: "logged error", text: `expected an error matching ${pattern} to be logged, and none was` });
  return problems;
}

/** Declares that the current test makes the app log one error (console.error or the logger) matching `pattern` on purpose. */
export function expectLoggedError(pattern: RegExp) {
  state.expected.push(pattern);
}
