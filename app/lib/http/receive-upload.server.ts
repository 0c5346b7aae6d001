import { createHash } from "node:crypto";
import { Readable, Transform, type TransformCallback } from "node:stream";
import busboy from "busboy";
import { ACCEPTED_TYPES, SNIFF_BYTES, sniffType, storedFileName, type AcceptedType } from "../file-type";
import { InputError, StorageUnavailableError } from "../errors";
import { env } from "../env.server";
import { ImageEndWatcher, imageDimensions } from "../image-check";
import { inspectPdf } from "../pdf-check.server";
import type { PdfRestriction } from "../pdf-restrictions";
import { newStorageKey, type Storage } from "../storage.server";
import { formatBytes } from "../format";
import { logger } from "../log.server";
import { uploadBytes } from "../metrics.server";
import { controlCharacterErrors, hasAnyControlCharacter } from "../text-input";
import { ZIP_MAGIC, inspectOffice, type OfficeType } from "../office-check";

export interface ReceivedFile {
  key: string;
  fileName: string;
  contentType: AcceptedType;
  size: number;
  sha256: string;
  pageCount: number;
  /** What the PDF's author withheld (printing, copying, editing); none when absent. */
  restrictions?: PdfRestriction[];
}

export interface ReceivedUpload {
  fields: FormData;
  file: ReceivedFile | null;
  /** Removes the stored file; call it when anything after the upload fails. */
  discard(): Promise<void>;
}

export const MAX_FILE_NAME = 255;

/** The largest file an upload may carry, in bytes: MAX_UPLOAD_MB. */
export function maxUploadBytes(): number {
  return env().MAX_UPLOAD_MB * 1024 * 1024;
}
const MAX_FIELD_BYTES = 64 * 1024;
const UNREADABLE_FORM = "The upload could not be read: the form arrived incomplete or malformed. Nothing was saved; try again.";
/** How much of an image's start is read back for its header, first and at most (a JPEG's EXIF and colour profile come before its size). */
const IMAGE_HEAD_BYTES = [64 * 1024, 4 * 1024 * 1024];

const accepted = Object.values(ACCEPTED_TYPES)
  .map((t) => t.label)
  .join(", ")
  .replace(/, ([^,]*)$/, " or $1");

/** The person's side went away mid-upload (closed the tab, lost the network, timed out), or the server is stopping. */
class Abandoned extends Error {
  constructor(readonly why: string) {
    super(why);
  }
}

/** Uploads still arriving, each with the function that abandons it; the server abandons them when it stops. */
const inFlight = new Set<(why: string) => Promise<void>>();

let shuttingDown = false;

/**
 * Abandons every upload still arriving (the server is stopping): each partial file is removed,
 * or its multipart upload aborted, before the promise settles. From then on, an upload whose
 * connection closes is logged as stopped by the server.
 */
export async function abandonUploads(why = "the server is stopping") {
  shuttingDown = true;
  await Promise.all([...inFlight].map((abandon) => abandon(why)));
}

class Rejected extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Watches the bytes as they stream to storage: decides the type from the first bytes,
 * counts, hashes, and keeps the last few KB. Memory stays constant whatever the size.
 */
class Inspector extends Transform {
  type: AcceptedType | "zip" | null = null;
  /** Bytes seen so far. (Not `size`: the S3 uploader reads a body's `size` as its length.) */
  bytes = 0;
  head: Buffer = Buffer.alloc(0);
  /** For an image: whether its end has gone by (see ImageEndWatcher). */
  imageEnd: ImageEndWatcher | null = null;
  readonly hash = createHash("sha256");
  private pending: Buffer[] = [];
  private decided = false;

  constructor(
    private maxBytes: number,
    /** Office documents (a ZIP container) are accepted too; what is inside is checked after storing. */
    private office = false,
  ) {
    super();
  }

  _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    this.bytes += chunk.length;
    uploadBytes.inc(chunk.length);
    if (this.bytes > this.maxBytes) return callback(new Rejected(413, tooLargeMessage(this.maxBytes)));
    this.hash.update(chunk);
    if (this.decided) {
      this.imageEnd?.push(chunk);
      return callback(null, chunk);
    }
    this.pending.push(chunk);
    this.head = Buffer.concat(this.pending);
    if (this.head.length < SNIFF_BYTES) return callback();
    this.decide(callback);
  }

  _flush(callback: TransformCallback) {
    if (this.decided) return callback();
    if (this.bytes === 0) return callback(new Rejected(400, "The file is empty (0 bytes). Choose the file again."));
    this.decide(callback);
  }

  private decide(callback: TransformCallback) {
    this.decided = true;
    this.type = sniffType(this.head) ?? (this.office && ZIP_MAGIC.every((b, i) => this.head[i] === b) ? "zip" : null);
    if (!this.type) {
      return callback(
        new Rejected(
          415,
          this.office
            ? `This file is not a ${accepted}, PowerPoint deck (PPTX) or Word document (DOCX); the file's name does not matter, its content does.`
            : `This file is not a ${accepted}. Only those kinds of files can be previewed; the file's name does not matter, its content does.`,
        ),
      );
    }
    const head = this.head;
    if (this.type !== "application/pdf" && this.type !== "zip") {
      this.imageEnd = new ImageEndWatcher(this.type);
      this.imageEnd.push(head);
    }
    this.pending = [];
    callback(null, head);
  }
}

function checkFileName(name: string): string | null {
  if (!name.trim()) return "The file has no name.";
  if (name.length > MAX_FILE_NAME) return `The file name is too long (${name.length} characters; at most ${MAX_FILE_NAME}). Rename the file and try again.`;
  if (/[/\\]|\.\./.test(name)) return "The file name may not contain /, \\ or '..'. Rename the file and try again.";
  if (hasAnyControlCharacter(name)) return "The file name contains control characters. Rename the file and try again.";
  return null;
}

/**
 * Reads a multipart form whose one file part (named `file`) streams straight into storage
 * under a generated key. Refuses, with a message and a status, an empty file, a file over
 * the limit (413), a type that is not PDF/PNG/JPEG/WebP (415), a bad name (400), a PDF that
 * the viewer's engine cannot open without a password or at all, or that overloads it, and an
 * image cut short, unreadable or over the pixel limit (422). Whatever is refused leaves no
 * object behind.
 */
export async function receiveUpload(request: Request, options: { storage: Storage; maxBytes: number; keyPrefix: string }): Promise<ReceivedUpload> {
  return receiveFile(request, { ...options, office: false }) as Promise<ReceivedUpload>;
}

/** An uploaded example of what a rep needs: what `receiveUpload` takes, and PPTX and DOCX files too. */
export type ReceivedExample = Omit<ReceivedUpload, "file"> & { file: (Omit<ReceivedFile, "contentType"> & { contentType: AcceptedType | OfficeType }) | null };

/**
 * Like `receiveUpload`, and a PowerPoint deck or Word document is accepted too, once its
 * ZIP directory shows it is one (a ZIP of anything else, or one cut short, is refused and removed).
 */
export async function receiveExample(request: Request, options: { storage: Storage; maxBytes: number; keyPrefix: string }): Promise<ReceivedExample> {
  return receiveFile(request, { ...options, office: true });
}

async function receiveFile(
  request: Request,
  options: { storage: Storage; maxBytes: number; keyPrefix: string; office: boolean },
): Promise<ReceivedExample> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.startsWith("multipart/form-data") || !request.body) {
    throw new InputError({ file: "Send the form as multipart/form-data with a file." }, 400);
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > options.maxBytes + 1024 * 1024) {
    throw new InputError({ file: tooLargeMessage(options.maxBytes) }, 413);
  }

  const fields = new FormData();
  let stored: { key: string; inspector: Inspector; name: string } | null = null;
  let rejection: Rejected | null = null;
  let fileSeen = false;
  const uploads: Promise<void>[] = [];
  const inspectors: Inspector[] = [];
  const { storage, maxBytes } = options;

  let parser: ReturnType<typeof busboy>;
  try {
    parser = busboy({
      headers: { "content-type": contentType },
      preservePath: true, // so that a name with ../ is seen and refused, not silently shortened
      defParamCharset: "utf8", // browsers send a file's name as UTF-8 ("Preisübersicht.pdf"), not Latin-1
      // One byte more than allowed is read, so that a file of exactly the limit passes.
      limits: { files: 1, fields: 50, parts: 60, fieldSize: MAX_FIELD_BYTES, fileSize: maxBytes + 1 },
    });
  } catch {
    throw new InputError({ file: UNREADABLE_FORM }, 400); // multipart without a boundary
  }

  parser.on("field", (name, value, info) => {
    if (info.valueTruncated) rejection ??= new Rejected(400, `The field "${name}" is too long.`);
    fields.append(name, value);
  });

  parser.on("file", (name, stream, info) => {
    if (name !== "file" || fileSeen) {
      stream.resume();
      return;
    }
    fileSeen = true;
    const fileName = info.filename ?? "";
    if (!fileName) {
      stream.resume();
      return; // no file chosen: the caller's validation says so
    }
    const nameProblem = checkFileName(fileName);
    if (nameProblem) {
      rejection ??= new Rejected(400, nameProblem);
      stream.resume();
      return;
    }
    const inspector = new Inspector(maxBytes, options.office);
    inspectors.push(inspector);
    let overLimit = false;
    stream.on("limit", () => {
      overLimit = true;
      inspector.destroy(new Rejected(413, tooLargeMessage(maxBytes)));
    });
    const key = newStorageKey(options.keyPrefix, "bin");
    const body = stream.pipe(inspector);
    stream.on("error", (error) => inspector.destroy(error));
    // The inspector may fail (wrong type, too large) before storage starts reading it;
    // the failure is picked up from `inspector.errored` below, never left unhandled.
    inspector.on("error", () => undefined);
    const upload = (async () => {
      try {
        await storage.put(key, body, "application/octet-stream");
        stored = { key, inspector, name: fileName };
      } catch (error) {
        stream.resume(); // keep reading (and discarding) so the client gets our answer
        await storage.delete(key).catch(() => undefined);
        const cause = error instanceof Rejected ? error : inspector.errored instanceof Rejected ? inspector.errored : null;
        if (cause) rejection ??= cause;
        else if (overLimit) rejection ??= new Rejected(413, tooLargeMessage(maxBytes));
        else throw new StorageUnavailableError("save", { cause: error });
      }
    })();
    // The store may fail while the body is still arriving (S3 sends the first part of a
    // large file mid-upload), before anything awaits this promise; it is awaited below.
    upload.catch(() => undefined);
    uploads.push(upload);
  });

  // Whatever stops the body from arriving (the client goes away, Node's request timeout, the
  // server stopping) stops the parser and the file stream too, so the store's write fails
  // and removes what it had (the partial file, or the multipart upload), and its file
  // descriptor is closed. One log line says so.
  const source = Readable.fromWeb(request.body as import("node:stream/web").ReadableStream);
  let abandoned: Abandoned | null = null;
  let settle: (() => void) | null = null;
  const stopped = new Promise<void>((resolve) => (settle = resolve));
  const abandon = async (why: string) => {
    if (!abandoned) {
      abandoned = new Abandoned(why);
      source.unpipe(parser);
      source.destroy();
      parser.destroy();
      for (const inspector of inspectors) inspector.destroy(abandoned);
    }
    await stopped;
  };
  const closed = () => (shuttingDown ? "the server is stopping" : "the connection closed before the file had arrived");
  const onAbort = () => void abandon(closed());
  request.signal.addEventListener("abort", onAbort, { once: true });
  inFlight.add(abandon);

  try {
    await new Promise<void>((resolve, reject) => {
      parser.on("close", resolve);
      // A body that is not a well-formed multipart form (cut off, no closing boundary) is the
      // sender's problem, not ours: a 400, and the half-stored file is removed below.
      parser.on("error", () => {
        const cut = new InputError({ file: UNREADABLE_FORM }, 400);
        for (const inspector of inspectors) inspector.destroy(cut);
        reject(cut);
      });
      // The body failing is the connection going (Node destroys the request when its
      // socket closes); the abort signal may come later, or not at all.
      source.on("error", () => void abandon(closed()));
      source.on("close", () => abandoned && reject(abandoned));
      source.pipe(parser);
      if (request.signal.aborted) onAbort();
    }).catch(async (error) => {
      await Promise.allSettled(uploads);
      const found = stored as { key: string } | null;
      if (found) await storage.delete(found.key).catch(() => undefined);
      throw error;
    });
    await Promise.all(uploads);
  } catch (error) {
    if (abandoned) {
      const received = inspectors.reduce((sum, i) => sum + i.bytes, 0);
      const why = (abandoned as Abandoned).why;
      logger().info({ upload: { received, abandoned: why } }, `Upload abandoned after ${formatBytes(received)} (${why}): the partial file was removed.`);
      throw new InputError({ file: "The upload was interrupted before the file had arrived. Nothing was saved; try again." }, 400);
    }
    throw error;
  } finally {
    request.signal.removeEventListener("abort", onAbort);
    inFlight.delete(abandon);
    settle!();
  }

  const discardKey = async (key: string | undefined) => {
    if (key) await storage.delete(key).catch(() => undefined);
  };
  const result = stored as { key: string; inspector: Inspector; name: string } | null;
  if (rejection) {
    await discardKey(result?.key);
    const r = rejection as Rejected;
    throw new InputError({ file: r.message }, r.status);
  }
  const controls = controlCharacterErrors(fields.entries());
  if (controls) {
    await discardKey(result?.key);
    throw new InputError(controls, 400);
  }
  if (!result) return { fields, file: null, discard: async () => undefined };

  const { key, inspector } = result;
  const type = inspector.type!;
  // The store failing to read the file back is not the person's fault, and is told apart.
  let readFailure: unknown = null;
  const read = (offset: number, length: number) =>
    storage.read(key, offset, length).catch((error: unknown) => {
      readFailure ??= error;
      throw error;
    });
  const refuse = async (status: number, message: string): Promise<never> => {
    await discardKey(key);
    throw new InputError({ file: message }, status);
  };
  let pageCount = 1;
  let restrictions: PdfRestriction[] = [];
  let officeType: OfficeType | null = null;
  try {
    if (type === "zip") {
      const inspection = await inspectOffice(inspector.bytes, read);
      if (!inspection.ok) await refuse(inspection.problem === "damaged" ? 422 : 415, inspection.message);
      else officeType = inspection.type;
    } else if (type === "application/pdf") {
      const inspection = await inspectPdf({ size: inspector.bytes, read });
      if (!inspection.ok) {
        if (inspection.detail) logger().info({ pdfRefused: { problem: inspection.problem, detail: inspection.detail } }, `PDF refused (${inspection.problem}): ${inspection.detail}`);
        await refuse(422, inspection.message);
      } else {
        pageCount = inspection.pageCount;
        restrictions = inspection.restrictions;
      }
    } else {
      await checkImage(type, inspector, read, refuse);
    }
  } catch (error) {
    if (readFailure) {
      await discardKey(key);
      throw new StorageUnavailableError("save", { cause: readFailure });
    }
    if (!(error instanceof InputError)) await discardKey(key);
    throw error;
  }

  return {
    fields,
    file: {
      key,
      fileName: type === "zip" ? officeFileName(result.name, officeType!) : storedFileName(result.name, type),
      contentType: type === "zip" ? officeType! : type,
      size: inspector.bytes,
      sha256: inspector.hash.digest("hex"),
      pageCount,
      restrictions,
    },
    discard: () => discardKey(key),
  };
}

/**
 * An image is accepted when it arrived whole (its end marker or declared length went by;
 * anything after it is allowed), its header gives a width and height, and it has no more
 * pixels than MAX_IMAGE_MEGAPIXELS.
 */
async function checkImage(
  type: Exclude<AcceptedType, "application/pdf">,
  inspector: Inspector,
  read: (offset: number, length: number) => Promise<Buffer>,
  refuse: (status: number, message: string) => Promise<never>,
) {
  const label = ACCEPTED_TYPES[type].label;
  const damaged = `This ${label} is incomplete or damaged. Export it again and upload the new file.`;
  if (!inspector.imageEnd?.complete) await refuse(422, damaged);
  let dimensions: { width: number; height: number } | null = null;
  for (const length of IMAGE_HEAD_BYTES) {
    dimensions = imageDimensions(await read(0, Math.min(length, inspector.bytes)));
    if (dimensions || length >= inspector.bytes) break;
  }
  if (!dimensions) return refuse(422, damaged);
  const megapixels = (dimensions.width * dimensions.height) / 1_000_000;
  const limit = env().MAX_IMAGE_MEGAPIXELS;
  if (megapixels > limit) {
    const n = (x: number) => x.toLocaleString("en-US");
    await refuse(
      422,
      `This ${label} is ${n(dimensions.width)} × ${n(dimensions.height)} pixels (${n(Math.round(megapixels))} megapixels); the limit is ${n(limit)} megapixels, more than any screen shows. Scale it down (for example to 8,000 pixels on its longer side) and upload the smaller file.`,
    );
  }
}

/** An office document keeps its name when it ends in its own extension; otherwise the extension is added (as storedFileName does). */
function officeFileName(name: string, type: OfficeType): string {
  const extension = type.endsWith("presentation") ? "pptx" : "docx";
  // storedFileName's cleaning, with its extension taken off again.
  const base = storedFileName(name, "application/pdf").replace(/\.pdf$/i, "") || "file";
  return base.toLowerCase().endsWith(`.${extension}`) ? base : `${base.slice(0, 250)}.${extension}`;
}

function tooLargeMessage(maxBytes: number) {
  return `The file is larger than the limit of ${formatBytes(maxBytes)}. Make it smaller (for example, export with compressed images) and try again.`;
}
