import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { env } from "./env.server";
import type { PdfRestriction } from "./pdf-restrictions";

/**
 * Checks an uploaded PDF with pdf.js, the engine the committee's viewer shows it with, so the
 * server accepts exactly what the viewer will open: repairable damage and owner-only
 * restrictions included, a password to open or an unreadable structure refused. pdf.js runs
 * in a worker thread (pdf-check.worker.mjs) with a time and a memory limit; past either,
 * the thread is terminated, the file refused, and a fresh thread started for the next one.
 * The bytes are read from storage range by range as pdf.js asks for them, never the whole
 * file at once.
 */

export interface RandomAccess {
  size: number;
  read(offset: number, length: number): Promise<Buffer>;
}

export type PdfProblem = "password" | "truncated" | "damaged" | "too-slow" | "too-large";

export type PdfInspection =
  | { ok: true; pageCount: number; restrictions: PdfRestriction[] }
  | { ok: false; problem: PdfProblem; message: string; detail?: string };

export interface PdfCheckLimits {
  timeoutMs: number;
  memoryMb: number;
}

const REEXPORT = "Open it in the program that made it, export or save it as PDF again, and upload the new file.";

export function pdfMessage(problem: PdfProblem, limits: PdfCheckLimits): string {
  switch (problem) {
    case "password":
      return "This PDF asks for a password to open. Save or export a copy without the password to open it (restricting printing or editing is fine: such a copy is accepted) and upload that copy.";
    case "truncated":
      return "This PDF is incomplete: its end is missing (the upload or the export may have been cut short). Export it again and upload the new file.";
    case "damaged":
      return `This PDF is damaged: its structure could not be read, so the viewer could not open it either. ${REEXPORT}`;
    case "too-slow":
      return `This PDF took longer than ${limits.timeoutMs / 1000} second${limits.timeoutMs === 1000 ? "" : "s"} to open, so it was refused: a file built to overload a viewer (a "PDF bomb") does this, and the viewer would stall on it too. If it is a real document, ${REEXPORT.charAt(0).toLowerCase()}${REEXPORT.slice(1)}`;
    case "too-large":
      return `This PDF needs more than ${limits.memoryMb} MB of memory to open, so it was refused: a file built to overload a viewer (a "PDF bomb") does this. If it is a real document, ${REEXPORT.charAt(0).toLowerCase()}${REEXPORT.slice(1)}`;
  }
}

export function pdfCheckLimits(): PdfCheckLimits {
  const settings = env();
  return { timeoutMs: settings.PDF_CHECK_TIMEOUT_S * 1000, memoryMb: settings.PDF_CHECK_MEMORY_MB };
}

/** Bytes handed to pdf.js per message: large requests (a damaged file being rebuilt) arrive in pieces. */
const PIECE_BYTES = 1024 * 1024;

/**
 * The worker file sits beside this module in the sources; the built server
 * (build/index.js, one bundle) finds it in the sources' app/lib next to the build.
 */
function workerFile(): URL {
  const candidates = [new URL("./pdf-check.worker.mjs", import.meta.url), new URL("../app/lib/pdf-check.worker.mjs", import.meta.url)];
  const found = candidates.find((url) => existsSync(fileURLToPath(url)));
  if (!found) throw new Error(`The PDF check's worker file is missing (looked for ${candidates.map((u) => fileURLToPath(u)).join(" and ")}).`);
  return found;
}

function startWorker(memoryMb: number): Promise<Worker> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerFile(), {
      resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(8, memoryMb / 8)) },
    });
    worker.unref();
    const failed = (error: unknown) => reject(error instanceof Error ? error : new Error(`The PDF check's worker stopped while starting (${String(error)}).`));
    worker.once("message", (message: { type: string }) => {
      worker.off("error", failed);
      worker.off("exit", failed);
      if (message.type === "ready") {
        // A thread that fails later is noticed by the check using it, or dropped as the spare.
        worker.on("error", () => undefined);
        worker.on("exit", () => {
          if (spare?.started === worker) spare = null;
        });
        resolve(worker);
      }
      else failed(new Error(`The PDF check's worker said ${message.type} while starting.`));
    });
    worker.once("error", failed);
    worker.once("exit", failed);
  });
}

/** One started thread kept ready, so an upload does not wait for pdf.js to load. */
let spare: { memoryMb: number; worker: Promise<Worker>; started?: Worker } | null = null;

function warm(memoryMb: number) {
  const worker = startWorker(memoryMb);
  const entry: NonNullable<typeof spare> = { memoryMb, worker };
  worker.then(
    (started) => (entry.started = started),
    () => {
      if (spare === entry) spare = null;
    },
  );
  spare = entry;
  return worker;
}

async function takeWorker(memoryMb: number): Promise<Worker> {
  if (spare && spare.memoryMb !== memoryMb) void stopPdfCheck();
  if (spare && spare.memoryMb === memoryMb) {
    const { worker } = spare;
    spare = null;
    try {
      return await worker;
    } catch {
      // A spare that failed to start is replaced by a new attempt, whose error is the one told.
    }
  }
  return startWorker(memoryMb);
}

function giveBack(worker: Worker, memoryMb: number) {
  if (spare === null) {
    worker.unref();
    spare = { memoryMb, worker: Promise.resolve(worker), started: worker };
  } else void worker.terminate();
}

/** Ends a thread that was stopped mid-check, and has a fresh one ready in its place. */
function replace(worker: Worker, memoryMb: number) {
  void worker.terminate();
  if (spare === null) warm(memoryMb);
}

/**
 * Starts the checking thread and loads pdf.js in it, so the first upload does not pay for
 * that. Called once at server start; rejects if the worker cannot start.
 */
export async function warmUpPdfCheck(limits: PdfCheckLimits = pdfCheckLimits()): Promise<void> {
  if (spare && spare.memoryMb === limits.memoryMb) {
    await spare.worker;
    return;
  }
  await warm(limits.memoryMb);
}

/** Stops the spare thread (tests, and anything that wants the process to end on its own). */
export async function stopPdfCheck(): Promise<void> {
  const current = spare;
  spare = null;
  if (current) await (await current.worker.catch(() => null))?.terminate();
}

let nextCheck = 1;

/**
 * At most this many PDFs are opened at once; more uploads finishing together wait their
 * turn (their time limit starts when it comes). Each check may use up to
 * PDF_CHECK_MEMORY_MB, so a burst of uploads never starts one thread per file.
 */
const MAX_CONCURRENT_CHECKS = Math.max(2, Math.min(4, availableParallelism() - 1));
let running = 0;
const waiting: (() => void)[] = [];

async function acquireCheck() {
  if (running < MAX_CONCURRENT_CHECKS) {
    running++;
    return;
  }
  await new Promise<void>((resolve) => waiting.push(resolve));
}

/** How many checks run and wait right now (the admin's view of upload load, and the tests'). */
export function pdfCheckLoad() {
  return { running, waiting: waiting.length, limit: MAX_CONCURRENT_CHECKS };
}

function releaseCheck() {
  const next = waiting.shift();
  if (next) next();
  else running--;
}

type WorkerAnswer =
  | { type: "read"; checkId: number; begin: number; end: number }
  | { type: "result"; checkId: number; ok: true; pageCount: number; restrictions: PdfRestriction[] }
  | { type: "result"; checkId: number; ok: false; problem: "password" | "damaged"; detail: string };

/**
 * Opens the PDF as the viewer would: accepted when pdf.js opens it without a password and
 * loads page 1. Resolves with the page count and the restrictions its author set, or with
 * the problem and a message for the person who uploaded it. Rejects only when `read`
 * fails (the store, not the file) or the checking thread cannot run.
 */
export async function inspectPdf(file: RandomAccess, limits: PdfCheckLimits = pdfCheckLimits()): Promise<PdfInspection> {
  await acquireCheck();
  try {
    return await inspectNow(file, limits);
  } finally {
    releaseCheck();
  }
}

async function inspectNow(file: RandomAccess, limits: PdfCheckLimits): Promise<PdfInspection> {
  const refused = (problem: PdfProblem, detail?: string): PdfInspection => ({ ok: false, problem, message: pdfMessage(problem, limits), detail });
  if (file.size < 8) return refused("truncated");
  const worker = await takeWorker(limits.memoryMb);
  worker.ref();
  const checkId = nextCheck++;

  const answer = await new Promise<PdfInspection | { ok: false; problem: "damaged"; detail: string }>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void, keepWorker: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
      if (keepWorker) giveBack(worker, limits.memoryMb);
      else replace(worker, limits.memoryMb);
      outcome();
    };
    const timer = setTimeout(() => settle(() => resolve(refused("too-slow")), false), limits.timeoutMs);

    const serve = async (begin: number, end: number) => {
      for (let offset = begin; offset < end && !settled; offset += PIECE_BYTES) {
        const length = Math.min(PIECE_BYTES, end - offset);
        let bytes: Buffer;
        try {
          bytes = await file.read(offset, length);
        } catch (error) {
          settle(() => reject(error), false);
          return;
        }
        if (settled) return;
        // A copy that owns its memory, so it can be moved to the thread rather than copied again.
        const piece = new Uint8Array(bytes);
        worker.postMessage({ type: "data", checkId, begin: offset, bytes: piece.buffer }, [piece.buffer]);
      }
    };
    const onMessage = (message: WorkerAnswer) => {
      if (message.checkId !== checkId) return;
      if (message.type === "read") void serve(message.begin, message.end);
      else if (message.ok) settle(() => resolve({ ok: true, pageCount: message.pageCount, restrictions: message.restrictions }), true);
      else if (message.problem === "password") settle(() => resolve(refused("password", message.detail)), true);
      else settle(() => resolve({ ok: false, problem: "damaged", detail: message.detail }), true);
    };
    const onError = (error: Error & { code?: string }) => {
      if (error.code === "ERR_WORKER_OUT_OF_MEMORY") settle(() => resolve(refused("too-large", error.message)), false);
      else settle(() => reject(error), false);
    };
    const onExit = (code: number) => settle(() => reject(new Error(`The PDF check's worker stopped (exit code ${code}).`)), false);
    worker.on("message", onMessage);
    worker.on("error", onError);
    worker.on("exit", onExit);
    worker.postMessage({ type: "check", checkId, size: file.size });
  });

  if (answer.ok || answer.problem !== "damaged" || "message" in answer) return answer;
  // pdf.js could not open it: tell a file cut short (no end of file) from one damaged inside.
  const tailLength = Math.min(file.size, 4096);
  const tail = (await file.read(file.size - tailLength, tailLength)).toString("latin1");
  return refused(tail.includes("%%EOF") && tail.includes("startxref") ? "damaged" : "truncated", answer.detail);
}
