import { readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "~/lib/db.server";
import { makePdf } from "../helpers/pdf";
import { get, post, serverDatabase, signInAs, upload, visibleText } from "../helpers/http";

/** Everything an upload or a comment could leave behind: rows and stored files. */
async function footprint(database: Database) {
  const m = database.models;
  const files = (() => {
    try {
      return readdirSync(inject("filesDir"), { recursive: true }).length;
    } catch {
      return 0;
    }
  })();
  return {
    materials: await m.Material.count(),
    versions: await m.MaterialVersion.count(),
    targets: await m.MaterialTeam.count(),
    comments: await m.Comment.count(),
    commentStates: (await m.Comment.findAll({ attributes: ["state"], order: [["id", "ASC"]] })).map((c) => c.state).join(","),
    files,
  };
}

describe("materials over HTTP", () => {
  let database: Database;
  let marketer: string;
  let committee: string;
  let eastTeam: number;
  let materialId: number;
  let versionId: number;
  let pdf: Buffer;
  const max = () => inject("maxUploadBytes");

  beforeAll(async () => {
    database = serverDatabase();
    marketer = await signInAs("marketer1@demo.test");
    committee = await signInAs("east.committee1@demo.test");
    eastTeam = (await database.models.SalesTeam.findOne({ where: { name: "Enterprise East" } }))!.id;
    pdf = await makePdf({ pages: 3, padBytes: 200_000 });
    const response = await upload("/materials/upload", { title: "Q1 pricing sheet", kind: "collateral", teamIds: String(eastTeam) }, { name: "pricing.pdf", bytes: pdf }, marketer);
    expect(response.status).toBe(201);
    const body = await response.json();
    materialId = Number(body.url.split("/").pop());
    versionId = (await database.models.MaterialVersion.findOne({ where: { materialId } }))!.id;
  });
  afterAll(() => database.close());

  it("records size, sha256 and page count, under a generated name", async () => {
    const version = await database.models.MaterialVersion.findByPk(versionId);
    expect(version).toMatchObject({ number: 1, size: pdf.length, pageCount: 3, contentType: "application/pdf", fileName: "pricing.pdf" });
    const { createHash } = await import("node:crypto");
    expect(version!.sha256).toBe(createHash("sha256").update(pdf).digest("hex"));
    expect(version!.storageKey).toMatch(/^versions\/[0-9a-f]{32}\.bin$/);
    expect(version!.storageKey).not.toContain("pricing");
  });

  describe("serving files", () => {
    it("serves the whole file with the right headers", async () => {
      const response = await get(`/files/${versionId}`, committee);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/pdf");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("accept-ranges")).toBe("bytes");
      expect(response.headers.get("content-disposition")).toBe(`inline; filename="pricing.pdf"; filename*=UTF-8''pricing.pdf`);
      expect(Buffer.from(await response.arrayBuffer()).equals(pdf)).toBe(true);
    });

    it("answers byte ranges with 206, suffix ranges included", async () => {
      const first = await fetchRange("bytes=0-1023");
      expect(first.status).toBe(206);
      expect(first.headers.get("content-range")).toBe(`bytes 0-1023/${pdf.length}`);
      expect(first.body.equals(pdf.subarray(0, 1024))).toBe(true);

      const middle = await fetchRange("bytes=100000-100099");
      expect(middle.body.equals(pdf.subarray(100000, 100100))).toBe(true);

      const suffix = await fetchRange("bytes=-500");
      expect(suffix.status).toBe(206);
      expect(suffix.headers.get("content-range")).toBe(`bytes ${pdf.length - 500}-${pdf.length - 1}/${pdf.length}`);
      expect(suffix.body.equals(pdf.subarray(pdf.length - 500))).toBe(true);

      const open = await fetchRange(`bytes=${pdf.length - 10}-`);
      expect(open.body.equals(pdf.subarray(pdf.length - 10))).toBe(true);
    });

    it("answers 416 when the range cannot be satisfied", async () => {
      const response = await fetchRange(`bytes=${pdf.length}-`);
      expect(response.status).toBe(416);
      expect(response.headers.get("content-range")).toBe(`bytes */${pdf.length}`);
    });

    it("answers 404 with a message when the stored file has gone missing", async () => {
      const response = await upload("/materials/upload", { title: "Lost file", kind: "collateral", teamIds: String(eastTeam) }, { name: "lost.pdf", bytes: await makePdf({ pages: 1, title: "Lost" }) }, marketer);
      expect(response.status).toBe(201);
      const lostId = Number((await response.json()).url.split("/").pop());
      const version = (await database.models.MaterialVersion.findOne({ where: { materialId: lostId } }))!;
      rmSync(path.join(inject("filesDir"), version.storageKey));
      const file = await get(`/files/${version.id}`, committee);
      expect(file.status).toBe(404);
      expect(await file.text()).toBe("This file is missing from the file store. Ask marketing to upload this version again.");
    });

    async function fetchRange(range: string) {
      const response = await fetch(`${inject("baseUrl")}/files/${versionId}`, { headers: { Cookie: committee, Range: range } });
      return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
    }
  });

  describe("who sees what", () => {
    it("shows the material and its file to the target team, and 404 to another team", async () => {
      expect((await get(`/materials/${materialId}`, committee)).status).toBe(200);
      expect((await get(`/materials/${materialId}`, await signInAs("east.rep2@demo.test"))).status).toBe(200);
      const west = await signInAs("west.rep1@demo.test");
      for (const path of [`/materials/${materialId}`, `/files/${versionId}`, `/materials/${materialId}/compare`]) {
        const response = await get(path, west);
        expect(response.status, path).toBe(404);
      }
      const list = visibleText(await (await get("/materials", west)).text());
      expect(list).not.toContain("Q1 pricing sheet");
      expect((await get(`/files/${versionId}`)).status).toBe(302); // signed out: to the login page
      expect((await get("/files/999999", committee)).status).toBe(404);
    });

    it("lets only marketers upload, and only the target team's committee comment", async () => {
      const rep = await signInAs("east.rep1@demo.test");
      const refused = await upload("/materials/upload", { title: "x", kind: "collateral", teamIds: String(eastTeam) }, { name: "a.pdf", bytes: pdf }, rep);
      expect(refused.status).toBe(403);
      const before = await footprint(database);
      const comment = await post(`/materials/${materialId}`, { intent: "comment", versionId: String(versionId), body: "Hi", category: "other" }, rep);
      expect(comment.status).toBe(403);
      expect(await footprint(database)).toEqual(before);
    });
  });

  describe("bad uploads: a clear message, the right status, nothing stored", () => {
    const fields = () => ({ title: "Brochure", kind: "collateral", teamIds: String(eastTeam) });
    const cases: [string, () => Promise<[Record<string, string>, { name: string; bytes: Uint8Array } | null]>, number, string | RegExp][] = [
      ["a text file named .pdf", async () => [fields(), { name: "notes.pdf", bytes: Buffer.from("These are my notes, not a PDF.\n".repeat(40)) }], 415, "not a PDF, PNG image, JPEG image or WebP image"],
      ["an HTML file named .png", async () => [fields(), { name: "logo.png", bytes: Buffer.from("<!doctype html><script>alert(1)</script>".repeat(30)) }], 415, "not a PDF"],
      ["zero bytes", async () => [fields(), { name: "empty.pdf", bytes: new Uint8Array(0) }], 400, "The file is empty"],
      ["one byte over the limit", async () => [fields(), { name: "big.pdf", bytes: Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(max() + 1 - 9, 0x20)]) }], 413, "larger than the limit of 2 MB"],
      ["a truncated PDF", async () => [fields(), { name: "cut.pdf", bytes: pdf.subarray(0, Math.floor(pdf.length * 0.7)) }], 422, "This PDF is incomplete"],
      ["an encrypted PDF", async () => [fields(), { name: "secret.pdf", bytes: readFileSync(new URL("../fixtures/encrypted.pdf", import.meta.url)) }], 422, "This PDF asks for a password to open."],
      ["a file name with ../", async () => [fields(), { name: "../../etc/brochure.pdf", bytes: pdf }], 400, "may not contain /"],
      ["a file name of 300 characters", async () => [fields(), { name: `${"b".repeat(296)}.pdf`, bytes: pdf }], 400, "too long (300 characters; at most 255)"],
      ["a missing title", async () => [{ ...fields(), title: "  " }, { name: "ok.pdf", bytes: pdf }], 400, "Enter a title."],
      ["a team that does not exist", async () => [{ ...fields(), teamIds: "987654" }, { name: "ok.pdf", bytes: pdf }], 400, "does not exist"],
      ["no team at all", async () => [{ title: "Brochure", kind: "collateral" }, { name: "ok.pdf", bytes: pdf }], 400, "Choose at least one sales team."],
      ["an unknown kind", async () => [{ ...fields(), kind: "poster" }, { name: "ok.pdf", bytes: pdf }], 400, "Choose what kind of material this is."],
      ["no file", async () => [fields(), null], 400, "Choose a file"],
    ];

    it.each(cases)("%s", async (_label, build, status, message) => {
      const [formFields, file] = await build();
      const before = await footprint(database);
      const response = await upload("/materials/upload", formFields, file, marketer);
      expect(response.status).toBe(status);
      const body = await response.json();
      expect(body.ok).toBe(false);
      expect(Object.values(body.errors).join(" ")).toMatch(message);
      expect(await footprint(database)).toEqual(before);
      expect((await get("/healthz")).status).toBe(200);
    });

    it("accepts a file of exactly the limit (it is then checked as a PDF)", async () => {
      const before = await footprint(database);
      const bytes = Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(max() - 9, 0x20)]);
      const response = await upload("/materials/upload", fields(), { name: "exact.pdf", bytes }, marketer);
      expect(response.status).toBe(422); // not too large: it got as far as the structure check
      expect(await footprint(database)).toEqual(before);
    });
  });

  describe("comments: bad input is refused and changes nothing", () => {
    // Comments are taken in an open round: marketing submits the material first.
    beforeAll(async () => {
      expect((await post(`/materials/${materialId}`, { intent: "submit" }, marketer)).status).toBe(200);
    });
    const comment = (patch: Record<string, string>) => ({ intent: "comment", versionId: String(versionId), body: "The price on page 2 is last year's.", category: "pricing", page: "2", x: "0.5", y: "0.25", ...patch });
    const cases: [string, Record<string, string>, string][] = [
      ["a comment on page 0", { page: "0" }, "Pages are numbered from 1."],
      ["a comment beyond the last page", { page: "4" }, "Version 1 has 3 pages; there is no page 4."],
      ["x outside 0..1", { x: "1.5" }, "between 0 and 1"],
      ["y outside 0..1", { y: "-0.1" }, "between 0 and 1"],
      ["a comment of 20,000 characters", { body: "a".repeat(20_000) }, "A comment has at most 5,000 characters."],
      ["an empty comment", { body: "   " }, "Write the comment."],
      ["an unknown category", { category: "vibes" }, "Choose a category."],
      ["half a pin", { x: "" }, "A pin needs a page and a point on it"],
      ["a version of another material", { versionId: "999999" }, "We couldn't find that version."],
    ];
    it.each(cases)("%s", async (_label, patch, message) => {
      const before = await footprint(database);
      const response = await post(`/materials/${materialId}`, comment(patch), committee);
      expect(response.status).toBe(patch.versionId ? 404 : 400);
      expect(visibleText(await response.text())).toContain(message);
      expect(await footprint(database)).toEqual(before);
    });

    it("threads replies under a comment, from those taking part only", async () => {
      const created = await post(`/materials/${materialId}`, comment({ body: "Which price list is this?" }), committee);
      expect(created.status).toBe(200);
      const parent = await database.models.Comment.findOne({ where: { parentId: null }, order: [["id", "DESC"]] });
      const reply = await post(`/materials/${materialId}`, { intent: "reply", commentId: String(parent!.id), body: "The 2026 list, page 4." }, marketer);
      expect(reply.status).toBe(200);
      const stored = await database.models.Comment.findOne({ where: { parentId: parent!.id } });
      expect(stored).toMatchObject({ body: "The 2026 list, page 4.", state: null, category: null });

      const before = await footprint(database);
      const rep = await signInAs("east.rep2@demo.test");
      const refused = await post(`/materials/${materialId}`, { intent: "reply", commentId: String(parent!.id), body: "me too" }, rep);
      expect(refused.status).toBe(403);
      const empty = await post(`/materials/${materialId}`, { intent: "reply", commentId: String(parent!.id), body: " " }, committee);
      expect(empty.status).toBe(400);
      expect(await footprint(database)).toEqual(before);

      const page = visibleText(await (await get(`/materials/${materialId}`, committee)).text());
      expect(page).toMatch(/Mila Novak ?: The 2026 list, page 4\./);
    });

    it("refuses a decline without a reason, then keeps markup as plain text", async () => {
      const created = await post(`/materials/${materialId}`, comment({ body: `<img src=x onerror="alert('pin')"> Price is wrong` }), committee);
      expect(created.status).toBe(200);
      const row = await database.models.Comment.findOne({ order: [["id", "DESC"]] });
      expect(row!.body).toBe(`<img src=x onerror="alert('pin')"> Price is wrong`);

      const before = await footprint(database);
      const declined = await post(`/materials/${materialId}`, { intent: "answer", commentId: String(row!.id), answer: "decline", reason: "  " }, marketer);
      expect(declined.status).toBe(400);
      expect(visibleText(await declined.text())).toContain("Say why you are declining");
      expect(await footprint(database)).toEqual(before);

      const page = await (await get(`/materials/${materialId}`, marketer)).text();
      expect(page).not.toContain("<img src=x");
      expect(page).toContain("&lt;img src=x");
    });
  });
});
