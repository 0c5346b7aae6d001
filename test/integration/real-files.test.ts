import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "~/lib/errors";
import { stopPdfCheck, warmUpPdfCheck } from "~/lib/pdf-check.server";
import { restrictionSentence, type PdfRestriction } from "~/lib/pdf-restrictions";
import { DiskStorage } from "~/lib/storage.server";
import { receiveUpload } from "~/lib/http/receive-upload.server";
import { buildCorpus, secondViewer, type CorpusFile } from "../helpers/real-files";

/**
 * Files written by real programs (and damaged the ways real files are), each uploaded
 * through the app's own upload path, and each opened by a second viewer — poppler for PDFs,
 * ImageMagick for images. The app must accept exactly what that viewer opens without a
 * password, except where one of the app's own limits (the pixel count) refuses a file
 * whatever any viewer does.
 */

interface Verdict {
  ok: boolean;
  status?: number;
  message?: string;
  pageCount?: number;
  restrictions?: PdfRestriction[];
  ms: number;
}

describe("real files from real producers", () => {
  let dir: string;
  let corpus: CorpusFile[];
  let storage: DiskStorage;
  let buildMs = 0;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "cp-real-files-"));
    storage = new DiskStorage(path.join(dir, "store"));
    const started = performance.now();
    [corpus] = await Promise.all([buildCorpus(dir), warmUpPdfCheck()]);
    buildMs = performance.now() - started;
  }, 120_000);

  afterAll(async () => {
    await stopPdfCheck();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** What the app answers when the file is uploaded, through receiveUpload and a real disk store. */
  async function appVerdict(file: string): Promise<Verdict> {
    const form = new FormData();
    form.append("title", "Real file");
    form.append("file", new Blob([readFileSync(file)]), path.basename(file));
    const request = new Request("http://localhost/materials/upload", { method: "POST", body: form });
    const started = performance.now();
    try {
      const upload = await receiveUpload(request, { storage, maxBytes: 200 * 1024 * 1024, keyPrefix: "versions" });
      const ms = performance.now() - started;
      await upload.discard();
      return { ok: true, pageCount: upload.file!.pageCount, restrictions: upload.file!.restrictions, ms };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return { ok: false, status: error.status, message: Object.values(error.fields).join(" "), ms: performance.now() - started };
    }
  }

  it("accepts exactly what poppler or ImageMagick opens without a password, and says why it refuses the rest", async () => {
    const rows: { file: CorpusFile; app: Verdict; viewer: boolean }[] = [];
    for (const file of corpus) rows.push({ file, app: await appVerdict(file.file), viewer: await secondViewer(file.file) });

    const table = rows.map(({ file, app, viewer }) => {
      const said = app.ok ? `${app.pageCount} page${app.pageCount === 1 ? "" : "s"}${app.restrictions?.length ? `; ${restrictionSentence(app.restrictions)}` : ""}` : `${app.status}: ${app.message!.slice(0, 70)}…`;
      return `${file.name.padEnd(32)} ${(app.ok ? "accepted" : "refused").padEnd(9)} ${(viewer ? "opens" : "fails").padEnd(6)} ${String(Math.round(app.ms)).padStart(5)} ms  ${said}`;
    });
    console.log(
      [`Corpus made in ${(buildMs / 1000).toFixed(1)} s. file / app / second viewer / app's time / what the app said`, ...table].join("\n"),
    );

    for (const { file, app, viewer } of rows) {
      if (file.limit) {
        expect(app.ok, file.name).toBe(false);
        expect(app.message, file.name).toMatch(file.limit);
      } else {
        expect({ name: file.name, accepted: app.ok }).toEqual({ name: file.name, accepted: viewer });
      }
      if (!app.ok) {
        expect(app.status, file.name).toBe(422);
        expect(app.message, file.name).toMatch(/\. .*(upload|Upload)/); // what happened, then what to do
      }
    }
  });

  it("records what an owner password restricts, and takes every encryption that opens without a password", async () => {
    const verdict = async (name: string) => appVerdict(path.join(dir, name));
    const everything = ["print", "print-high-quality", "copy", "copy-for-accessibility", "modify", "annotate", "fill-forms", "assemble"];
    expect(await verdict("owner-aes256.pdf")).toMatchObject({ ok: true, pageCount: 3, restrictions: expect.arrayContaining(["print", "print-high-quality", "copy", "modify"]) });
    expect(await verdict("owner-aes128.pdf")).toMatchObject({ ok: true, pageCount: 3, restrictions: expect.arrayContaining(["print", "copy", "modify"]) });
    expect(await verdict("owner-rc4-40.pdf")).toMatchObject({ ok: true, pageCount: 3, restrictions: expect.arrayContaining(["print", "copy", "modify", "annotate"]) });
    const lowPrint = await verdict("owner-rc4-128.pdf");
    expect(lowPrint).toMatchObject({ ok: true, restrictions: expect.arrayContaining(["print-high-quality"]) });
    expect(lowPrint.restrictions).not.toContain("print");
    expect(restrictionSentence((await verdict("owner-aes256.pdf")).restrictions!)).toBe("Printing, copying and editing restricted by the author.");
    expect((await verdict("impress.pdf")).restrictions).toEqual([]);
    expect(everything).toEqual(expect.arrayContaining((await verdict("owner-rc4-40.pdf")).restrictions!));
  });

  it("refuses a PDF that asks for a password, a cut one and a cut image, each in its own words", async () => {
    const verdict = async (name: string) => appVerdict(path.join(dir, name));
    expect((await verdict("user-password-aes256.pdf")).message).toMatch(/^This PDF asks for a password to open\. Save or export a copy without the password/);
    expect((await verdict("cut-in-half.pdf")).message).toMatch(/^This PDF is incomplete: its end is missing/);
    expect((await verdict("cut-short.jpg")).message).toBe("This JPEG image is incomplete or damaged. Export it again and upload the new file.");
    expect(await verdict("motion-photo.jpg")).toMatchObject({ ok: true, pageCount: 1 });
  });
});
