import { describe, expect, it } from "vitest";
import { readEnv } from "~/lib/env.server";

describe("settings read at start-up", () => {
  it.each([
    [undefined, "loopback"],
    ["loopback", ["loopback"]],
    ["1", 1],
    ["2", 2],
    ["none", false],
    ["10.0.0.0/8, loopback", ["10.0.0.0/8", "loopback"]],
    ["192.168.1.10,fd00::/8", ["192.168.1.10", "fd00::/8"]],
  ])("TRUST_PROXY=%j is Express's trust proxy %j", (value, expected) => {
    const settings = readEnv(value === undefined ? {} : { TRUST_PROXY: value });
    expect(settings.TRUST_PROXY).toEqual(expected === "loopback" ? ["loopback"] : expected);
  });

  it.each(["yes", "10.0.0.0/33", "example.com", "1.2.3", "loopback;rm"])("refuses TRUST_PROXY=%j, naming the variable", (value) => {
    expect(() => readEnv({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY: must be a hop count/);
  });

  it("has limits for slow requests and shutdown that an operator can set", () => {
    expect(readEnv({})).toMatchObject({ REQUEST_TIMEOUT_S: 300, SHUTDOWN_GRACE_S: 30 });
    expect(readEnv({ REQUEST_TIMEOUT_S: "900", SHUTDOWN_GRACE_S: "5" })).toMatchObject({ REQUEST_TIMEOUT_S: 900, SHUTDOWN_GRACE_S: 5 });
    expect(() => readEnv({ REQUEST_TIMEOUT_S: "0" })).toThrow(/REQUEST_TIMEOUT_S/);
  });

  it("has limits for checking uploads that an operator can set", () => {
    expect(readEnv({})).toMatchObject({ PDF_CHECK_TIMEOUT_S: 5, PDF_CHECK_MEMORY_MB: 512, MAX_IMAGE_MEGAPIXELS: 150 });
    expect(readEnv({ PDF_CHECK_TIMEOUT_S: "2.5", PDF_CHECK_MEMORY_MB: "1024", MAX_IMAGE_MEGAPIXELS: "300" })).toMatchObject({ PDF_CHECK_TIMEOUT_S: 2.5, PDF_CHECK_MEMORY_MB: 1024, MAX_IMAGE_MEGAPIXELS: 300 });
    expect(() => readEnv({ PDF_CHECK_TIMEOUT_S: "0" })).toThrow(/PDF_CHECK_TIMEOUT_S/);
    expect(() => readEnv({ PDF_CHECK_MEMORY_MB: "16" })).toThrow(/PDF_CHECK_MEMORY_MB/);
    expect(() => readEnv({ MAX_IMAGE_MEGAPIXELS: "lots" })).toThrow(/MAX_IMAGE_MEGAPIXELS/);
  });
});
