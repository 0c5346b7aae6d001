import { readFileSync } from "node:fs";
import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { afterAll, beforeAll } from "vitest";
import { sniffType, storedFileName } from "~/lib/file-type";
import { ImageEndWatcher, imageDimensions } from "~/lib/image-check";
import { inspectPdf, pdfCheckLoad, stopPdfCheck, warmUpPdfCheck } from "~/lib/pdf-check.server";
import { restrictionSentence } from "~/lib/pdf-restrictions";
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

});

describe("an image's end, watched as it streams", () => {
  const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");
  // A JPEG's skeleton: SOI, an APP1 segment holding a thumbnail's own SOI…EOI, SOF0, SOS, entropy-coded
  // data with a stuffed 0xFF00 and a restart marker, then EOI.
  const jpeg = Buffer.from("ffd8" + "ffe1000affd8ffd900000000" + "ffc0000b080001000101011100" + "ffda0008010100003f00" + "12ff0034ffd056" + "ffd9", "hex");
  const complete = (type: "image/png" | "image/jpeg" | "image/webp", bytes: Buffer, chunk = 3) => {
    const watcher = new ImageEndWatcher(type);
    for (let i = 0; i < bytes.length; i += chunk) watcher.push(bytes.subarray(i, i + chunk));
    return watcher.complete;
  };

  it("sees a PNG's IEND chunk, in whatever pieces the bytes arrive", () => {
    for (const chunk of [1, 3, 7, 1000]) expect(complete("image/png", png, chunk)).toBe(true);
    expect(complete("image/png", png.subarray(0, png.length - 2))).toBe(false);
    expect(complete("image/png", png.subarray(0, 40))).toBe(false);
  });

  it("accepts data after a PNG's end", () => {
    expect(complete("image/png", Buffer.concat([png, Buffer.from("appended by some tool")]))).toBe(true);
  });

  it("walks a JPEG's segments and scans to its end marker, skipping an embedded thumbnail's", () => {
    expect(complete("image/jpeg", jpeg, 1)).toBe(true);
    expect(complete("image/jpeg", jpeg.subarray(0, jpeg.length - 2), 1)).toBe(false);
    // Cut inside the APP1 segment, after the thumbnail's end marker: still incomplete.
    expect(complete("image/jpeg", jpeg.subarray(0, 12), 1)).toBe(false);
  });

  it("accepts a motion photo: a video appended after the JPEG's end", () => {
    expect(complete("image/jpeg", Buffer.concat([jpeg, Buffer.from("....ftypmp42"), Buffer.alloc(5000, 0xff)]))).toBe(true);
  });

  it("checks a WebP's RIFF length", () => {
    const webp = Buffer.concat([Buffer.from("RIFF"), Buffer.from([92, 0, 0, 0]), Buffer.from("WEBP"), Buffer.alloc(88)]);
    expect(complete("image/webp", webp)).toBe(true);
    expect(complete("image/webp", Buffer.concat([webp, Buffer.alloc(10)]))).toBe(true);
    expect(complete("image/webp", webp.subarray(0, 60))).toBe(false);
  });

  it("reads an image's size from its header", () => {
    expect(imageDimensions(png)).toEqual({ width: 1, height: 1 });
    expect(imageDimensions(Buffer.from("not an image"))).toBeNull();
  });
});

describe("PDF inspection with pdf.js", () => {
  beforeAll(() => warmUpPdfCheck());
  afterAll(() => stopPdfCheck());

  it.each([
    ["with a cross-reference stream", { pages: 7 }, 7],
    ["with a classic xref table", { pages: 4, objectStreams: false }, 4],
    ["with one page", { pages: 1 }, 1],
  ])("counts the pages of a PDF %s", async (_label, options, pages) => {
    expect(await inspectPdf(inMemory(await makePdf(options)))).toEqual({ ok: true, pageCount: pages, restrictions: [] });
  });

  it("opens a burst of PDFs a few at a time, not one thread per file, and answers every one", async () => {
    const bytes = await makePdf({ pages: 3 });
    const load = pdfCheckLoad();
    const checks = Array.from({ length: load.limit + 4 }, () => inspectPdf(inMemory(bytes)));
    const seen = pdfCheckLoad();
    expect(seen.running).toBe(load.limit);
    expect(seen.waiting).toBe(4);
    for (const result of await Promise.all(checks)) expect(result).toEqual({ ok: true, pageCount: 3, restrictions: [] });
    expect(pdfCheckLoad()).toMatchObject({ running: 0, waiting: 0 });
  });

  it("counts the pages of linearized PDFs written by qpdf", async () => {
    expect(await inspectPdf(inMemory(fixture("linearized.pdf")))).toMatchObject({ ok: true, pageCount: 5 });
    expect(await inspectPdf(inMemory(fixture("linearized-objstm.pdf")))).toMatchObject({ ok: true, pageCount: 4 });
  });

  it("refuses a PDF that asks for a password to open, saying so", async () => {
    const result = await inspectPdf(inMemory(fixture("encrypted.pdf")));
    expect(result).toMatchObject({ ok: false, problem: "password" });
    expect(!result.ok && result.message).toContain("This PDF asks for a password to open.");
  });

  it("accepts an encrypted PDF that opens without a password", async () => {
    expect(await inspectPdf(inMemory(fixture("encrypted-no-user-password.pdf")))).toEqual({ ok: true, pageCount: 5, restrictions: [] });
  });

  it("refuses a PDF cut short, at any length, as incomplete", async () => {
    const pdf = await makePdf({ pages: 3 });
    for (const keep of [20, 500, Math.floor(pdf.length / 2), pdf.length - 10]) {
      expect(await inspectPdf(inMemory(pdf.subarray(0, keep)))).toMatchObject({ ok: false, problem: "truncated" });
    }
  });

  it("accepts a complete PDF with padding after %%EOF", async () => {
    const pdf = await makePdf({ pages: 2 });
    expect(await inspectPdf(inMemory(Buffer.concat([pdf, Buffer.alloc(8192, 0x20)])))).toMatchObject({ ok: true, pageCount: 2 });
  });

  it("refuses a PDF whose structure is garbage, as damaged", async () => {
    const fake = Buffer.from("%PDF-1.7\n" + "garbage ".repeat(200) + "\nstartxref\n9\n%%EOF\n");
    expect(await inspectPdf(inMemory(fake))).toMatchObject({ ok: false, problem: "damaged" });
    expect(await inspectPdf(inMemory(fake))).toMatchObject({ message: expect.stringContaining("This PDF is damaged") });
  });

  it("reads only a small part of a large PDF", async () => {
    const pdf = await makePdf({ pages: 3, padBytes: 4 * 1024 * 1024 });
    let bytesRead = 0;
    const file = { size: pdf.length, read: async (o: number, l: number) => ((bytesRead += l), pdf.subarray(o, o + l)) };
    expect(await inspectPdf(file)).toMatchObject({ ok: true, pageCount: 3 });
    expect(bytesRead).toBeLessThan(256 * 1024);
  });

  it("stops a PDF past the time limit, and checks the next one with a fresh thread", async () => {
    // A cross-reference stream that lists the same 100,000 entries again and again: seconds of work, little memory.
    let head = "%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>\nendobj\n";
    const xrefAt = head.length;
    head += `4 0 obj\n<< /Type /XRef /Size 100000 /W [0 0 0] /Index [${"0 100000 ".repeat(5000)}] /Root 1 0 R /Length 0 >>\nstream\n\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`;
    const started = Date.now();
    const result = await inspectPdf(inMemory(Buffer.from(head, "latin1")), { timeoutMs: 300, memoryMb: 512 });
    expect(result).toMatchObject({ ok: false, problem: "too-slow", message: expect.stringContaining("took longer than 0.3 seconds") });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await inspectPdf(inMemory(await makePdf({ pages: 2 })))).toMatchObject({ ok: true, pageCount: 2 });
  });

  it("stops a PDF that needs more memory than the thread may use", async () => {
    // Three million cross-reference entries: pdf.js keeps an object for each.
    let head = "%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>\nendobj\n";
    const xrefAt = head.length;
    const entries = 3_000_000;
    const rows = Buffer.alloc(entries * 7); // all free entries
    const data = deflateSync(rows);
    head += `4 0 obj\n<< /Type /XRef /Size ${entries} /W [1 4 2] /Root 1 0 R /Filter /FlateDecode /Length ${data.length} >>\nstream\n`;
    const pdf = Buffer.concat([Buffer.from(head, "latin1"), data, Buffer.from(`\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`, "latin1")]);
    const result = await inspectPdf(inMemory(pdf), { timeoutMs: 20_000, memoryMb: 64 });
    expect(result).toMatchObject({ ok: false, problem: "too-large", message: expect.stringContaining("needs more than 64 MB of memory") });
    expect(await inspectPdf(inMemory(await makePdf({ pages: 1 })))).toMatchObject({ ok: true, pageCount: 1 });
  });

  it("rejects, rather than calling the file damaged, when the store fails to read it", async () => {
    const pdf = await makePdf({ pages: 1 });
    const failing = { size: pdf.length, read: async () => Promise.reject(new Error("store down")) };
    await expect(inspectPdf(failing)).rejects.toThrow("store down");
    expect(await inspectPdf(inMemory(pdf))).toMatchObject({ ok: true, pageCount: 1 });
  });
});

describe("what a PDF's author restricted, in words", () => {
  it.each([
    [[], null],
    [["print", "print-high-quality", "copy", "copy-for-accessibility"], "Printing and copying restricted by the author."],
    [["print", "print-high-quality", "copy", "modify", "annotate", "assemble"], "Printing, copying and editing restricted by the author."],
    [["print-high-quality"], "High-quality printing restricted by the author."],
    [["modify", "fill-forms"], "Editing restricted by the author."],
  ] as const)("%j → %j", (restrictions, sentence) => {
    expect(restrictionSentence(restrictions)).toBe(sentence);
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
