import { describe, expect, it } from "vitest";
import { parseForm } from "~/lib/forms";
import { redactPath } from "~/lib/http.server";
import { safeRedirect } from "~/lib/session.server";
import { SetPasswordSchema, UserFormSchema } from "~/schemas/user";

function form(values: Record<string, string>) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(values)) fd.append(k, v);
  return fd;
}

describe("user form schema", () => {
  const valid = { name: "Ana Ruiz", email: "Ana@Example.com", role: "sales", reportsToId: "", timeZone: "Europe/Berlin" };

  it("accepts a complete form and trims, keeping no manager as null", () => {
    const result = parseForm(UserFormSchema, form({ ...valid, name: "  Ana Ruiz " }));
    expect(result).toEqual({
      ok: true,
      data: { name: "Ana Ruiz", email: "Ana@Example.com", role: "sales", reportsToId: null, timeZone: "Europe/Berlin" },
    });
  });

  it.each([
    ["name", { name: "   " }, "Enter a name."],
    ["email", { email: "not-an-email" }, "Enter a valid email address"],
    ["role", { role: "owner" }, "Choose a role."],
    ["timeZone", { timeZone: "Mars/Olympus" }, "not a time zone"],
    ["reportsToId", { reportsToId: "-3" }, ""],
  ])("puts a bad %s under its own field", (field, patch, message) => {
    const result = parseForm(UserFormSchema, form({ ...valid, ...patch }));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(Object.keys(result.errors)).toEqual([field]);
      expect(result.errors[field]).toContain(message);
    }
  });

  it("refuses mismatched or short passwords", () => {
    const short = parseForm(SetPasswordSchema, form({ password: "short", confirm: "short" }));
    expect(short.ok || short.errors.password).toContain("at least 12");
    const mismatch = parseForm(SetPasswordSchema, form({ password: "long-enough-pass", confirm: "long-enough-pasS" }));
    expect(mismatch.ok || mismatch.errors.confirm).toBe("The two passwords are not the same.");
  });
});

describe("redirects and logs", () => {
  it.each([
    ["/admin/users", "/admin/users"],
    ["https://evil.test/", "/"],
    ["//evil.test", "/"],
    ["/\\evil.test", "/"],
    ["", "/"],
    [null, "/"],
    // Browsers drop tabs and line breaks from a Location: these would land on //evil.example/.
    ["/\t/evil.example/", "/"],
    ["/\n/evil.example/", "/"],
    ["/%09/evil.example/", "/"],
    ["/%2509/evil.example/", "/"],
    ["/%2F/evil.example/", "/"],
    ["/%5Cevil.example", "/"],
    ["/%255C%255Cevil.example", "/"],
    ["/\u0000admin", "/"],
    // Dot segments that resolve to //evil.example.
    ["/.//evil.example/", "/"],
    ["/%2e//evil.example", "/"],
    ["/a/..//evil.example", "/"],
    ["/a/%2e%2e//evil.example", "/"],
    ["/./%2F/evil.example", "/"],
    // Kept, and always fit for a Location header (ASCII only).
    ["/materials?q=Prüfung#top", "/materials?q=Pr%C3%BCfung#top"],
    ["/library?q=a%20b", "/library?q=a%20b"],
    ["/plans/1/2027", "/plans/1/2027"],
    ["/library?q=100%25", "/library?q=100%25"],
    ["/a/../library", "/library"],
  ])("safeRedirect(%j) → %s", (input, expected) => {
    expect(safeRedirect(input)).toBe(expected);
  });

  it("keeps one-time link tokens out of request logs", () => {
    expect(redactPath("/set-password/abcDEF123?x=1")).toBe("/set-password/[redacted]");
    expect(redactPath("/admin/users?page=2")).toBe("/admin/users");
    expect(redactPath("/calendar/Zm9vYmFyYmF6cXV4.ics")).toBe("/calendar/[redacted]");
  });
});
