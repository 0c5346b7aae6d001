import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/lib/db.server";
import { tableCounts } from "../helpers/database";
import { get, post, serverDatabase, signInAs, visibleText } from "../helpers/http";

describe("the HTTP server", () => {
  let database: Database;
  let admin: string;
  beforeAll(async () => {
    database = serverDatabase();
    admin = await signInAs("admin@demo.test");
  });
  afterAll(() => database.close());

  async function userId(email: string) {
    const user = await database.models.User.findOne({ where: { email } });
    if (!user) throw new Error(`no user ${email}`);
    return user.id;
  }

  it("answers /healthz after a real database query", async () => {
    const response = await get("/healthz");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("serves /login with security headers and a per-response CSP nonce", async () => {
    const first = await get("/login");
    const second = await get("/login");
    expect(first.status).toBe(200);
    const csp = first.headers.get("content-security-policy")!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toEqual(second.headers.get("content-security-policy"));
    expect(first.headers.get("x-content-type-options")).toBe("nosniff");
    expect(first.headers.get("referrer-policy")).toBe("same-origin");
    expect(first.headers.get("x-powered-by")).toBeNull();
    const nonce = csp.match(/'nonce-([^']+)'/)![1];
    const html = await first.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  });

  it("sets an HttpOnly, SameSite=Lax session cookie at sign-in", async () => {
    const response = await post("/login", { email: "east.rep1@demo.test", password: "preview-demo" });
    expect(response.status).toBe(302);
    const cookie = response.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^cp_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).toContain("Path=/");
  });

  it("refuses a state-changing request from another origin, before it reaches the app", async () => {
    const before = await database.models.Session.count();
    const response = await post("/login", { email: "admin@demo.test", password: "preview-demo" }, undefined, "https://evil.test");
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("sent from another site");
    expect(response.headers.get("set-cookie")).toBeNull();
    expect(await database.models.Session.count()).toBe(before);
  });

  it("shows a rep the friendly 403 page for /admin, and the admin a 404 for unknown ids", async () => {
    const rep = await signInAs("west.rep1@demo.test");
    const forbidden = await get("/admin", rep);
    expect(forbidden.status).toBe(403);
    expect(visibleText(await forbidden.text())).toContain("Your role does not give you access to this page.");
    for (const path of ["/admin/users/999999", "/admin/users/abc", "/admin/teams/424242", "/admin/teams/-1"]) {
      const response = await get(path, admin);
      expect(response.status, path).toBe(404);
      const text = visibleText(await response.text());
      expect(text).toContain("We couldn't find that");
      expect(text).not.toMatch(/at \w+ \(|node_modules/);
    }
  });

  it("sends a signed-out visitor to the login page and back afterwards", async () => {
    const response = await get("/admin/users");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/login?redirectTo=%2Fadmin%2Fusers");
  });

  describe("bad input in the admin forms: a message beside the field, 400, nothing written", () => {
    const newUser = { intent: "save", name: "Rita Moss", email: "rita.moss@demo.test", role: "sales", reportsToId: "", timeZone: "UTC" };

    const cases: [string, () => Promise<[string, Record<string, string>]>, string][] = [
      ["a duplicate email in another case", async () => ["/admin/users/new", { ...newUser, email: "EAST.Rep1@Demo.TEST" }], "Another user already has this email address."],
      ["an empty name", async () => ["/admin/users/new", { ...newUser, name: "  " }], "Enter a name."],
      ["a malformed email", async () => ["/admin/users/new", { ...newUser, email: "rita@" }], "Enter a valid email address"],
      ["an unknown role", async () => ["/admin/users/new", { ...newUser, role: "owner" }], "Choose a role."],
      [
        "a user reporting to themselves",
        async () => {
          const id = await userId("east.rep2@demo.test");
          return [`/admin/users/${id}`, { ...newUser, name: "Eva Stone", email: "east.rep2@demo.test", reportsToId: String(id) }];
        },
        "A person cannot report to themselves.",
      ],
      [
        "a loop in the chain of command",
        async () => {
          const vp = await userId("vp.sales@demo.test");
          const east = await userId("east.manager@demo.test");
          return [`/admin/users/${vp}`, { ...newUser, name: "Valerie Price", email: "vp.sales@demo.test", role: "manager", reportsToId: String(east) }];
        },
        "That would close a loop in the chain of command: Valerie Price → Erin Walsh → Valerie Price.",
      ],
      [
        "a third committee member",
        async () => {
          const team = await database.models.SalesTeam.findOne({ where: { name: "Enterprise East" } });
          return [`/admin/teams/${team!.id}`, { intent: "committee-on", userId: String(await userId("east.rep1@demo.test")) }];
        },
        "A committee has at most 2 members.",
      ],
    ];

    it.each(cases)("%s", async (_label, request, message) => {
      const [path, fields] = await request();
      const before = await tableCounts(database);
      const response = await post(path, fields, admin);
      expect(response.status).toBe(400);
      const html = await response.text();
      expect(visibleText(html)).toContain(message);
      expect(html).toMatch(/class="(field|form)-error"/);
      expect(await tableCounts(database)).toEqual(before);
    });

    it("a deactivated user signing in", async () => {
      const id = await userId("west.rep2@demo.test");
      expect((await post(`/admin/users/${id}`, { intent: "deactivate" }, admin)).status).toBe(302);
      const before = await tableCounts(database);
      const response = await post("/login", { email: "west.rep2@demo.test", password: "preview-demo" });
      expect(response.status).toBe(400);
      const html = await response.text();
      // The message is the email field's description, so a screen reader reads it with the field.
      const describedBy = html.match(/<input[^>]*name="email"[^>]*aria-describedby="([^"]+)"/)?.[1];
      expect(describedBy).toBeTruthy();
      expect(html).toMatch(new RegExp(`id="${describedBy}"[^>]*>[^<]*deactivated`));
      const after = await tableCounts(database);
      expect(after.sessions).toBe(before.sessions);
      expect((await post(`/admin/users/${id}`, { intent: "reactivate" }, admin)).status).toBe(302);
    });
  });

  it("records an audit event for an admin change", async () => {
    const before = await database.models.AuditEvent.count({ where: { action: "team.created" } });
    const response = await post("/admin/teams/new", { intent: "save", name: "Channel Partners", timeZone: "Europe/Paris", salesManagerId: "" }, admin);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/^\/admin\/teams\/\d+$/);
    expect(await database.models.AuditEvent.count({ where: { action: "team.created" } })).toBe(before + 1);
  });
});
