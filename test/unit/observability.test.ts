import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { readEnv } from "~/lib/env.server";
import { asRequest, createLogger, prettyLine } from "~/lib/log.server";
import { bearerMatches } from "~/lib/metrics.server";
import { requestIdFrom } from "~/lib/request-id.server";

describe("the request id", () => {
  const generate = () => "generated";

  it.each([
    "0d6c9f7e-3b0a-4c55-9a47-6f1e1c9b2a10",
    "Root=1-67891233-abcdef012345678912345678",
    "00f067aa0ba902b7",
    "lb-7f3a.42:trace=1",
    "a/b+c@d_e",
    "x".repeat(128),
  ])("keeps the sane token %j", (id) => {
    expect(requestIdFrom(id, generate)).toBe(id);
  });

  it.each([
    ["no header", undefined],
    ["an empty one", ""],
    ["one over 128 characters", "x".repeat(129)],
    ["spaces", "two words"],
    ["a line break (a forged log line)", "abc\ninjected"],
    ["a quote", 'abc"def'],
    ["non-ASCII", "caf\u00e9"],
    ["a comma (several ids folded together)", "a,b"],
    ["the header sent twice", ["a", "b"]],
  ])("replaces %s with a new id", (_what, header) => {
    expect(requestIdFrom(header as string | string[] | undefined, generate)).toBe("generated");
  });

  it("generates random UUIDs by default", () => {
    const a = requestIdFrom(undefined);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(requestIdFrom(undefined)).not.toBe(a);
  });
});

describe("the metrics token", () => {
  const token = "0123456789abcdef0123";

  it("is accepted only as a bearer token, exactly", () => {
    expect(bearerMatches(`Bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(`bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(`Bearer ${token}x`, token)).toBe(false);
    expect(bearerMatches(`Bearer ${token.slice(1)}`, token)).toBe(false);
    expect(bearerMatches(token, token)).toBe(false);
    expect(bearerMatches(`Basic ${token}`, token)).toBe(false);
    expect(bearerMatches("Bearer ", token)).toBe(false);
    expect(bearerMatches(undefined, token)).toBe(false);
  });

  it("must be long enough and fit in a header", () => {
    expect(readEnv({}).METRICS_TOKEN).toBeUndefined();
    expect(readEnv({ METRICS_TOKEN: token }).METRICS_TOKEN).toBe(token);
    expect(() => readEnv({ METRICS_TOKEN: "short" })).toThrow(/METRICS_TOKEN: must be at least 16 visible ASCII characters/);
    expect(() => readEnv({ METRICS_TOKEN: "has spaces in it, sixteen+" })).toThrow(/METRICS_TOKEN/);
  });
});

describe("log settings", () => {
  it("default to info, and refuse what pino does not know", () => {
    expect(readEnv({}).LOG_LEVEL).toBe("info");
    expect(readEnv({}).LOG_FORMAT).toBeUndefined();
    expect(readEnv({ LOG_LEVEL: "debug", LOG_FORMAT: "pretty" })).toMatchObject({ LOG_LEVEL: "debug", LOG_FORMAT: "pretty" });
    expect(() => readEnv({ LOG_LEVEL: "verbose" })).toThrow(/LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent/);
    expect(() => readEnv({ LOG_FORMAT: "text" })).toThrow(/LOG_FORMAT: must be json or pretty/);
  });

  it("write one JSON object per line, with time, level, name and pid, and an error's stack under err", () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = createLogger({ name: "web", level: "info", destination });
    log.debug("not shown at info");
    log.info({ reqId: "r1", status: 404 }, "GET /x 404");
    log.error({ err: new Error("boom") }, "Request failed");
    expect(lines).toHaveLength(2);
    expect(lines.every((l) => l.endsWith("\n") && l.indexOf("\n") === l.length - 1)).toBe(true);
    const [info, error] = lines.map((l) => JSON.parse(l));
    expect(info).toMatchObject({ level: "info", name: "web", pid: process.pid, reqId: "r1", status: 404, msg: "GET /x 404" });
    expect(new Date(info.time).toISOString()).toBe(info.time);
    expect(error).toMatchObject({ level: "error", err: { type: "Error", message: "boom" } });
    expect(error.err.stack).toMatch(/^Error: boom\n\s+at /);

    const pretty = prettyLine(lines[1].trimEnd());
    expect(pretty).toMatch(/^\d\d:\d\d:\d\d\.\d{3} ERROR Request failed\n {4}Error: boom\n {4}\s*at /);
    expect(prettyLine(lines[0].trimEnd())).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO  GET \/x 404 reqId=r1 status=404\n$/);
  });

  it("put the request's id on every line logged while it is handled, also after an await", async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = createLogger({ name: "web", destination });
    await asRequest("req-1", async () => {
      log.info("before");
      await new Promise((resolve) => setTimeout(resolve, 1));
      log.warn("after an await");
      log.info({ reqId: "explicit" }, "its own id wins");
    });
    log.info("outside");
    const parsed = lines.map((l) => JSON.parse(l));
    expect(parsed.map((l) => l.reqId)).toEqual(["req-1", "req-1", "explicit", undefined]);
    expect(lines[2].match(/"reqId"/g)).toHaveLength(1);
  });
});
