/**
 * What test/setup-test-env.ts collects during a test: console.error calls and unhandled
 * rejections. Kept on globalThis so the setup file and a test share one list whatever the
 * module loader does.
 */
export interface Problem {
  kind: "console.error" | "unhandled rejection";
  text: string;
}

interface State {
  problems: Problem[];
  expected: RegExp[];
}

const key = Symbol.for("collateral-preview.test-problems");
const state = ((globalThis as Record<symbol, State>)[key] ??= { problems: [], expected: [] });

export function recordProblem(kind: Problem["kind"], text: string) {
  const index = kind === "console.error" ? state.expected.findIndex((pattern) => pattern.test(text)) : -1;
  if (index >= 0) state.expected.splice(index, 1);
  else state.problems.push({ kind, text });
}

/** The problems since the last call, and clears them (and any expectation left unmet). */
export function takeProblems(): Problem[] {
  const problems = state.problems.splice(0);
  const unmet = state.expected.splice(0);
  for (const pattern of unmet) problems.push({ kind: "console.error", text: `expected a console.error matching ${pattern}, and none came` });
  return problems;
}

/** Declares that the current test makes the app log one error matching `pattern` on purpose. */
export function expectConsoleError(pattern: RegExp) {
  state.expected.push(pattern);
}
