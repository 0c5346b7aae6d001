import { describe, expect, it } from "vitest";
import { missingAppUrlWarning } from "~/lib/email.server";
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

  it("caps email per minute only when SMTP_MAX_PER_MINUTE is set, to a whole number of at least 1", () => {
    expect(readEnv({}).SMTP_MAX_PER_MINUTE).toBeUndefined();
    expect(readEnv({ SMTP_MAX_PER_MINUTE: "120" }).SMTP_MAX_PER_MINUTE).toBe(120);
    expect(() => readEnv({ SMTP_MAX_PER_MINUTE: "0" })).toThrow(/SMTP_MAX_PER_MINUTE: must be at least 1/);
    expect(() => readEnv({ SMTP_MAX_PER_MINUTE: "1.5" })).toThrow(/SMTP_MAX_PER_MINUTE: must be a whole number/);
    expect(() => readEnv({ SMTP_MAX_PER_MINUTE: "lots" })).toThrow(/SMTP_MAX_PER_MINUTE: must be a whole number/);
  });

  it("reads APP_ORIGINS as a list of origins, empty when unset", () => {
    expect(readEnv({}).APP_ORIGINS).toEqual([]);
    expect(readEnv({ APP_ORIGINS: "https://a.example.com, http://10.0.0.5:8080/ ,HTTPS://B.example.com" }).APP_ORIGINS).toEqual([
      "https://a.example.com",
      "http://10.0.0.5:8080",
      "https://b.example.com",
    ]);
  });

  it.each(["a.example.com", "https://a.example.com/app", "ftp://a.example.com", "https://a.example.com?x=1", "https://user@a.example.com", "*"])(
    "refuses APP_ORIGINS entry %j, naming the variable and the entry",
    (entry) => {
      expect(() => readEnv({ APP_ORIGINS: `https://ok.example.com,${entry}` })).toThrow(`APP_ORIGINS: "${entry}" is not an origin`);
    },
  );

  it("warns about email links only for a production process that sends email without APP_URL", () => {
    const base = { NODE_ENV: "production", SMTP_URL: "smtp://127.0.0.1:2525" };
    expect(missingAppUrlWarning(readEnv(base))).toMatch(/links in emails would point at http:\/\/localhost:3000.*Set APP_URL/);
    expect(missingAppUrlWarning(readEnv({ ...base, APP_URL: "https://preview.example.com" }))).toBeNull();
    expect(missingAppUrlWarning(readEnv({ NODE_ENV: "production" }))).toBeNull();
    expect(missingAppUrlWarning(readEnv({ ...base, NODE_ENV: "development" }))).toBeNull();
  });
  it("keeps replies by email off by default, and needs REPLY_DOMAIN for the listener", () => {
    const defaults = readEnv({});
    expect(defaults.REPLY_DOMAIN).toBeUndefined();
    expect(defaults.INBOUND_SMTP_PORT).toBeUndefined();
    expect(defaults).toMatchObject({ INBOUND_SMTP_HOST: "0.0.0.0", INBOUND_MAX_MB: 1 });
    expect(readEnv({ REPLY_DOMAIN: "Reply.Preview.Example.com", INBOUND_SMTP_PORT: "2525", INBOUND_SMTP_HOST: "127.0.0.1", INBOUND_MAX_MB: "5" })).toMatchObject({
      REPLY_DOMAIN: "reply.preview.example.com",
      INBOUND_SMTP_PORT: 2525,
      INBOUND_SMTP_HOST: "127.0.0.1",
      INBOUND_MAX_MB: 5,
    });
    expect(() => readEnv({ INBOUND_SMTP_PORT: "2525" })).toThrow(/INBOUND_SMTP_PORT: needs REPLY_DOMAIN/);
    expect(() => readEnv({ REPLY_DOMAIN: "reply+x@example.com" })).toThrow(/REPLY_DOMAIN: must be a mail domain/);
    expect(() => readEnv({ REPLY_DOMAIN: "example.com", INBOUND_SMTP_PORT: "70000" })).toThrow(/INBOUND_SMTP_PORT/);
    expect(() => readEnv({ INBOUND_MAX_MB: "0" })).toThrow(/INBOUND_MAX_MB/);
  });
});
