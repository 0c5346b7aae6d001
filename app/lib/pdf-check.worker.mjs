// Opens an uploaded PDF with pdf.js — the engine the committee's viewer uses — inside a
// worker thread, so that a hostile file can be stopped (terminated) without stopping the
// server. Plain JavaScript: a worker thread runs without the TypeScript toolchain, both
// from the sources (tests) and beside the built server (app/lib/pdf-check.server.ts finds
// it). The bytes come from the main thread, range by range, as pdf.js asks for them.
import { parentPort } from "node:worker_threads";

// Handing pdf.js its worker module makes it run in this thread (its "fake worker"), with no
// second thread and no lookup of a worker file by URL.
globalThis.pdfjsWorker = await import("pdfjs-dist/legacy/build/pdf.worker.mjs");
const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");

/** Every permission a PDF can withhold, by pdf.js's flag, under the name the app stores. */
const PERMISSIONS = [
  [pdfjs.PermissionFlag.PRINT, "print"],
  [pdfjs.PermissionFlag.PRINT_HIGH_QUALITY, "print-high-quality"],
  [pdfjs.PermissionFlag.COPY, "copy"],
  [pdfjs.PermissionFlag.COPY_FOR_ACCESSIBILITY, "copy-for-accessibility"],
  [pdfjs.PermissionFlag.MODIFY_CONTENTS, "modify"],
  [pdfjs.PermissionFlag.MODIFY_ANNOTATIONS, "annotate"],
  [pdfjs.PermissionFlag.FILL_INTERACTIVE_FORMS, "fill-forms"],
  [pdfjs.PermissionFlag.ASSEMBLE, "assemble"],
];

class StorageRanges extends pdfjs.PDFDataRangeTransport {
  constructor(checkId, size) {
    super(size, null);
    this.checkId = checkId;
  }

  requestDataRange(begin, end) {
    parentPort.postMessage({ type: "read", checkId: this.checkId, begin, end });
  }
}

/** The transports of the checks in progress, so that arriving bytes find their document. */
const transports = new Map();

async function check({ checkId, size }) {
  const range = new StorageRanges(checkId, size);
  transports.set(checkId, range);
  const task = pdfjs.getDocument({
    range,
    length: size,
    // Only the ranges pdf.js needs to answer, never the whole file in the background.
    disableAutoFetch: true,
    disableStream: true,
    rangeChunkSize: 64 * 1024,
    // Nothing is compiled from the file's contents, nothing is fetched from anywhere.
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    enableXfa: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  range.transportReady();
  try {
    const doc = await task.promise;
    const pageCount = doc.numPages;
    // Opening page 1 parses its dictionary and resources: a file whose page tree is broken
    // fails here, as it would in the viewer.
    await doc.getPage(1);
    const granted = await doc.getPermissions();
    const restrictions = granted === null ? [] : PERMISSIONS.filter(([flag]) => !granted.includes(flag)).map(([, name]) => name);
    return { ok: true, pageCount, restrictions };
  } catch (error) {
    const name = error?.name ?? "Error";
    const problem = name === "PasswordException" ? "password" : "damaged";
    return { ok: false, problem, detail: `${name}: ${error?.message ?? String(error)}` };
  } finally {
    transports.delete(checkId);
    await task.destroy().catch(() => undefined);
  }
}

parentPort.on("message", (message) => {
  if (message.type === "check") {
    check(message).then((result) => parentPort.postMessage({ type: "result", checkId: message.checkId, ...result }));
  } else if (message.type === "data") {
    try {
      transports.get(message.checkId)?.onDataRange(message.begin, new Uint8Array(message.bytes));
    } catch {
      // Bytes for a request pdf.js has since given up (it found what it needed elsewhere).
    }
  }
});

parentPort.postMessage({ type: "ready" });
