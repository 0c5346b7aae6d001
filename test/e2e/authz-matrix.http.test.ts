import { readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "~/lib/db.server";
import { DEMO_PASSWORD } from "../helpers/http";
import { makePdf } from "../helpers/pdf";
import { startServer, type RunningServer } from "../helpers/server";

/**
 * The authorization matrix: every route file in app/routes, asked by every kind of person,
 * about an object of their own team, of another team and of nobody (an id that does not
 * exist), with the answer the permission model says it must give.
 *
 * The answers were worked out from app/lib/permissions.ts (the role map),
 * rules/material-access.server.ts (reps see what is aimed at their teams, everyone else
 * sees every material; what you may not see is the same 404 as what does not exist) and each
 * route's loader and action — not recorded from the server.
 *
 * It runs on a server of its own: it opens escalations addressed to managers and preview
 * rounds for committees, which would show in the queues the other end-to-end files check.
 */

/** Who asks: signed out, or one person of each kind from the demo organisation. */
const PEOPLE = {
  anon: null,
  marketer: "marketer1@demo.test",
  rep: "east.rep1@demo.test", // Enterprise East, not on its committee
  committee: "east.committee1@demo.test", // Enterprise East's committee
  manager: "east.manager@demo.test", // Enterprise East's sales manager
  admin: "admin@demo.test",
} as const;
type Person = keyof typeof PEOPLE;

/**
 * Whose object: "own" is Enterprise East's (the team of the rep, the committee member and
 * the manager), "other" is Mid-Market West's, "none" an id nobody has. Marketers, managers
 * and admins belong to no team; for them the first two are simply two teams' objects.
 */
const OBJECTS = ["own", "other", "none"] as const;
type Which = (typeof OBJECTS)[number];

/** 302 to the sign-in page. */
const LOGIN = "→ /login";
/** 302 to the home page. */
const HOME = "→ /";
/** Not sent: the request would be allowed and change something; only refusals are sent. */
const NOT_SENT = "not sent";
type Answer = 200 | 400 | 403 | 404 | 405 | 409 | 410 | typeof LOGIN | typeof HOME | typeof NOT_SENT;
type Expect = Record<Person, Answer | readonly [own: Answer, other: Answer, none: Answer]>;

/** The same answer for every person (routes whose credential is a token in the address). */
const EVERYONE = (answer: Expect[Person]): Expect =>
  Object.fromEntries(Object.keys(PEOPLE).map((person) => [person, answer])) as Expect;

interface Check {
  method: "GET" | "POST";
  path: (which: Which) => string;
  /** Sent once per person about each of own/other/none; otherwise once per person. */
  each: boolean;
  form?: (which: Which) => Record<string, string>;
  /** Sent as multipart/form-data without a file, the way a refused upload arrives. */
  multipart?: boolean;
  expect: Expect;
}

const once = (p: string | (() => string)) => (typeof p === "string" ? () => p : p);
const GET = (p: string | (() => string), expect: Expect): Check => ({ method: "GET", path: once(p), each: false, expect });
const GET_EACH = (p: (which: Which) => string, expect: Expect): Check => ({ method: "GET", path: p, each: true, expect });
const POST = (p: string | (() => string), form: Record<string, string>, expect: Expect, multipart = false): Check => ({
  method: "POST",
  path: once(p),
  each: false,
  form: () => form,
  multipart,
  expect,
});
const POST_EACH = (p: (which: Which) => string, form: (which: Which) => Record<string, string>, expect: Expect, multipart = false): Check => ({
  method: "POST",
  path: p,
  each: true,
  form,
  multipart,
  expect,
});

/** The ids behind own/other/none, made in beforeAll. */
type Ids = Record<Which, string>;
const fx = {} as {
  team: Ids;
  user: Ids;
  material: Ids;
  version: Ids;
  round: Ids;
  escalation: Ids;
  notification: Ids;
  passwordToken: Ids;
  calendarToken: Ids;
  request: Ids;
  year: number;
};

const ADMIN_ONLY = { anon: LOGIN, marketer: 403, rep: 403, committee: 403, manager: 403, admin: 200 } as const;
/** An admin form posted with an intent that does not exist: past the permission check, refused as bad input. */
const ADMIN_ONLY_POST = { anon: LOGIN, marketer: 403, rep: 403, committee: 403, manager: 403, admin: 400 } as const;
const SIGNED_IN = { anon: LOGIN, marketer: 200, rep: 200, committee: 200, manager: 200, admin: 200 } as const;
/** A material (or what hangs off it): reps and committee members see their own team's only. */
const MATERIAL_VIEW: Expect = {
  anon: LOGIN,
  marketer: [200, 200, 404],
  rep: [200, 404, 404],
  committee: [200, 404, 404],
  manager: [200, 200, 404],
  admin: [200, 200, 404],
};
const ADMIN_OBJECT: Expect = { anon: LOGIN, marketer: 403, rep: 403, committee: 403, manager: 403, admin: [200, 200, 404] };
const noFile = (): Record<string, string> => ({ title: "Refused", kind: "collateral", teamIds: fx.team.own, changeNote: "x" });

/** One row per file in app/routes (the file name without its extension). */
const MATRIX: Record<string, Check[]> = {
  _index: [GET("/", SIGNED_IN)],
  about: [GET("/about", { anon: 200, marketer: 200, rep: 200, committee: 200, manager: 200, admin: 200 })],
  "account.calendar": [
    GET("/account/calendar", SIGNED_IN),
    POST("/account/calendar", { intent: "nothing" }, { anon: LOGIN, marketer: 400, rep: 400, committee: 400, manager: 400, admin: 400 }),
  ],
  "account.notifications": [
    GET("/account/notifications", SIGNED_IN),
    POST("/account/notifications", { gossip: "digest" }, { anon: LOGIN, marketer: 400, rep: 400, committee: 400, manager: 400, admin: 400 }),
  ],
  // Works without signing in, by its signature alone: a forged one is the same 404 for everyone.
  "unsubscribe.$token": [
    GET("/unsubscribe/1.comments.0123456789abcdef01234567", EVERYONE(404)),
    POST("/unsubscribe/1.comments.0123456789abcdef01234567", { "List-Unsubscribe": "One-Click" }, EVERYONE(404)),
  ],
  admin: [GET("/admin", ADMIN_ONLY)],
  "admin._index": [GET("/admin", ADMIN_ONLY)],
  "admin.audit": [GET("/admin/audit", ADMIN_ONLY)],
  "admin.calendar": [GET("/admin/calendar", ADMIN_ONLY), POST("/admin/calendar", { intent: "nothing" }, ADMIN_ONLY_POST)],
  "admin.segments": [GET("/admin/segments", ADMIN_ONLY), POST("/admin/segments", { intent: "nothing" }, ADMIN_ONLY_POST)],
  "admin.outbox": [GET("/admin/outbox", ADMIN_ONLY)],
  "admin.teams._index": [GET("/admin/teams", ADMIN_ONLY)],
  "admin.teams.new": [GET("/admin/teams/new", ADMIN_ONLY), POST("/admin/teams/new", {}, ADMIN_ONLY_POST)],
  "admin.teams.$teamId": [
    GET_EACH((w) => `/admin/teams/${fx.team[w]}`, ADMIN_OBJECT),
    POST(() => `/admin/teams/${fx.team.own}`, { intent: "nothing" }, ADMIN_ONLY_POST),
  ],
  "admin.users._index": [GET("/admin/users", ADMIN_ONLY)],
  "admin.users.new": [GET("/admin/users/new", ADMIN_ONLY), POST("/admin/users/new", {}, ADMIN_ONLY_POST)],
  "admin.users.$userId": [
    GET_EACH((w) => `/admin/users/${fx.user[w]}`, ADMIN_OBJECT),
    POST(() => `/admin/users/${fx.user.own}`, { intent: "nothing" }, ADMIN_ONLY_POST),
  ],
  // The token in the address is the credential (calendar apps send no cookies): the same for everyone.
  "calendar.$token": [
    GET_EACH((w) => `/calendar/${fx.calendarToken[w]}.ics`, EVERYONE([200, 200, 404])),
  ],
  // Anyone may be addressed (a rep someone reports to): everyone has a queue.
  "escalations._index": [GET("/escalations", SIGNED_IN)],
  "escalations.$escalationId": [
    // Whoever sees the material sees its escalations.
    GET_EACH((w) => `/escalations/${fx.escalation[w]}`, MATERIAL_VIEW),
    // Only someone it is addressed to decides (East's goes to East's manager and marketing's):
    // on their own, a compromise without its text (refused as bad input, nothing changes).
    // The parties (the marketer, the commenter) take part in the discussion, but do not decide.
    POST_EACH(
      (w) => `/escalations/${fx.escalation[w]}`,
      () => ({ decision: "compromise", note: " " }),
      { anon: LOGIN, marketer: [403, 403, 404], rep: [403, 404, 404], committee: [403, 404, 404], manager: [400, 403, 404], admin: [403, 403, 404] },
    ),
    // Agreeing to a proposal that is not the open one: past the permission check for the addressed manager only.
    POST_EACH(
      (w) => `/escalations/${fx.escalation[w]}`,
      () => ({ intent: "agree", proposalId: "999999" }),
      { anon: LOGIN, marketer: [403, 403, 404], rep: [403, 404, 404], committee: [403, 404, 404], manager: [409, 403, 404], admin: [403, 403, 404] },
    ),
    // The private discussion: the two sides and the managers addressed post; admins only read it.
    POST_EACH(
      (w) => `/escalations/${fx.escalation[w]}`,
      () => ({ intent: "message", body: "A word in private." }),
      { anon: LOGIN, marketer: [NOT_SENT, NOT_SENT, 404], rep: [403, 404, 404], committee: [NOT_SENT, 404, 404], manager: [NOT_SENT, 403, 404], admin: [403, 403, 404] },
    ),
  ],
  // From the field: marketing reads the feedback on its material; managers and admins read anyone's.
  feedback: [GET("/feedback", { anon: LOGIN, marketer: 200, rep: 403, committee: 403, manager: 200, admin: 200 })],
  "files.$versionId": [GET_EACH((w) => `/files/${fx.version[w]}`, MATERIAL_VIEW)],
  library: [GET("/library", SIGNED_IN)],
  login: [GET("/login", { anon: 200, marketer: HOME, rep: HOME, committee: HOME, manager: HOME, admin: HOME })],
  logout: [
    GET("/logout", { anon: HOME, marketer: HOME, rep: HOME, committee: HOME, manager: HOME, admin: HOME }),
    POST("/logout", {}, { anon: LOGIN, marketer: NOT_SENT, rep: NOT_SENT, committee: NOT_SENT, manager: NOT_SENT, admin: NOT_SENT }),
  ],
  "materials._index": [GET("/materials", SIGNED_IN)],
  "materials.new": [GET("/materials/new", { anon: LOGIN, marketer: 200, rep: 403, committee: 403, manager: 403, admin: 403 })],
  "materials.upload": [
    GET("/materials/upload", { anon: 405, marketer: 405, rep: 405, committee: 405, manager: 405, admin: 405 }),
    POST("/materials/upload", {}, { anon: LOGIN, marketer: 400, rep: 403, committee: 403, manager: 403, admin: 403 }, true),
  ],
  "materials.$materialId._index": [
    GET_EACH((w) => `/materials/${fx.material[w]}`, MATERIAL_VIEW),
    // Deciding a preview round: committee members of the round only. The rounds have closed,
    // so the own committee member gets past every permission check to "closed" (409).
    POST_EACH(
      (w) => `/materials/${fx.material[w]}`,
      (w) => ({ intent: "decide", roundId: fx.round[w], decision: "approved", summary: "Fine." }),
      { anon: LOGIN, marketer: [403, 403, 404], rep: [403, 404, 404], committee: [409, 404, 404], manager: [403, 403, 404], admin: [403, 403, 404] },
    ),
    // Releasing: marketing only. The own material is blocked (a member requested changes and a
    // dispute is open): 409. Without its confirmation, or over the objection without a reason: 400.
    POST_EACH(
      (w) => `/materials/${fx.material[w]}`,
      () => ({ intent: "release", confirm: "yes" }),
      { anon: LOGIN, marketer: [409, 409, 404], rep: 403, committee: 403, manager: 403, admin: 403 },
    ),
    POST_EACH(
      (w) => `/materials/${fx.material[w]}`,
      () => ({ intent: "release" }),
      { anon: LOGIN, marketer: 400, rep: 403, committee: 403, manager: 403, admin: 403 },
    ),
    POST_EACH(
      (w) => `/materials/${fx.material[w]}`,
      () => ({ intent: "release_over_objection", reason: " " }),
      { anon: LOGIN, marketer: 400, rep: 403, committee: 403, manager: 403, admin: 403 },
    ),
    // Marketing's controls. Editing without a title: refused as bad input. The fixtures'
    // previews have closed (nothing to withdraw) and were never released (nothing to archive).
    POST_EACH(
      (w) => `/materials/${fx.material[w]}`,
      () => ({ intent: "edit", title: "", teamIds: fx.team.own }),
      { anon: LOGIN, marketer: 400, rep: 403, committee: 403, manager: 403, admin: 403 },
    ),
    POST_EACH(
      (w) => `/materials/${fx.material[w]}`,
      () => ({ intent: "withdraw_preview" }),
      { anon: LOGIN, marketer: [409, 409, 404], rep: 403, committee: 403, manager: 403, admin: 403 },
    ),
    POST_EACH(
      (w) => `/materials/${fx.material[w]}`,
      () => ({ intent: "archive" }),
      { anon: LOGIN, marketer: [409, 409, 404], rep: 403, committee: 403, manager: 403, admin: 403 },
    ),
    // Ticking off a "to check" item that does not exist: the same 404 for all who see the material.
    POST_EACH(
      (w) => `/materials/${fx.material[w]}`,
      () => ({ intent: "check", commentId: "999999", check: "done" }),
      { anon: LOGIN, marketer: 404, rep: 404, committee: 404, manager: 404, admin: 404 },
    ),
  ],
  "materials.$materialId.compare": [GET_EACH((w) => `/materials/${fx.material[w]}/compare`, MATERIAL_VIEW)],
  // Page views: only a rep of a target team reports, and only on released material (this one is in preview: 409).
  "materials.$materialId.usage": [
    GET_EACH((w) => `/materials/${fx.material[w]}/usage`, EVERYONE(405)),
    POST_EACH((w) => `/materials/${fx.material[w]}/usage`, () => ({ pages: "1" }), {
      anon: LOGIN,
      marketer: [403, 403, 404],
      rep: [409, 404, 404],
      committee: [409, 404, 404],
      manager: [403, 403, 404],
      admin: [403, 403, 404],
    }),
  ],
  // Field feedback: only a sales rep of a target team posts, on released material (this one is in preview: 409).
  // A reply to feedback that does not exist: the same 404 for all who see the material.
  "materials.$materialId.feedback": [
    GET_EACH((w) => `/materials/${fx.material[w]}/feedback`, EVERYONE(405)),
    POST_EACH(
      (w) => `/materials/${fx.material[w]}/feedback`,
      () => ({ intent: "feedback", outcome: "worked", segmentId: "1", body: "Went well." }),
      { anon: LOGIN, marketer: [403, 403, 404], rep: [409, 404, 404], committee: [409, 404, 404], manager: [403, 403, 404], admin: [403, 403, 404] },
    ),
    POST_EACH(
      (w) => `/materials/${fx.material[w]}/feedback`,
      () => ({ intent: "reply", feedbackId: "999999", body: "Thanks." }),
      { anon: LOGIN, marketer: 404, rep: [404, 404, 404], committee: 404, manager: 404, admin: 404 },
    ),
  ],
  "materials.$materialId.upload": [
    GET_EACH((w) => `/materials/${fx.material[w]}/upload`, {
      anon: 405,
      marketer: 405,
      rep: 405,
      committee: 405,
      manager: 405,
      admin: 405,
    }),
    // A new version without its file: the marketer gets as far as "choose a file".
    POST_EACH((w) => `/materials/${fx.material[w]}/upload`, noFile, {
      anon: LOGIN,
      marketer: [400, 400, 404],
      rep: 403,
      committee: 403,
      manager: 403,
      admin: 403,
    }, true),
  ],
  metrics: [GET("/metrics", { anon: LOGIN, marketer: 200, rep: 403, committee: 403, manager: 200, admin: 200 })],
  "metrics[.]csv": [
    GET("/metrics.csv", { anon: LOGIN, marketer: 200, rep: 403, committee: 403, manager: 200, admin: 200 }),
    // The owner's pages: a marketer's own material; nobody else has any.
    GET("/metrics.csv?report=pages", { anon: LOGIN, marketer: 200, rep: 403, committee: 403, manager: 403, admin: 403 }),
  ],
  "my-use": [GET("/my-use", { anon: LOGIN, marketer: 403, rep: 200, committee: 200, manager: 200, admin: 403 })],
  notifications: [
    GET("/notifications", SIGNED_IN),
    // Opening a notification: one's own only ("other" is a West committee member's).
    POST_EACH(
      () => "/notifications",
      (w) => ({ intent: "open", id: fx.notification[w] }),
      {
        anon: LOGIN,
        marketer: [NOT_SENT, 404, 404],
        rep: [NOT_SENT, 404, 404],
        committee: [NOT_SENT, 404, 404],
        manager: [NOT_SENT, 404, 404],
        admin: [NOT_SENT, 404, 404],
      },
    ),
  ],
  "plans._index": [GET("/plans", SIGNED_IN)],
  // Requests for material: everyone reads the list (a rep their team's); reps file them; marketing answers.
  "requests._index": [GET("/requests", SIGNED_IN)],
  "requests.new": [GET("/requests/new", { anon: LOGIN, marketer: 403, rep: 200, committee: 200, manager: 403, admin: 403 })],
  "requests.upload": [
    GET("/requests/upload", EVERYONE(405)),
    // Empty fields: a rep gets as far as the messages beside them.
    POST("/requests/upload", { need: "" }, { anon: LOGIN, marketer: 403, rep: 400, committee: 400, manager: 403, admin: 403 }, true),
  ],
  "requests.$requestId": [
    GET_EACH((w) => `/requests/${fx.request[w]}`, MATERIAL_VIEW),
    // An intent that does not exist: past the checks for marketing only; another team's request is a 404 for a rep.
    POST_EACH((w) => `/requests/${fx.request[w]}`, () => ({ intent: "nothing" }), {
      anon: LOGIN,
      marketer: [400, 400, 404],
      rep: [403, 404, 404],
      committee: [403, 404, 404],
      manager: [403, 403, 404],
      admin: [403, 403, 404],
    }),
  ],
  "requests.$requestId.example": [GET_EACH((w) => `/requests/${fx.request[w]}/example`, MATERIAL_VIEW)],
  "plans.$teamId.$year": [
    GET_EACH((w) => `/plans/${fx.team[w]}/${fx.year}`, MATERIAL_VIEW),
    // Confirming a pre-plan is for managers only; one that does not exist is then a 404.
    POST(() => `/plans/${fx.team.own}/${fx.year}`, { intent: "confirm", prePlanId: "999999" }, {
      anon: LOGIN,
      marketer: 403,
      rep: 403,
      committee: 403,
      manager: 404,
      admin: 403,
    }),
  ],
  // The token in the address is the credential: the same for everyone, signed in or not.
  "set-password.$token": [
    GET_EACH((w) => `/set-password/${fx.passwordToken[w]}`, EVERYONE([200, 200, 410])),
    POST(() => `/set-password/${fx.passwordToken.none}`, { password: "a long enough password", confirm: "a long enough password" }, {
      anon: 410,
      marketer: 410,
      rep: 410,
      committee: 410,
      manager: 410,
      admin: 410,
    }),
  ],
};

/** The route ids Remix makes of app/routes (files minus extension, folders with a route module), each with its file. */
function routeFiles(): Map<string, string> {
  const dir = path.resolve("app/routes");
  const ids = new Map<string, string>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    // remix.config.js ignores "**/.*" and "**/*.test.*".
    if (entry.name.startsWith(".") || /\.test\./.test(entry.name)) continue;
    if (entry.isDirectory()) {
      const module = readdirSync(path.join(dir, entry.name)).find((f) => /^route\.(tsx?|jsx?)$/.test(f));
      if (module) ids.set(entry.name, `app/routes/${entry.name}/${module}`);
    } else if (/\.(tsx?|jsx?)$/.test(entry.name)) {
      ids.set(entry.name.replace(/\.(tsx?|jsx?)$/, ""), `app/routes/${entry.name}`);
    }
  }
  return ids;
}

/** Flat-route segments: split on dots, except those escaped in [brackets]. */
const segments = (id: string) => id.match(/(\[[^\]]*\]|[^.[])+/g) ?? [];

/**
 * Routes that share a page with another route's loader (a layout and its children). The
 * page's answer is the strictest loader's, so each of their loaders is also asked alone, the
 * way the browser's data requests can (`/admin/users.data?_routes=routes/admin.users._index`).
 */
function nestedRoutes(ids: string[]) {
  const layouts = new Set(ids.filter((id) => !id.endsWith("_index") && ids.some((other) => other !== id && other.startsWith(`${id}.`))));
  return new Set(ids.filter((id) => layouts.has(id) || segments(id).some((_, i, all) => i < all.length - 1 && layouts.has(all.slice(0, i + 1).join(".")))));
}

describe("the authorization matrix", () => {
  let server: RunningServer;
  let database: Database;
  const cookies = new Map<Person, string | null>();

  function send(method: "GET" | "POST", address: string, options: { cookie?: string | null; form?: Record<string, string>; multipart?: boolean; file?: { name: string; bytes: Uint8Array } } = {}) {
    const headers: Record<string, string> = { Origin: server.url };
    if (options.cookie) headers.Cookie = options.cookie;
    let body: BodyInit | undefined;
    if (options.multipart) {
      const form = new FormData();
      for (const [key, value] of Object.entries(options.form ?? {})) form.append(key, value);
      if (options.file) form.append("file", new Blob([new Uint8Array(options.file.bytes)], { type: "application/pdf" }), options.file.name);
      headers.Accept = "application/json";
      body = form;
    } else if (method === "POST") {
      headers["Content-Type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(options.form ?? {});
    }
    return fetch(server.url + address, { method, redirect: "manual", headers, body });
  }

  async function signIn(email: string) {
    const response = await send("POST", "/login", { form: { email, password: DEMO_PASSWORD } });
    const cookie = response.headers.get("set-cookie")?.split(";")[0];
    if (response.status !== 302 || !cookie) throw new Error(`Sign-in as ${email} failed with ${response.status}`);
    return cookie;
  }

  async function act(materialId: string, fields: Record<string, string>, cookie: string) {
    const response = await send("POST", `/materials/${materialId}`, { cookie, form: fields });
    if (response.status !== 200) throw new Error(`${fields.intent} on material ${materialId}: ${response.status} ${await response.text()}`);
  }

  /** A material aimed at one team, previewed, with a held comment escalated when its round closed. */
  async function disputedMaterial(teamId: number, committee: [string, string], marketer: string) {
    const uploaded = await send("POST", "/materials/upload", {
      cookie: marketer,
      multipart: true,
      form: { title: `Authz matrix ${teamId}`, kind: "collateral", teamIds: String(teamId) },
      file: { name: "m.pdf", bytes: await makePdf({ pages: 1 }) },
    });
    expect(uploaded.status).toBe(201);
    const materialId = String((await uploaded.json()).url.split("/").pop());
    await act(materialId, { intent: "submit" }, marketer);
    const version = (await database.models.MaterialVersion.findOne({ where: { materialId } }))!;
    await act(materialId, { intent: "comment", versionId: String(version.id), body: "Wrong price.", category: "pricing", page: "1", x: "0.5", y: "0.5" }, committee[0]);
    const comment = (await database.models.Comment.findOne({ where: { materialId } }))!;
    await act(materialId, { intent: "answer", commentId: String(comment.id), answer: "decline", reason: "It is right." }, marketer);
    await act(materialId, { intent: "settle", commentId: String(comment.id), settle: "hold" }, committee[0]);
    const round = (await database.models.PreviewRound.findOne({ where: { materialId } }))!;
    await act(materialId, { intent: "decide", roundId: String(round.id), decision: "changes_requested", summary: "Price." }, committee[0]);
    await act(materialId, { intent: "decide", roundId: String(round.id), decision: "approved", summary: "Fine." }, committee[1]);
    const escalation = await database.models.Escalation.findOne({ where: { materialId } });
    if (!escalation) throw new Error(`No escalation was opened for material ${materialId}`);
    return { materialId, versionId: String(version.id), roundId: String(round.id), escalationId: String(escalation.id) };
  }

  /** A set-password link for a user, the way an admin makes one (the link travels in a flash cookie). */
  async function passwordToken(userId: number, admin: string) {
    const response = await send("POST", `/admin/users/${userId}`, { cookie: admin, form: { intent: "issue-link" } });
    const token = response.headers.get("set-cookie")?.match(/cp_link=\d+\.([A-Za-z0-9_-]+)/)?.[1];
    if (response.status !== 302 || !token) throw new Error(`No set-password link for user ${userId}: ${response.status}`);
    return token;
  }

  /** A calendar feed link, made by its owner on the calendar page. */
  async function calendarToken(cookie: string) {
    const response = await send("POST", "/account/calendar", { cookie, form: { intent: "issue" } });
    const token = (await response.text()).match(/\/calendar\/([A-Za-z0-9_-]{43})\.ics/)?.[1];
    if (response.status !== 200 || !token) throw new Error(`No calendar link: ${response.status}`);
    return token;
  }

  /** A rep's request for material with a PDF attached as the example. */
  async function materialRequest(cookie: string) {
    const response = await send("POST", "/requests/upload", {
      cookie,
      multipart: true,
      form: { need: "A pricing one-pager", customers: "Mid-market", neededBy: `${new Date().getUTCFullYear() + 1}-06-30` },
      file: { name: "mine.pdf", bytes: await makePdf({ pages: 1 }) },
    });
    if (response.status !== 201) throw new Error(`No request filed: ${response.status} ${await response.text()}`);
    return String((await response.json()).url.split("/").pop());
  }

  beforeAll(async () => {
    server = await startServer({ JOBS: "off" });
    database = openDatabase({ url: server.databaseUrl });
    const emails = [...Object.values(PEOPLE), "east.committee2@demo.test", "west.committee1@demo.test", "west.committee2@demo.test", "west.rep1@demo.test"];
    const signedIn = new Map(await Promise.all(emails.map(async (e) => [e, e ? await signIn(e) : null] as const)));
    for (const [person, email] of Object.entries(PEOPLE)) cookies.set(person as Person, signedIn.get(email)!);
    const as = (email: string) => signedIn.get(email)!;

    const team = async (name: string) => (await database.models.SalesTeam.findOne({ where: { name } }))!.id;
    const user = async (email: string) => (await database.models.User.findOne({ where: { email } }))!.id;
    const [east, west] = [await team("Enterprise East"), await team("Mid-Market West")];
    const [eastDispute, westDispute] = await Promise.all([
      disputedMaterial(east, [as(PEOPLE.committee), as("east.committee2@demo.test")], as(PEOPLE.marketer)),
      disputedMaterial(west, [as("west.committee1@demo.test"), as("west.committee2@demo.test")], as(PEOPLE.marketer)),
    ]);
    const notificationOf = async (email: string) => String((await database.models.Notification.findOne({ where: { userId: await user(email) } }))!.id);
    const NONE = "999999";

    fx.team = { own: String(east), other: String(west), none: NONE };
    fx.user = { own: String(await user("east.rep2@demo.test")), other: String(await user("west.rep2@demo.test")), none: NONE };
    fx.material = { own: eastDispute.materialId, other: westDispute.materialId, none: NONE };
    fx.version = { own: eastDispute.versionId, other: westDispute.versionId, none: NONE };
    fx.round = { own: eastDispute.roundId, other: westDispute.roundId, none: NONE };
    fx.escalation = { own: eastDispute.escalationId, other: westDispute.escalationId, none: NONE };
    fx.notification = { own: await notificationOf(PEOPLE.committee), other: await notificationOf("west.committee2@demo.test"), none: NONE };
    fx.passwordToken = {
      own: await passwordToken(Number(fx.user.own), as(PEOPLE.admin)),
      other: await passwordToken(Number(fx.user.other), as(PEOPLE.admin)),
      none: "x".repeat(43),
    };
    fx.calendarToken = { own: await calendarToken(as(PEOPLE.rep)), other: await calendarToken(as("west.rep1@demo.test")), none: "x".repeat(43) };
    fx.request = { own: await materialRequest(as(PEOPLE.rep)), other: await materialRequest(as("west.rep1@demo.test")), none: NONE };
    fx.year = new Date().getUTCFullYear() + 1;
  });

  afterAll(async () => {
    await database?.close();
    const code = await server?.stop("SIGTERM");
    if (server) rmSync(server.dataDir, { recursive: true, force: true });
    expect(code).toBe(0);
  });

  it("has a row for every route file, and no row for a route that is gone", () => {
    const files = routeFiles();
    const missing = [...files]
      .filter(([id]) => !(id in MATRIX))
      .map(([id, file]) => `${file} has no row "${id}" in the authorization matrix`);
    const stale = Object.keys(MATRIX)
      .filter((id) => !files.has(id))
      .map((id) => `the matrix has a row for "${id}", but app/routes has no such route`);
    expect([...missing, ...stale]).toEqual([]);
  });

  it("answers every person about every route and object as the matrix says", async () => {
    const nested = nestedRoutes([...routeFiles().keys()]);
    const wrong: string[] = [];
    let cells = 0;

    async function ask(route: string, check: Check, person: Person, which: Which, expected: Answer) {
      if (expected === NOT_SENT) return;
      cells++;
      const address = check.path(which);
      const label = `${route}: ${person} ${check.method} ${address}${check.each ? ` (${which})` : ""}`;
      const response = await send(check.method, address, { cookie: cookies.get(person), form: check.form?.(which), multipart: check.multipart });
      const got = answerOf(response.status, response.headers.get("location"));
      await response.arrayBuffer();
      if (got !== String(expected)) wrong.push(`${label}: expected ${expected}, got ${got}`);

      // A layout's child answers for itself too: its loader asked alone (redirects come back as 202).
      if (check.method === "GET" && nested.has(route)) {
        cells++;
        const url = new URL(address, server.url);
        const dataPath = `${url.pathname === "/" ? "/_root" : url.pathname.replace(/\/$/, "")}.data?_routes=${encodeURIComponent(`routes/${route}`)}`;
        const alone = await send("GET", dataPath, { cookie: cookies.get(person) });
        const text = await alone.text();
        const gotAlone =
          alone.status === 202 ? (text.includes('"/login') ? LOGIN : text.includes('"/"') ? HOME : `202 ${text.slice(0, 80)}`) : String(alone.status);
        if (gotAlone !== String(expected)) wrong.push(`${route}: ${person} GET ${dataPath} (its loader alone): expected ${expected}, got ${gotAlone}`);
      }
    }

    for (const [route, checks] of Object.entries(MATRIX)) {
      const sends: Promise<void>[] = [];
      for (const c of checks) {
        for (const person of Object.keys(PEOPLE) as Person[]) {
          const expected = c.expect[person];
          if (!c.each && Array.isArray(expected)) throw new Error(`${route}: ${c.method} is sent once per person; give one answer for ${person}`);
          for (const [i, which] of (c.each ? OBJECTS : (["own"] as const)).entries()) {
            sends.push(ask(route, c, person, which, Array.isArray(expected) ? expected[i] : (expected as Answer)));
          }
        }
      }
      await Promise.all(sends);
    }

    expect(wrong, `${wrong.length} of ${cells} answers differ from the matrix`).toEqual([]);
    expect(cells).toBeGreaterThan(400); // the loops above asked something: 440 requests and 90 loaders alone today
  });
});

/** A response as the matrix writes it: the status, or where a redirect goes. */
function answerOf(status: number, location: string | null): string {
  if (status === 302 && location?.startsWith("/login")) return LOGIN;
  if (status === 302 && location === "/") return HOME;
  return status >= 300 && status < 400 ? `${status} → ${location}` : String(status);
}
