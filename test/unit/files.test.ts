import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { imageLooksComplete, sniffType } from "~/lib/file-type";
import { inspectPdf } from "~/lib/pdf-inspect.server";
import { storedFileName } from "~/lib/file-type";
import { contentDisposition, parseRange } from "~/lib/range";
import { makePdf } from "../helpers/pdf";

const inMemory = (buf: Buffer) => ({ size: buf.length, read: async (offset: number, length: number) => buf.subarray(offset, offset + length) });
const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));

describe("file type from the first bytes", () => {
  const png = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");
  it.each([
    ["a PDF", Buffer.from("%PDF-1.7\n%âãÏÓ\n"), "application/pdf"],
    ["a PNG", png, "image/png"],
    ["a JPEG", Buffer.from("ffd8ffe000104a464946", "hex"), "image/jpeg"],
    ["a WebP", Buffer.concat([Buffer.from("RIFF"), Buffer.from([0x24, 0, 0, 0]), Buffer.from("WEBPVP8 ")]), "image/webp"],
    ["text that says PDF later", Buffer.from("hello\n".repeat(300) + "%PDF-1.4"), null],
    ["HTML", Buffer.from("<!doctype html><html><script>alert(1)</script>"), null],
    ["plain text", Buffer.from("just some notes"), null],
    ["nothing", Buffer.alloc(0), null],
  ])("%s → %s", (_label, head, type) => {
    expect(sniffType(head)).toBe(type);
  });

  it("checks an image's end", () => {
    const end = Buffer.from("0000000049454e44ae426082", "hex");
    expect(imageLooksComplete("image/png", Buffer.alloc(16), end, 100)).toBe(true);
    expect(imageLooksComplete("image/png", Buffer.alloc(16), Buffer.from("00000000", "hex"), 100)).toBe(false);
    expect(imageLooksComplete("image/jpeg", Buffer.alloc(16), Buffer.from("0011ffd9", "hex"), 100)).toBe(true);
    expect(imageLooksComplete("image/jpeg", Buffer.alloc(16), Buffer.from("0011ff00", "hex"), 100)).toBe(false);
    const webpHead = Buffer.concat([Buffer.from("RIFF"), Buffer.from([92, 0, 0, 0]), Buffer.from("WEBP")]);
    expect(imageLooksComplete("image/webp", webpHead, Buffer.alloc(4), 100)).toBe(true);
    expect(imageLooksComplete("image/webp", webpHead, Buffer.alloc(4), 60)).toBe(false);
  });
});

describe("PDF inspection", () => {
  it.each([
    ["with a cross-reference stream", { pages: 7 }, 7],
    ["with a classic xref table", { pages: 4, objectStreams: false }, 4],
    ["with one page", { pages: 1 }, 1],
  ])("counts the pages of a PDF %s", async (_label, options, pages) => {
    expect(await inspectPdf(inMemory(await makePdf(options)))).toEqual({ ok: true, pageCount: pages });
  });

  it("counts the pages of linearized PDFs written by qpdf", async () => {
    expect(await inspectPdf(inMemory(fixture("linearized.pdf")))).toEqual({ ok: true, pageCount: 5 });
    expect(await inspectPdf(inMemory(fixture("linearized-objstm.pdf")))).toEqual({ ok: true, pageCount: 4 });
  });

  it("refuses encrypted PDFs, with or without a password to open them", async () => {
    for (const name of ["encrypted.pdf", "encrypted-no-user-password.pdf"]) {
      const result = await inspectPdf(inMemory(fixture(name)));
      expect(result).toMatchObject({ ok: false, problem: "encrypted" });
      expect(!result.ok && result.message).toContain("password-protected");
    }
  });

  it("refuses a PDF cut short, at any length", async () => {
    const pdf = await makePdf({ pages: 3 });
    for (const keep of [20, 500, Math.floor(pdf.length / 2), pdf.length - 10]) {
      expect(await inspectPdf(inMemory(pdf.subarray(0, keep)))).toMatchObject({ ok: false, problem: "truncated" });
    }
  });

  it("refuses, quickly, an object stream whose /Length is an object inside that same stream", async () => {
    // Object 1 is an object stream holding object 2; its /Length is 2 0 R and the catalog is 2 0 R.
    const parts: Buffer[] = [Buffer.from("%PDF-1.7\n")];
    const at = () => parts.reduce((n, b) => n + b.length, 0);
    const objStm = at();
    parts.push(Buffer.from("1 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Length 2 0 R >>\nstream\n2 0 << /Type /Catalog >>\nendstream\nendobj\n"));
    const xrefAt = at();
    const row = (type: number, field2: number, field3: number) => Buffer.from([type, (field2 >> 24) & 255, (field2 >> 16) & 255, (field2 >> 8) & 255, field2 & 255, (field3 >> 8) & 255, field3 & 255]);
    const rows = Buffer.concat([row(0, 0, 65535), row(1, objStm, 0), row(2, 1, 0), row(1, xrefAt, 0)]);
    parts.push(Buffer.from(`3 0 obj\n<< /Type /XRef /Size 4 /W [1 4 2] /Root 2 0 R /Length ${rows.length} >>\nstream\n`), rows, Buffer.from("\nendstream\nendobj\n"));
    parts.push(Buffer.from(`startxref\n${xrefAt}\n%%EOF\n`));
    const started = Date.now();
    expect(await inspectPdf(inMemory(Buffer.concat(parts)))).toMatchObject({ ok: false, problem: "damaged" });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("refuses a PDF whose structure is garbage", async () => {
    const fake = Buffer.from("%PDF-1.7\n" + "garbage ".repeat(200) + "\nstartxref\n9\n%%EOF\n");
    expect(await inspectPdf(inMemory(fake))).toMatchObject({ ok: false, problem: "damaged" });
    const pdf = await makePdf({ pages: 2, objectStreams: false });
    const broken = Buffer.from(pdf.toString("latin1").replace("/Root", "/Rxxx"), "latin1");
    expect(await inspectPdf(inMemory(broken))).toMatchObject({ ok: false, problem: "damaged" });
  });

  it("reads only a small part of a large PDF", async () => {
    const pdf = await makePdf({ pages: 3, padBytes: 4 * 1024 * 1024 });
    let bytesRead = 0;
    const file = { size: pdf.length, read: async (o: number, l: number) => ((bytesRead += l), pdf.subarray(o, o + l)) };
    expect(await inspectPdf(file)).toEqual({ ok: true, pageCount: 3 });
    expect(bytesRead).toBeLessThan(256 * 1024);
  });
});

describe("HTTP ranges", () => {
  it.each([
    [null, { kind: "full" }],
    ["bytes=0-99", { kind: "partial", start: 0, end: 99 }],
    ["bytes=900-", { kind: "partial", start: 900, end: 999 }],
    ["bytes=-100", { kind: "partial", start: 900, end: 999 }],
    ["bytes=-5000", { kind: "partial", start: 0, end: 999 }],
    ["bytes=990-5000", { kind: "partial", start: 990, end: 999 }],
    ["bytes=1000-", { kind: "unsatisfiable" }],
    ["bytes=50-10", { kind: "unsatisfiable" }],
    ["bytes=-0", { kind: "unsatisfiable" }],
    ["bytes=0-1,5-9", { kind: "full" }],
    ["items=0-1", { kind: "full" }],
  ])("%s of 1000 bytes → %o", (header, answer) => {
    expect(parseRange(header, 1000)).toEqual(answer);
  });

  it("writes a Content-Disposition that cannot be broken by the name", () => {
    expect(contentDisposition('a"b\r\nX-Evil: 1.pdf', "inline")).toBe(
      `inline; filename="a_b__X-Evil_ 1.pdf"; filename*=UTF-8''a%22b%0D%0AX-Evil%3A%201.pdf`,
    );
    expect(contentDisposition("Broschüre 2027.pdf", "attachment")).toContain("filename*=UTF-8''Brosch%C3%BCre%202027.pdf");
    // A long name keeps its extension in the short ASCII fallback.
    expect(contentDisposition(`${"n".repeat(250)}.pdf`, "inline")).toMatch(new RegExp(`^inline; filename="n{146}\\.pdf"; `));
  });

  it.each([
    ["brochure.pdf", "application/pdf", "brochure.pdf"],
    ["Brochure.PDF", "application/pdf", "Brochure.PDF"],
    ["x.html", "application/pdf", "x.html.pdf"],
    ["logo.pdf", "image/png", "logo.pdf.png"],
    ["photo.jpeg", "image/jpeg", "photo.jpeg"],
    ["photo", "image/webp", "photo.webp"],
    ["offer\u202Efdp.exe", "application/pdf", "offerfdp.exe.pdf"],
    ["\u2067deck\u2069.pdf", "application/pdf", "deck.pdf"],
  ] as const)("keeps %j, found to be %s, as %j", (name, type, expected) => {
    expect(storedFileName(name, type)).toBe(expected);
  });

  it("shortens a 255-character name to fit once its extension is added", () => {
    const stored = storedFileName(`${"é".repeat(255)}`, "application/pdf");
    expect(Array.from(stored)).toHaveLength(255);
    expect(stored.endsWith("é.pdf")).toBe(true);
  });
});
