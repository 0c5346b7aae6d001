import { execFile, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

/**
 * Files as real programs write them — LibreOffice, Ghostscript, qpdf, ImageMagick, cwebp —
 * made at test time into a folder, plus the damage that happens to such files in the wild
 * (a cross-reference a few bytes off, junk before the header, padding after the end, a cut).
 * `secondViewer` asks poppler (PDFs) or ImageMagick (images) whether it opens each one.
 */

const run = promisify(execFile);

/** The programs used, and the Debian package that brings each. */
export const TOOLS = [
  ["soffice", "libreoffice-impress libreoffice-writer"],
  ["gs", "ghostscript"],
  ["qpdf", "qpdf"],
  ["convert", "imagemagick"],
  ["identify", "imagemagick"],
  ["pdftoppm", "poppler-utils"],
  ["pdfinfo", "poppler-utils"],
  ["cwebp", "webp"],
] as const;

/** Fails, naming the apt package, when a program the corpus needs is not installed. */
export function requireTools() {
  const missing = TOOLS.filter(([command]) => spawnSync("sh", ["-c", `command -v ${command}`]).status !== 0);
  if (missing.length) {
    const packages = [...new Set(missing.map(([, pkg]) => pkg))].join(" ");
    throw new Error(`Missing ${missing.map(([c]) => c).join(", ")}: install them with \`apt-get install ${packages}\` (.ci/run does).`);
  }
}

export interface CorpusFile {
  name: string;
  file: string;
  /** Who made it, and how. */
  producer: string;
  /** Refused by a limit of the app's own, whatever any viewer does: the message that says so. */
  limit?: RegExp;
}

const DECK = `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.presentation">
 <office:body><office:presentation>
${["Q3 pricing for Enterprise East", "Three seats free with every annual plan", "Questions: your account team"]
  .map((line, i) => `  <draw:page draw:name="Slide ${i + 1}"><draw:frame svg:x="2cm" svg:y="2cm" svg:width="20cm" svg:height="3cm"><draw:text-box><text:p>${line}</text:p></draw:text-box></draw:frame></draw:page>`)
  .join("\n")}
 </office:presentation></office:body></office:document>
`;

const SHEET = `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:body><office:text>
  <text:h text:outline-level="1">Product sheet</text:h>
  <text:p>Collateral for the sales committee to preview before customers see it.</text:p>
  <text:p>Prices valid until the end of the quarter.</text:p>
 </office:text></office:body></office:document>
`;

/** Makes every file of the corpus under `dir`. LibreOffice runs twice (one call per export filter); the rest is quick. */
export async function buildCorpus(dir: string): Promise<CorpusFile[]> {
  requireTools();
  const at = (name: string) => path.join(dir, name);
  mkdirSync(at("lo"), { recursive: true });
  mkdirSync(at("pdfa"), { recursive: true });
  const files: CorpusFile[] = [];
  const add = (name: string, producer: string, extra: Partial<CorpusFile> = {}) => files.push({ name, file: at(name), producer, ...extra });

  const images = makeImages(dir, add);

  // LibreOffice: its own profile (one instance per profile at a time), both documents in one call.
  writeFileSync(at("deck.fodp"), DECK);
  writeFileSync(at("sheet.fodt"), SHEET);
  const profile = `-env:UserInstallation=file://${at("lo-profile")}`;
  await run("soffice", [profile, "--headless", "--convert-to", "pdf", "--outdir", at("lo"), at("deck.fodp"), at("sheet.fodt")], { timeout: 60_000 });
  await run("soffice", [profile, "--headless", "--convert-to", 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}', "--outdir", at("pdfa"), at("sheet.fodt")], { timeout: 60_000 });
  copyFileSync(at("lo/deck.pdf"), at("impress.pdf"));
  copyFileSync(at("lo/sheet.pdf"), at("writer.pdf"));
  copyFileSync(at("pdfa/sheet.pdf"), at("writer-pdfa.pdf"));
  add("impress.pdf", "LibreOffice Impress, Export as PDF");
  add("writer.pdf", "LibreOffice Writer, Export as PDF");
  add("writer-pdfa.pdf", "LibreOffice Writer, PDF/A-2b");

  const base = at("impress.pdf");
  const gs = (name: string, args: string[]) => run("gs", ["-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite", ...args, `-sOutputFile=${at(name)}`, base]);
  const qpdf = async (name: string, args: string[]) => {
    // qpdf exits 3 for warnings; the file is written all the same.
    await run("qpdf", [...args, base, at(name)]).catch((error: { code?: number }) => {
      if (error.code !== 3) throw error;
    });
  };
  const restricted = ["--print=none", "--modify=none", "--extract=n"];
  await Promise.all([
    gs("gs-pdfwrite.pdf", []),
    gs("gs-linearized.pdf", ["-dFastWebView=true"]),
    gs("gs-cmyk.pdf", ["-sColorConversionStrategy=CMYK", "-sProcessColorModel=DeviceCMYK"]),
    qpdf("qpdf-linearized.pdf", ["--linearize"]),
    qpdf("qpdf-object-streams.pdf", ["--object-streams=generate"]),
    qpdf("qpdf-pdf-2.0.pdf", ["--force-version=2.0"]),
    qpdf("qpdf-classic-xref.pdf", ["--object-streams=disable"]),
    qpdf("owner-aes256.pdf", ["--encrypt", "", "owner", "256", ...restricted, "--"]),
    qpdf("owner-aes128.pdf", ["--allow-weak-crypto", "--encrypt", "", "owner", "128", "--use-aes=y", ...restricted, "--"]),
    qpdf("owner-rc4-128.pdf", ["--allow-weak-crypto", "--encrypt", "", "owner", "128", "--use-aes=n", "--print=low", "--"]),
    qpdf("owner-rc4-40.pdf", ["--allow-weak-crypto", "--encrypt", "", "owner", "40", "--print=n", "--modify=n", "--extract=n", "--annotate=n", "--"]),
    qpdf("user-password-aes256.pdf", ["--encrypt", "user", "owner", "256", "--"]),
  ]);
  add("gs-pdfwrite.pdf", "Ghostscript pdfwrite");
  add("gs-linearized.pdf", "Ghostscript pdfwrite -dFastWebView (linearized)");
  add("gs-cmyk.pdf", "Ghostscript pdfwrite, converted to CMYK");
  add("qpdf-linearized.pdf", "qpdf --linearize");
  add("qpdf-object-streams.pdf", "qpdf --object-streams=generate");
  add("qpdf-pdf-2.0.pdf", "qpdf --force-version=2.0");
  add("owner-aes256.pdf", 'qpdf --encrypt "" owner 256, no printing, editing or copying');
  add("owner-aes128.pdf", 'qpdf --encrypt "" owner 128 (AES), no printing, editing or copying');
  add("owner-rc4-128.pdf", 'qpdf --encrypt "" owner 128 (RC4), low-resolution printing only');
  add("owner-rc4-40.pdf", 'qpdf --encrypt "" owner 40 (RC4), nothing allowed');
  add("user-password-aes256.pdf", "qpdf --encrypt user owner 256 (a password to open)");

  // An incremental update, as a program that "saves" appends one: a new Info object, a
  // cross-reference section for it pointing back to the first (/Prev), a new trailer.
  const classic = readFileSync(at("qpdf-classic-xref.pdf")).toString("latin1");
  const root = /\/Root (\d+ \d+ R)/.exec(classic)![1];
  const size = Number(/\/Size (\d+)/.exec(classic)![1]);
  const prev = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(classic)![1]);
  let update = classic + `${size} 0 obj\n<< /Title (Updated price list) /Producer (incremental save) >>\nendobj\n`;
  const objectAt = update.lastIndexOf(`${size} 0 obj`);
  const xrefAt = update.length;
  update += `xref\n${size} 1\n${String(objectAt).padStart(10, "0")} 00000 n \ntrailer\n<< /Size ${size + 1} /Root ${root} /Info ${size} 0 R /Prev ${prev} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  writeFileSync(at("incremental-update.pdf"), update, "latin1");
  add("incremental-update.pdf", "qpdf (classic xref) plus an appended incremental update");

  // Damage that viewers repair, and damage they cannot.
  const damaged = (name: string, producer: string, bytes: string | Buffer) => {
    const written = typeof bytes === "string" ? Buffer.from(bytes, "latin1") : bytes;
    if (written.equals(Buffer.from(classic, "latin1")) || written.equals(readFileSync(base))) throw new Error(`${name}: the damage was not applied (qpdf's output changed shape?)`);
    writeFileSync(at(name), written);
    add(name, producer);
  };
  damaged(
    "damaged-xref-offsets.pdf",
    "every xref offset 3 bytes off",
    classic.replace(/^(\d{10}) (\d{5}) n/gm, (_m, offset: string, gen: string) => `${String(Number(offset) + 3).padStart(10, "0")} ${gen} n`),
  );
  damaged("damaged-no-xref-keyword.pdf", "the 'xref' keyword removed", classic.replace(/\nxref\n/, "\n\n"));
  damaged("damaged-bytes-before-header.pdf", "200 bytes of junk before %PDF-", Buffer.concat([Buffer.from("Saved by a mail client. ".repeat(8).slice(0, 200)), Buffer.from(classic, "latin1")]));
  const original = readFileSync(base);
  damaged("padding-after-eof.pdf", "16 KB of zeros after %%EOF", Buffer.concat([original, Buffer.alloc(16 * 1024)]));
  damaged("cut-in-half.pdf", "the first half of the Impress export", original.subarray(0, Math.floor(original.length / 2)));

  await images;
  return files;
}

/** ImageMagick, Ghostscript and cwebp images, in the kinds phones and design tools make. */
async function makeImages(dir: string, add: (name: string, producer: string, extra?: Partial<CorpusFile>) => void) {
  const at = (name: string) => path.join(dir, name);
  const im = (args: string[]) => run("convert", args);
  await Promise.all([
    im(["-size", "800x600", "gradient:navy-orange", "-colorspace", "CMYK", "-quality", "90", at("cmyk.jpg")]),
    im(["-size", "800x600", "gradient:teal-white", "-interlace", "Plane", "-quality", "85", at("progressive.jpg")]),
    im(["-size", "800x600", "gradient:red-yellow", "-orient", "RightTop", at("exif-rotated.jpg")]),
    im(["-size", "640x480", "gradient:black-white", "-depth", "16", `png48:${at("deep-16bit.png")}`]),
    im(["-size", "640x480", "xc:none", "-fill", "#c03030", "-draw", "circle 320,240 320,60", `png32:${at("alpha.png")}`]),
    im(["-size", "800x600", "gradient:purple-pink", `png:${at("for-webp.png")}`]),
    // 13,000 × 12,000 (156 megapixels), written band by band, so it takes little memory to make.
    run("gs", ["-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pnggray", "-g13000x12000", `-sOutputFile=${at("over-pixel-limit.png")}`, "-c", "showpage"]),
  ]);
  await run("cwebp", ["-quiet", "-q", "80", at("for-webp.png"), "-o", at("cwebp.webp")]);
  add("cmyk.jpg", "ImageMagick, CMYK JPEG");
  add("progressive.jpg", "ImageMagick, progressive JPEG");
  add("exif-rotated.jpg", "ImageMagick, EXIF orientation 6 (rotated)");
  add("deep-16bit.png", "ImageMagick, 16-bit PNG");
  add("alpha.png", "ImageMagick, PNG with alpha");
  add("cwebp.webp", "cwebp");
  add("over-pixel-limit.png", "Ghostscript pnggray, 13,000 × 12,000", { limit: /is 13,000 × 12,000 pixels \(156 megapixels\); the limit is \d[\d,]* megapixels/ });

  // A phone's motion photo: the JPEG, then a video appended after its end marker.
  const photo = readFileSync(at("progressive.jpg"));
  const video = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from("ftypmp42\0\0\0\0isommp42"), Buffer.alloc(64 * 1024, 0x5a)]);
  writeFileSync(at("motion-photo.jpg"), Buffer.concat([photo, video]));
  add("motion-photo.jpg", "ImageMagick JPEG with a 64 KB video appended (motion photo)");
  writeFileSync(at("cut-short.jpg"), photo.subarray(0, Math.floor(photo.length * 0.7)));
  add("cut-short.jpg", "ImageMagick JPEG cut at 70%");
}

/** Whether the second viewer opens the file without a password: poppler for PDFs, ImageMagick for images. */
export async function secondViewer(file: string): Promise<boolean> {
  const ok = (promise: Promise<unknown>) => promise.then(
    () => true,
    () => false,
  );
  if (file.endsWith(".pdf")) {
    const outPrefix = `${file}.page`;
    return (await ok(run("pdfinfo", [file]))) && (await ok(run("pdftoppm", ["-f", "1", "-l", "1", "-r", "10", "-png", file, outPrefix])));
  }
  // -regard-warnings: a JPEG cut short decodes with a warning ("premature end"), which counts.
  return ok(run("identify", ["-regard-warnings", file]));
}

/** A PowerPoint deck and a Word document as LibreOffice saves them (for uploads that take office files). */
export async function makeOfficeDocuments(dir: string): Promise<{ pptx: string; docx: string }> {
  const at = (name: string) => path.join(dir, name);
  mkdirSync(at("office"), { recursive: true });
  writeFileSync(at("deck.fodp"), DECK);
  writeFileSync(at("sheet.fodt"), SHEET);
  const profile = `-env:UserInstallation=file://${at("lo-profile")}`;
  await run("soffice", [profile, "--headless", "--convert-to", "pptx", "--outdir", at("office"), at("deck.fodp")], { timeout: 60_000 });
  await run("soffice", [profile, "--headless", "--convert-to", "docx", "--outdir", at("office"), at("sheet.fodt")], { timeout: 60_000 });
  return { pptx: at("office/deck.pptx"), docx: at("office/sheet.docx") };
}
