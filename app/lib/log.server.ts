import { AsyncLocalStorage } from "node:async_hooks";
import { format as formatArgs } from "node:util";
import { pino, type DestinationStream, type Level, type Logger } from "pino";
import { now } from "./clock.server";

export type LogFormat = "json" | "pretty";
export type LogLevel = Level | "silent";
export type { Logger };

export interface LogOptions {
  /** What the process is ("web", "worker"): the `name` of every line, beside `pid` and `hostname`. */
  name: string;
  level?: LogLevel;
  format?: LogFormat;
  /** Where lines go; standard output by default (written synchronously, so nothing is lost at exit). */
  destination?: DestinationStream;
}

/**
 * A pino logger writing one JSON object per line: `time` (ISO 8601, from the app's clock),
 * `level` as a word, `name`, `pid`, `hostname`, `msg`, then the line's own fields. An error
 * goes under `err` (pino's serializer: type, message, stack), and only where a stack helps:
 * a 5xx, a sweep that threw. `pretty` prints the same lines for a person at a terminal.
 */
export function createLogger(options: LogOptions): Logger {
  const format = options.format ?? "json";
  const destination = options.destination ?? (format === "pretty" ? prettyStream(process.stdout) : pino.destination({ dest: 1, sync: true }));
  return pino(
    {
      name: options.name,
      level: options.level ?? "info",
      timestamp: () => `,"time":"${now().toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
      // A line's own reqId, when it has one, wins (pino merges the call's fields over these).
      mixin: () => {
        const request = currentRequest.getStore();
        return request ? { reqId: request.reqId } : {};
      },
    },
    destination,
  );
}

const currentRequest = new AsyncLocalStorage<{ reqId: string }>();

/**
 * Runs the rest of a request's handling as that request: every line logged from it (a
 * service's, an error's) carries its `reqId` without being handed it.
 */
export function asRequest<T>(reqId: string, fn: () => T): T {
  return currentRequest.run({ reqId }, fn);
}

let root: Logger = createLogger({ name: "collateral-preview" });

/** Replaces the process's logger once its settings are known (each entry point does, first thing). */
export function configureLogging(options: LogOptions): Logger {
  root = createLogger(options);
  return root;
}

/** The process's logger. Read it at the moment of logging: an entry point may have replaced it since the module loaded. */
export function logger(): Logger {
  return root;
}

/**
 * Sends what libraries print with console.* (React Router's warnings about an address it
 * cannot match or decode, say) through the process's logger, so that every line the process
 * writes is one JSON line. An Error among the arguments is logged under `err`.
 */
export function captureConsole() {
  const route = (level: "debug" | "info" | "warn" | "error") => (...args: unknown[]) => {
    const err = args.find((arg) => arg instanceof Error);
    const msg = formatArgs(...args.filter((arg) => arg !== err)).trim() || (err as Error | undefined)?.message || "";
    root[level](err ? { err, console: true } : { console: true }, msg);
  };
  console.debug = route("debug");
  console.log = route("info");
  console.info = route("info");
  console.warn = route("warn");
  console.error = route("error");
}

/** `json` unless NODE_ENV says development (a person reading a terminal). */
export function defaultLogFormat(nodeEnv: string | undefined): LogFormat {
  return nodeEnv === "development" ? "pretty" : "json";
}

const SKIPPED = new Set(["time", "level", "msg", "pid", "hostname", "name", "err"]);

/**
 * One JSON log line as a person reads it: `12:00:01.123 INFO  GET / 200 reqId=… ms=3.2`, and
 * an error's stack on the lines below.
 */
export function prettyLine(line: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.endsWith("\n") ? line : `${line}\n`;
  }
  const time = typeof entry.time === "string" ? entry.time.slice(11, 23) : "";
  const level = String(entry.level ?? "").toUpperCase().padEnd(5);
  const fields = Object.entries(entry)
    .filter(([key]) => !SKIPPED.has(key))
    .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`);
  const err = entry.err as { stack?: string; message?: string } | undefined;
  const stack = err ? `\n    ${(err.stack ?? err.message ?? "").split("\n").join("\n    ")}` : "";
  return `${time} ${level} ${String(entry.msg ?? "")}${fields.length ? ` ${fields.join(" ")}` : ""}${stack}\n`;
}

function prettyStream(out: NodeJS.WritableStream): DestinationStream {
  return { write: (chunk: string) => void out.write(prettyLine(chunk.trimEnd())) };
}
