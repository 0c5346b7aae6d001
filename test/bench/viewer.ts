/**
 * Viewer benchmark: how long the material page takes from navigation to its first page
 * painted, next to bare pdf.js (the same pdfjs-dist build files, the same Chromium, the same
 * file served with Range support by a small static server, no app) drawing page 1 at the
 * same CSS width. Three files made at bench time by real producers: a LibreOffice Impress
 * deck (~50 KB), a 14-page LibreOffice Writer paper (~1 MB) and a print PDF of eight
 * 3000×2000 JPEG photos (~50 MB; ImageMagick photos, Ghostscript PDF, qpdf linearized).
 *
 *   npm run bench:viewer
 *   BENCH_VIEWER_RUNS=3 npm run bench:viewer
 *   BENCH_VIEWER_TRACE=1 npm run bench:viewer   (also prints each run's resource timeline)
 *
 * Each measurement runs BENCH_VIEWER_RUNS times (5 by default) in a fresh browser context
 * with the cache off; the table shows medians. "First page painted" in the app is its
 * contract with the viewer: `[data-testid="page-1"]` has `aria-busy="false"` and holds a
 * canvas. Bytes are the response bodies of the file's requests that Chromium had received
 * by that moment (its network events); the static server's own count for the bare page is
 * printed per run beside them.
 *
 * Targets: app ≤ 1.5 × bare; for the 50 MB file, ≤ 15 % of the file fetched before page 1.
 */
import { execFile } from "node:child_process";
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { chromium, type Browser } from "playwright-core";
import { parseRange } from "~/lib/range";
import { startServer } from "../helpers/server";

const RUNS = Math.max(1, Math.min(20, Number(process.env.BENCH_VIEWER_RUNS ?? 5)));
/** Upper bound of one measurement, navigation to painted; a slower one fails the bench. */
const MEASURE_TIMEOUT_MS = 90_000;
/** Upper bound of each producer's run. */
const TOOL_TIMEOUT_MS = 180_000;
const VIEWPORT = { width: 1366, height: 900 };
const MB = 1024 * 1024;
const PRINT_PAGES = 8;
const PDFJS_BUILD = path.resolve("node_modules/pdfjs-dist/build");

const run = promisify(execFile);
const tool = (command: string, args: string[], cwd: string) => run(command, args, { cwd, timeout: TOOL_TIMEOUT_MS, maxBuffer: 16 * MB });

// --- The three files ------------------------------------------------------------------

const ODF_NAMESPACES = [
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"',
  'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"',
  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"',
  'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"',
  'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"',
  'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"',
  'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0"',
  'xmlns:xlink="http://www.w3.org/1999/xlink"',
].join(" ");

const SENTENCES = [
  "Enterprise buyers compare the total cost over three years, not the list price of the first.",
  "The committee checks that every promise in the text is one the product keeps today.",
  "Regional teams adapt the opening paragraph; the figures and the terms stay as approved.",
  "A customer who reads this page should know what to ask for and whom to call next.",
  "Discounts above the published bands need the sales manager's written agreement first.",
  "Where the roadmap is mentioned, the date is a quarter and says it may move.",
];
const paragraph = (seed: number, count: number) => Array.from({ length: count }, (_, i) => SENTENCES[(seed + i) % SENTENCES.length]).join(" ");

/** A LibreOffice Impress deck of 10 slides (title, bullets, a shape), exported to PDF. */
async function makeDeck(dir: string, lo: string[]) {
  const slides = Array.from({ length: 10 }, (_, i) => {
    const n = i + 1;
    return `<draw:page draw:name="Slide ${n}" draw:master-page-name="Default">
      <draw:frame presentation:class="title" svg:x="1.5cm" svg:y="0.8cm" svg:width="25cm" svg:height="2.6cm"><draw:text-box><text:p text:style-name="title">${n}. Spring campaign: ${["pricing", "audience", "messages", "proof points"][i % 4]}</text:p></draw:text-box></draw:frame>
      <draw:frame svg:x="1.5cm" svg:y="4cm" svg:width="15cm" svg:height="10cm"><draw:text-box>
        <text:p>• <text:span text:style-name="bold">Who:</text:span> ${SENTENCES[i % SENTENCES.length]}</text:p>
        <text:p>• <text:span text:style-name="italic">What changes:</text:span> ${SENTENCES[(i + 1) % SENTENCES.length]}</text:p>
        <text:p>• ${SENTENCES[(i + 2) % SENTENCES.length]}</text:p>
      </draw:text-box></draw:frame>
      <draw:custom-shape draw:style-name="box" svg:x="17.5cm" svg:y="4cm" svg:width="9cm" svg:height="${4 + (i % 5)}cm"><draw:enhanced-geometry draw:type="round-rectangle"/></draw:custom-shape>
    </draw:page>`;
  }).join("\n");
  const document = `<?xml version="1.0" encoding="UTF-8"?>
<office:document ${ODF_NAMESPACES} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.presentation">
<office:automatic-styles>
  <style:page-layout style:name="PM1"><style:page-layout-properties fo:page-width="28cm" fo:page-height="15.75cm" style:print-orientation="landscape"/></style:page-layout>
  <style:style style:name="box" style:family="graphic"><style:graphic-properties draw:fill="gradient" draw:fill-gradient-name="blue"/></style:style>
  <style:style style:name="title" style:family="paragraph"><style:text-properties fo:font-size="30pt" fo:font-family="DejaVu Serif"/></style:style>
  <style:style style:name="bold" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
  <style:style style:name="italic" style:family="text"><style:text-properties fo:font-style="italic"/></style:style>
</office:automatic-styles>
<office:styles><draw:gradient draw:name="blue" draw:style="linear" draw:start-color="#2456c8" draw:end-color="#9fb8f0" draw:angle="300"/></office:styles>
<office:master-styles><style:master-page style:name="Default" style:page-layout-name="PM1"/></office:master-styles>
<office:body><office:presentation>${slides}</office:presentation></office:body></office:document>`;
  writeFileSync(path.join(dir, "deck.fodp"), document);
  await tool("soffice", [...lo, "--convert-to", "pdf", "--outdir", dir, path.join(dir, "deck.fodp")], dir);
  return path.join(dir, "deck.pdf");
}

/** A 14-page LibreOffice Writer paper: headings, body text and photo figures, exported to PDF. */
async function makePaper(dir: string, lo: string[]) {
  const figures: string[] = [];
  for (let i = 0; i < 7; i++) {
    const file = path.join(dir, `figure${i}.jpg`);
    await tool("convert", ["-size", "960x600", `plasma:${["steelblue-wheat", "seagreen-khaki", "tomato-gold", "slateblue-pink"][i % 4]}`, "-seed", String(i + 1), "-attenuate", "0.35", "+noise", "Gaussian", "-quality", "88", file], dir);
    figures.push(readFileSync(file).toString("base64"));
  }
  const pages = Array.from({ length: 14 }, (_, i) => {
    const figure =
      i % 2 === 0
        ? `<text:p text:style-name="body"><draw:frame draw:name="Figure ${i / 2 + 1}" text:anchor-type="as-char" svg:width="15cm" svg:height="9.4cm"><draw:image><office:binary-data>${figures[i / 2]}</office:binary-data></draw:image></draw:frame></text:p><text:p text:style-name="caption">Figure ${i / 2 + 1}: how the campaign reads in region ${i + 1}.</text:p>`
        : "";
    return `<text:h text:style-name="${i === 0 ? "h1" : "h1break"}" text:outline-level="1">${i + 1}. ${["Background", "Method", "Findings", "Discussion"][i % 4]} for region ${i + 1}</text:h>
      ${figure}
      ${Array.from({ length: i % 2 === 0 ? 2 : 6 }, (_, p) => `<text:p text:style-name="body">${paragraph(i + p, 6)}</text:p>`).join("")}`;
  }).join("\n");
  const document = `<?xml version="1.0" encoding="UTF-8"?>
<office:document ${ODF_NAMESPACES} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:automatic-styles>
  <style:style style:name="h1" style:family="paragraph"><style:paragraph-properties fo:margin-bottom="0.4cm"/><style:text-properties fo:font-size="18pt" fo:font-weight="bold"/></style:style>
  <style:style style:name="h1break" style:family="paragraph" style:parent-style-name="h1"><style:paragraph-properties fo:break-before="page" fo:margin-bottom="0.4cm"/><style:text-properties fo:font-size="18pt" fo:font-weight="bold"/></style:style>
  <style:style style:name="body" style:family="paragraph"><style:paragraph-properties fo:margin-bottom="0.3cm" fo:text-align="justify"/><style:text-properties fo:font-size="11pt" fo:font-family="DejaVu Serif"/></style:style>
  <style:style style:name="caption" style:family="paragraph"><style:text-properties fo:font-size="9pt" fo:font-style="italic"/></style:style>
</office:automatic-styles>
<office:body><office:text>${pages}</office:text></office:body></office:document>`;
  writeFileSync(path.join(dir, "paper.fodt"), document);
  await tool("soffice", [...lo, "--convert-to", "pdf", "--outdir", dir, path.join(dir, "paper.fodt")], dir);
  return path.join(dir, "paper.pdf");
}

/** Eight 3000×2000 photos (plasma with grain) as a print PDF, one per page, linearized. */
async function makePrint(dir: string) {
  const photos: string[] = [];
  for (let i = 0; i < PRINT_PAGES; i++) {
    const file = path.join(dir, `photo${i}.jpg`);
    // Drawn small and enlarged: a 3000×2000 plasma takes ImageMagick far longer; the grain makes it photo-sized.
    await tool("convert", ["-size", "750x500", "-seed", String(100 + i), "plasma:fractal", "-resize", "3000x2000!", "-attenuate", "1.1", "+noise", "Gaussian", "-quality", "92", file], dir);
    photos.push(file);
  }
  // Ghostscript's viewjpeg.ps (found on its library path) places each JPEG on its page as it
  // is: the DCT data passes through, not decoded and re-encoded.
  const program = photos.map((p) => `(${p}) << /PageSize [720 480] >> setpagedevice viewJPEG showpage`).join(" ");
  const raw = path.join(dir, "print-raw.pdf");
  await tool("gs", ["-q", "-dNOSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pdfwrite", "-dPassThroughJPEGImages=true", `-sOutputFile=${raw}`, "viewjpeg.ps", "-c", program], dir);
  const linearized = path.join(dir, "print.pdf");
  await tool("qpdf", ["--linearize", raw, linearized], dir);
  return linearized;
}

// --- The bare pdf.js page and its static server -------------------------------------------

/** pdf.js as the app loads it: no eval, no automatic download of the whole file, 64 KB ranges. */
const BARE_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>bare pdf.js</title>
<style>body { margin: 0; } canvas { display: block; }</style></head><body>
<script type="module">
import * as pdfjs from "/pdfjs/pdf.min.mjs";
pdfjs.GlobalWorkerOptions.workerSrc = "/pdfjs/pdf.worker.min.mjs";
const params = new URL(location.href).searchParams;
const width = Number(params.get("width"));
const doc = await pdfjs.getDocument({ url: "/files/" + params.get("file"), isEvalSupported: false, disableAutoFetch: true, disableStream: true, rangeChunkSize: 65536 }).promise;
const page = await doc.getPage(1);
const viewport = page.getViewport({ scale: width / page.getViewport({ scale: 1 }).width });
const ratio = window.devicePixelRatio || 1;
const canvas = document.createElement("canvas");
canvas.width = Math.floor(viewport.width * ratio);
canvas.height = Math.floor(viewport.height * ratio);
canvas.style.width = width + "px";
document.body.append(canvas);
await page.render({ canvas, canvasContext: canvas.getContext("2d"), viewport, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0] }).promise;
window.__painted = performance.now();
window.__benchPainted?.();
</script></body></html>`;

interface StaticServer {
  url: string;
  server: Server;
  /** Response body bytes sent for each file since the last reset. */
  sent: Map<string, number>;
}

/** Serves the bare page, the pdfjs-dist build files and the PDFs (with Range), counting the PDF bytes it sends. */
async function startStatic(files: Record<string, string>): Promise<StaticServer> {
  const sent = new Map<string, number>();
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    response.setHeader("Cache-Control", "no-store");
    if (url.pathname === "/bare.html") {
      response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      return response.end(BARE_PAGE);
    }
    const script = /^\/pdfjs\/(pdf\.min\.mjs|pdf\.worker\.min\.mjs)$/.exec(url.pathname);
    if (script) {
      response.writeHead(200, { "Content-Type": "text/javascript" });
      return createReadStream(path.join(PDFJS_BUILD, script[1])).pipe(response);
    }
    const name = /^\/files\/([a-z]+\.pdf)$/.exec(url.pathname)?.[1];
    const file = name ? files[name] : undefined;
    if (!name || !file) {
      response.writeHead(404);
      return response.end();
    }
    const size = statSync(file).size;
    const range = parseRange(request.headers.range ?? null, size);
    if (range.kind === "unsatisfiable") {
      response.writeHead(416, { "Content-Range": `bytes */${size}` });
      return response.end();
    }
    const [start, end] = range.kind === "partial" ? [range.start, range.end] : [0, size - 1];
    response.writeHead(range.kind === "partial" ? 206 : 200, {
      "Content-Type": "application/pdf",
      "Accept-Ranges": "bytes",
      "Content-Length": String(end - start + 1),
      ...(range.kind === "partial" ? { "Content-Range": `bytes ${start}-${end}/${size}` } : {}),
    });
    if (request.method === "HEAD") return response.end();
    const stream = createReadStream(file, { start, end });
    stream.on("data", (chunk) => sent.set(name, (sent.get(name) ?? 0) + chunk.length));
    stream.pipe(response);
    response.on("close", () => stream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, sent };
}

// --- One measurement ------------------------------------------------------------------

/** Marks the moment the app's page 1 is painted, per the viewer's contract. */
const APP_WATCH = `(() => {
  const painted = () => {
    const surface = document.querySelector('[data-testid="page-1"]');
    if (!surface || surface.getAttribute("aria-busy") !== "false" || !surface.querySelector("canvas")) return;
    observer.disconnect();
    window.__painted = performance.now();
    window.__benchPainted?.();
  };
  const observer = new MutationObserver(painted);
  observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["aria-busy"] });
})();`;

interface Sample {
  ms: number;
  /** Response body bytes of the file's requests received before page 1 was painted. */
  bytes: number;
  /** CSS width of page 1's canvas. */
  width: number;
}

async function measure(browser: Browser, options: { url: string; filePath: RegExp; cookie?: { name: string; value: string; origin: string }; watch?: string }): Promise<Sample> {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  try {
    if (options.cookie) {
      const { name, value, origin } = options.cookie;
      const secure = name.startsWith("__Host-");
      // Chromium sends a Secure cookie to http://127.0.0.1 (a trustworthy origin), but sets one only for an https URL.
      await context.addCookies([{ name, value, url: secure ? origin.replace(/^http:/, "https:") : origin, httpOnly: true, secure, sameSite: "Lax" }]);
    }
    let received = 0;
    let atPaint: number | null = null;
    await context.exposeBinding("__benchPainted", () => {
      atPaint ??= received;
    });
    if (options.watch) await context.addInitScript(options.watch);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    const fileRequests = new Set<string>();
    cdp.on("Network.requestWillBeSent", (event) => {
      if (options.filePath.test(new URL(event.request.url).pathname)) fileRequests.add(event.requestId);
    });
    cdp.on("Network.dataReceived", (event) => {
      if (fileRequests.has(event.requestId)) received += event.dataLength;
    });
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(options.url, { waitUntil: "commit", timeout: MEASURE_TIMEOUT_MS });
    await page
      .waitForFunction(() => (window as unknown as { __painted?: number }).__painted !== undefined, null, { timeout: MEASURE_TIMEOUT_MS, polling: 50 })
      .catch((error) => {
        throw new Error(`Page 1 was not painted within ${MEASURE_TIMEOUT_MS / 1000} s at ${options.url}${errors.length ? `: ${errors.join("; ")}` : ""}`, { cause: error });
      });
    const ms = await page.evaluate(() => (window as unknown as { __painted: number }).__painted);
    if (process.env.BENCH_VIEWER_TRACE === "1") console.log(await page.evaluate(() => { const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming; return [`doc ttfb ${nav.responseStart.toFixed(0)} end ${nav.responseEnd.toFixed(0)} dcl ${nav.domContentLoadedEventEnd.toFixed(0)}`, ...performance.getEntriesByType("resource").map((e) => `${(e as PerformanceResourceTiming).startTime.toFixed(0)}-${(e as PerformanceResourceTiming).responseEnd.toFixed(0)} ${e.name.replace(location.origin, "")}`), ...performance.getEntriesByType("mark").map((m) => `mark ${m.name} ${m.startTime.toFixed(0)}`)].join("\n"); }));
    const width = await page.evaluate(() => {
      const canvas = document.querySelector('[data-testid="page-1"] canvas') ?? document.querySelector("canvas");
      return canvas ? Math.round(canvas.getBoundingClientRect().width) : 0;
    });
    return { ms, bytes: atPaint ?? received, width };
  } finally {
    await context.close();
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const size = (bytes: number) => (bytes >= MB ? `${(bytes / MB).toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`);

// --- The run --------------------------------------------------------------------------

async function signIn(base: string) {
  const response = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email: "marketer1@demo.test", password: "preview-demo" }),
  });
  const cookie = response.headers.get("set-cookie")?.split(";")[0];
  if (response.status !== 302 || !cookie) throw new Error(`Sign-in failed (${response.status})`);
  const [name, ...value] = cookie.split("=");
  return { header: cookie, name, value: value.join("=") };
}

async function uploadMaterial(base: string, cookie: string, title: string, file: string) {
  const form = new FormData();
  form.append("title", title);
  form.append("kind", "collateral");
  form.append("description", "");
  form.append("teamIds", "1");
  form.append("file", new Blob([readFileSync(file)], { type: "application/pdf" }), path.basename(file));
  const response = await fetch(`${base}/materials/upload`, { method: "POST", headers: { Origin: base, Cookie: cookie, Accept: "application/json" }, body: form });
  if (response.status !== 201) throw new Error(`Upload of ${title} failed (${response.status}): ${await response.text()}`);
  return Number((await response.json()).url.split("/").pop());
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "cp-bench-viewer-"));
  // A profile of its own: LibreOffice refuses to start on a profile another instance holds.
  const lo = [`-env:UserInstallation=file://${path.join(dir, "lo-profile")}`, "--headless"];
  let app: Awaited<ReturnType<typeof startServer>> | undefined;
  let bare: StaticServer | undefined;
  let browser: Browser | undefined;
  try {
    const started = Date.now();
    const files = { "deck.pdf": await makeDeck(dir, lo), "paper.pdf": await makePaper(dir, lo), "print.pdf": await makePrint(dir) };
    console.log(`Made the three files in ${((Date.now() - started) / 1000).toFixed(0)} s.`);

    // As deployed: NODE_ENV=production, with the demo organisation to sign in as.
    app = await startServer({ NODE_ENV: "production", SEED_DEMO: "auto", JOBS: "off", MAX_UPLOAD_MB: "200" });
    bare = await startStatic(files);
    const cookie = await signIn(app.url);
    const rows: { file: string; bytes: number; pages: string; app: Sample[]; bare: Sample[]; served: number[] }[] = [];
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    const labels: Record<string, string> = { "deck.pdf": "deck (Impress)", "paper.pdf": "paper (Writer)", "print.pdf": "print (photos, linearized)" };
    for (const [name, file] of Object.entries(files)) {
      const materialId = await uploadMaterial(app.url, cookie.header, `Viewer benchmark: ${name}`, file);
      const pages = (await tool("pdfinfo", [file], dir)).stdout.match(/Pages:\s+(\d+)/)?.[1] ?? "?";
      const row = { file: labels[name], bytes: statSync(file).size, pages, app: [] as Sample[], bare: [] as Sample[], served: [] as number[] };
      // Alternating app and bare, so both see the machine in the same mood.
      for (let i = 0; i < RUNS; i++) {
        const sample = await measure(browser, { url: `${app.url}/materials/${materialId}`, filePath: /^\/files\/\d+$/, cookie: { name: cookie.name, value: cookie.value, origin: app.url }, watch: APP_WATCH });
        row.app.push(sample);
        bare.sent.set(name, 0);
        row.bare.push(await measure(browser, { url: `${bare.url}/bare.html?file=${name}&width=${sample.width}`, filePath: /^\/files\// }));
        row.served.push(bare.sent.get(name) ?? 0);
        process.stdout.write(".");
      }
      rows.push(row);
    }
    process.stdout.write("\n");

    console.log(`\nMedians of ${RUNS} runs each, Chromium ${browser.version()}, viewport ${VIEWPORT.width}×${VIEWPORT.height}, page 1 drawn at ${rows.map((r) => median(r.app.map((s) => s.width))).join(" / ")} CSS px:\n`);
    console.log("| file | size | pages | app ms | bare ms | ratio (target ≤ 1.5) | fetched before page 1: app | bare |");
    console.log("|---|---|---|---|---|---|---|---|");
    for (const r of rows) {
      const appMs = median(r.app.map((s) => s.ms));
      const bareMs = median(r.bare.map((s) => s.ms));
      const share = (bytes: number) => `${size(bytes)} (${((bytes / r.bytes) * 100).toFixed(1)} %)`;
      console.log(
        `| ${r.file} | ${size(r.bytes)} | ${r.pages} | ${Math.round(appMs)} | ${Math.round(bareMs)} | ${(appMs / bareMs).toFixed(2)} | ${share(median(r.app.map((s) => s.bytes)))} | ${share(median(r.bare.map((s) => s.bytes)))} |`,
      );
    }
    console.log("\nAll runs, app / bare: ms; bytes the static server read for the bare page (including what it had sent when pdf.js let a request go):");
    for (const r of rows) {
      console.log(`  ${r.file}: ${r.app.map((s) => Math.round(s.ms)).join(", ")} / ${r.bare.map((s) => Math.round(s.ms)).join(", ")}; server ${r.served.map(size).join(", ")}`);
    }
  } finally {
    await browser?.close();
    bare?.server.closeAllConnections();
    await new Promise((resolve) => (bare ? bare.server.close(resolve) : resolve(undefined)));
    await app?.stop();
    if (app) rmSync(app.dataDir, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
