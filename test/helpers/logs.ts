/** One line of the app's log (app/lib/log.server.ts), as parsed. */
export interface LogLine {
  time: string;
  level: "trace" | "debug" | "info" | "warn" | "error" | "fatal";
  name: string;
  pid: number;
  hostname: string;
  msg: string;
  reqId?: string;
  method?: string;
  path?: string;
  route?: string;
  status?: number;
  ms?: number;
  bytes?: number;
  aborted?: boolean;
  err?: { type: string; message: string; stack: string };
  [field: string]: unknown;
}

/**
 * Every line of a process's log, parsed. A line that is not a JSON object throws, naming
 * it: the log is JSON lines and nothing else.
 */
export function logLines(text: string): LogLine[] {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        throw new Error(`A log line is not JSON: ${JSON.stringify(line.slice(0, 300))}`);
      }
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error(`A log line is not a JSON object: ${line.slice(0, 300)}`);
      return parsed as LogLine;
    });
}

/** The messages of a log, one per line, for the checks that read what an operator reads. */
export function logMessages(text: string): string[] {
  return logLines(text).map((line) => line.msg);
}

/** The request lines of a log (one per request answered or aborted). */
export function requestLines(text: string): LogLine[] {
  return logLines(text).filter((line) => typeof line.reqId === "string" && typeof line.method === "string" && typeof line.path === "string");
}
