import { inflateSync, constants as zlib } from "node:zlib";

/**
 * Reads just enough of a PDF to trust it: the trailer at the end, the cross-reference
 * sections, the catalog and the page tree's root. It never loads the whole file, so a
 * 300 MB upload is checked with a few small reads from storage. It answers three
 * questions: is the file complete, is it encrypted, and how many pages does it have.
 */

export interface RandomAccess {
  size: number;
  read(offset: number, length: number): Promise<Buffer>;
}

export type PdfInspection =
  | { ok: true; pageCount: number }
  | { ok: false; problem: "truncated" | "encrypted" | "damaged"; message: string };

export const PDF_MESSAGES = {
  truncated: "This PDF is incomplete: its end is missing (the upload or the export may have been cut short). Export it again and upload the new file.",
  encrypted: "This PDF is password-protected or encrypted. Save a copy without protection and upload that.",
  damaged: "This PDF is damaged: its structure could not be read. Export it again and upload the new file.",
} as const;

class PdfError extends Error {
  constructor(readonly problem: "truncated" | "encrypted" | "damaged", detail: string) {
    super(detail);
  }
}

const MAX_STRUCTURE_BYTES = 32 * 1024 * 1024;
/** Reads and bytes (read and inflated) one inspection may spend before the file is refused. */
const MAX_READS = 20_000;
const MAX_INSPECTED_BYTES = 128 * 1024 * 1024;
const MAX_PAGES = 100_000;

export async function inspectPdf(file: RandomAccess): Promise<PdfInspection> {
  try {
    const pageCount = await new PdfReader(file).pageCount();
    return { ok: true, pageCount };
  } catch (error) {
    const problem = error instanceof PdfError ? error.problem : "damaged";
    return { ok: false, problem, message: PDF_MESSAGES[problem] };
  }
}

// ---------------------------------------------------------------------------------------
// Values

interface Ref {
  kind: "ref";
  num: number;
  gen: number;
}
interface Name {
  kind: "name";
  name: string;
}
type PdfValue = number | boolean | null | string | Ref | Name | PdfValue[] | PdfDict;
type PdfDict = Map<string, PdfValue>;

function isRef(v: PdfValue | undefined): v is Ref {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Map) && v.kind === "ref";
}
function isDict(v: PdfValue | undefined): v is PdfDict {
  return v instanceof Map;
}
function nameOf(v: PdfValue | undefined): string | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Map) && v.kind === "name" ? v.name : undefined;
}

const WHITESPACE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIMITERS = new Set("()<>[]{}/%".split("").map((c) => c.charCodeAt(0)));

/** A small parser for PDF object syntax over a latin1 string. */
class Lexer {
  pos: number;
  constructor(
    readonly text: string,
    start = 0,
  ) {
    this.pos = start;
  }

  skip() {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (WHITESPACE.has(c)) this.pos++;
      else if (c === 0x25 /* % */) {
        while (this.pos < t.length && t[this.pos] !== "\n" && t[this.pos] !== "\r") this.pos++;
      } else break;
    }
  }

  atEnd() {
    this.skip();
    return this.pos >= this.text.length;
  }

  /** A bare word: a number, a keyword such as obj/R/true, up to the next delimiter. */
  word(): string {
    this.skip();
    const start = this.pos;
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (WHITESPACE.has(c) || DELIMITERS.has(c)) break;
      this.pos++;
    }
    return t.slice(start, this.pos);
  }

  value(depth = 0): PdfValue {
    if (depth > 64) throw new PdfError("damaged", "nesting too deep");
    this.skip();
    const t = this.text;
    if (this.pos >= t.length) throw new PdfError("damaged", "unexpected end of data");
    const c = t[this.pos];
    if (c === "<" && t[this.pos + 1] === "<") {
      this.pos += 2;
      const dict: PdfDict = new Map();
      for (;;) {
        this.skip();
        if (this.pos >= t.length) throw new PdfError("damaged", "unterminated dictionary");
        if (t[this.pos] === ">" && t[this.pos + 1] === ">") {
          this.pos += 2;
          return dict;
        }
        const key = this.value(depth + 1);
        const k = nameOf(key);
        if (k === undefined) throw new PdfError("damaged", "dictionary key is not a name");
        dict.set(k, this.value(depth + 1));
      }
    }
    if (c === "[") {
      this.pos++;
      const items: PdfValue[] = [];
      for (;;) {
        this.skip();
        if (this.pos >= t.length) throw new PdfError("damaged", "unterminated array");
        if (t[this.pos] === "]") {
          this.pos++;
          return items;
        }
        items.push(this.value(depth + 1));
      }
    }
    if (c === "/") {
      this.pos++;
      return { kind: "name", name: this.word() };
    }
    if (c === "(") return this.literalString();
    if (c === "<") {
      const end = t.indexOf(">", this.pos);
      if (end < 0) throw new PdfError("damaged", "unterminated hex string");
      const hex = t.slice(this.pos + 1, end);
      this.pos = end + 1;
      return hex;
    }
    const word = this.word();
    if (word === "") throw new PdfError("damaged", `unexpected character ${JSON.stringify(c)}`);
    if (word === "true") return true;
    if (word === "false") return false;
    if (word === "null") return null;
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) {
      const n = Number(word);
      // "12 0 R" is a reference: look ahead without consuming anything else.
      if (/^\d+$/.test(word)) {
        const save = this.pos;
        const gen = this.word();
        if (/^\d+$/.test(gen)) {
          const r = this.word();
          if (r === "R") return { kind: "ref", num: n, gen: Number(gen) };
        }
        this.pos = save;
      }
      return n;
    }
    return { kind: "name", name: word }; // a keyword such as `stream`; callers check for it
  }

  literalString(): string {
    const t = this.text;
    let depth = 0;
    const start = this.pos;
    while (this.pos < t.length) {
      const c = t[this.pos++];
      if (c === "\\") this.pos++;
      else if (c === "(") depth++;
      else if (c === ")" && --depth === 0) return t.slice(start + 1, this.pos - 1);
    }
    throw new PdfError("damaged", "unterminated string");
  }
}

// ---------------------------------------------------------------------------------------
// Streams

function decodeStream(dict: PdfDict, raw: Buffer): Buffer {
  const filter = dict.get("Filter");
  const filters = Array.isArray(filter) ? filter.map(nameOf) : filter === undefined ? [] : [nameOf(filter)];
  const parms = dict.get("DecodeParms");
  const parmList = Array.isArray(parms) ? parms : [parms];
  let data = raw;
  filters.forEach((f, i) => {
    if (f !== "FlateDecode" && f !== "Fl") throw new PdfError("damaged", `unsupported structure filter ${f}`);
    // Capped: a few KB of deflated zeros can claim gigabytes (a "zip bomb"); inflating past the
    // cap throws, and the PDF is refused as damaged instead of filling the server's memory.
    data = inflateSync(data, { finishFlush: zlib.Z_SYNC_FLUSH, maxOutputLength: MAX_STRUCTURE_BYTES });
    const p = parmList[i];
    if (isDict(p)) data = unpredict(data, p);
  });
  return data;
}

/** Undoes the PNG row predictors that cross-reference streams are usually written with. */
function unpredict(data: Buffer, parms: PdfDict): Buffer {
  const predictor = Number(parms.get("Predictor") ?? 1);
  if (predictor < 10) {
    if (predictor === 1) return data;
    throw new PdfError("damaged", `unsupported predictor ${predictor}`);
  }
  const colors = Number(parms.get("Colors") ?? 1);
  const bpc = Number(parms.get("BitsPerComponent") ?? 8);
  const columns = Number(parms.get("Columns") ?? 1);
  const bpp = Math.max(1, Math.ceil((colors * bpc) / 8));
  const rowLength = Math.ceil((colors * bpc * columns) / 8);
  const rows = Math.floor(data.length / (rowLength + 1));
  const out = Buffer.alloc(rows * rowLength);
  const prev = Buffer.alloc(rowLength);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (rowLength + 1)];
    const row = data.subarray(r * (rowLength + 1) + 1, (r + 1) * (rowLength + 1));
    const cur = out.subarray(r * rowLength, (r + 1) * rowLength);
    for (let i = 0; i < rowLength; i++) {
      const left = i >= bpp ? cur[i - bpp] : 0;
      const up = prev[i];
      const upLeft = i >= bpp ? prev[i - bpp] : 0;
      let value = row[i];
      if (type === 1) value += left;
      else if (type === 2) value += up;
      else if (type === 3) value += (left + up) >> 1;
      else if (type === 4) {
        const p = left + up - upLeft;
        const pa = Math.abs(p - left);
        const pb = Math.abs(p - up);
        const pc = Math.abs(p - upLeft);
        value += pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      } else if (type !== 0) throw new PdfError("damaged", `bad predictor row type ${type}`);
      cur[i] = value & 0xff;
    }
    cur.copy(prev);
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// The file

type XrefEntry = { type: 1; offset: number } | { type: 2; stream: number; index: number };

class PdfReader {
  private xref = new Map<number, XrefEntry>();
  private trailer: PdfDict = new Map();
  private objectStreams = new Map<number, { text: string; offsets: Map<number, number> }>();
  /** Object streams being decoded: one whose own /Length leads back into it is a loop. */
  private decoding = new Set<number>();
  /** What one file may cost to inspect, whatever its structure claims. */
  private spent = { reads: 0, bytes: 0 };

  constructor(private file: RandomAccess) {}

  private spend(bytes: number) {
    this.spent.reads++;
    this.spent.bytes += bytes;
    if (this.spent.reads > MAX_READS || this.spent.bytes > MAX_INSPECTED_BYTES) throw new PdfError("damaged", "structure too costly to read");
  }

  private async text(offset: number, length: number): Promise<string> {
    const start = Math.max(0, offset);
    const len = Math.max(0, Math.min(length, this.file.size - start));
    this.spend(len);
    return (await this.file.read(start, len)).toString("latin1");
  }

  async pageCount(): Promise<number> {
    const size = this.file.size;
    if (size < 32) throw new PdfError("truncated", "too small");
    const tailLength = Math.min(size, 4096);
    const tail = await this.text(size - tailLength, tailLength);
    const eof = tail.lastIndexOf("%%EOF");
    if (eof < 0 || tail.length - eof > 1024) throw new PdfError("truncated", "no %%EOF at the end");
    const sx = tail.lastIndexOf("startxref", eof);
    if (sx < 0) throw new PdfError("truncated", "no startxref");
    const start = Number(/^startxref\s+(\d+)/.exec(tail.slice(sx))?.[1]);
    if (!Number.isSafeInteger(start) || start >= size) throw new PdfError("damaged", "startxref out of range");

    await this.readXrefChain(start);
    if (this.trailer.has("Encrypt")) throw new PdfError("encrypted", "trailer has /Encrypt");

    const catalog = await this.resolve(this.trailer.get("Root"));
    if (!isDict(catalog)) throw new PdfError("damaged", "no catalog");
    const pages = await this.resolve(catalog.get("Pages"));
    if (!isDict(pages)) throw new PdfError("damaged", "no page tree");
    const count = await this.resolve(pages.get("Count"));
    if (typeof count !== "number" || !Number.isInteger(count) || count < 1 || count > MAX_PAGES) {
      throw new PdfError("damaged", "bad page count");
    }
    return count;
  }

  private async readXrefChain(first: number) {
    const queue = [first];
    const seen = new Set<number>();
    let structureBytes = 0;
    while (queue.length) {
      const offset = queue.shift()!;
      if (seen.has(offset) || seen.size > 256) continue;
      seen.add(offset);
      const head = await this.text(offset, 32);
      const trailer = head.trimStart().startsWith("xref")
        ? await this.readXrefTable(offset)
        : await this.readXrefStream(offset);
      structureBytes += trailer.bytes;
      if (structureBytes > MAX_STRUCTURE_BYTES) throw new PdfError("damaged", "cross-reference too large");
      // The newest section wins: keys already set by a later section are kept.
      for (const [k, v] of trailer.dict) if (!this.trailer.has(k)) this.trailer.set(k, v);
      const hybrid = trailer.dict.get("XRefStm");
      if (typeof hybrid === "number") queue.unshift(hybrid);
      const prev = trailer.dict.get("Prev");
      if (typeof prev === "number") queue.push(prev);
    }
    if (!this.trailer.has("Root")) throw new PdfError("damaged", "no /Root in trailer");
  }

  /** A classic `xref` table followed by `trailer << … >>`. */
  private async readXrefTable(offset: number): Promise<{ dict: PdfDict; bytes: number }> {
    let length = 64 * 1024;
    for (;;) {
      const text = await this.text(offset, length);
      const at = text.indexOf("trailer");
      const complete = at >= 0 && text.indexOf(">>", at) >= 0;
      if (!complete && offset + length < this.file.size && length < MAX_STRUCTURE_BYTES) {
        length *= 4;
        continue;
      }
      if (at < 0) throw new PdfError("damaged", "xref table without trailer");
      const body = text.slice(text.indexOf("xref") + 4, at);
      const tokens = body.trim().split(/\s+/);
      let i = 0;
      while (i + 1 < tokens.length) {
        const startNum = Number(tokens[i]);
        const count = Number(tokens[i + 1]);
        if (!Number.isInteger(startNum) || !Number.isInteger(count)) throw new PdfError("damaged", "bad xref subsection");
        i += 2;
        for (let n = 0; n < count; n++, i += 3) {
          const [off, , use] = [tokens[i], tokens[i + 1], tokens[i + 2]];
          if (use === undefined) throw new PdfError("damaged", "short xref table");
          const num = startNum + n;
          if (use === "n" && !this.xref.has(num)) this.xref.set(num, { type: 1, offset: Number(off) });
        }
      }
      const lexer = new Lexer(text, at + "trailer".length);
      const dict = lexer.value();
      if (!isDict(dict)) throw new PdfError("damaged", "trailer is not a dictionary");
      return { dict, bytes: at };
    }
  }

  /** A cross-reference stream (PDF 1.5+): its dictionary doubles as the trailer. */
  private async readXrefStream(offset: number): Promise<{ dict: PdfDict; bytes: number }> {
    const { dict, data } = await this.readStreamObjectAt(offset);
    if (nameOf(dict.get("Type")) !== "XRef") throw new PdfError("damaged", "startxref does not point at a cross-reference");
    const w = dict.get("W");
    if (!Array.isArray(w) || w.length !== 3 || !w.every((x) => typeof x === "number" && x >= 0 && x <= 8)) {
      throw new PdfError("damaged", "bad /W");
    }
    const widths = w as number[];
    const size = Number(dict.get("Size"));
    const index = (dict.get("Index") as number[] | undefined) ?? [0, size];
    const rowLength = widths[0] + widths[1] + widths[2];
    if (rowLength === 0) throw new PdfError("damaged", "empty /W");
    let pos = 0;
    const field = (width: number, fallback: number) => {
      if (width === 0) return fallback;
      let v = 0;
      for (let k = 0; k < width; k++) v = v * 256 + data[pos++];
      return v;
    };
    for (let s = 0; s + 1 < index.length; s += 2) {
      const [startNum, count] = [Number(index[s]), Number(index[s + 1])];
      for (let n = 0; n < count; n++) {
        if (pos + rowLength > data.length) throw new PdfError("damaged", "short xref stream");
        const type = field(widths[0], 1);
        const a = field(widths[1], 0);
        const b = field(widths[2], 0);
        const num = startNum + n;
        if (this.xref.has(num)) continue;
        if (type === 1) this.xref.set(num, { type: 1, offset: a });
        else if (type === 2) this.xref.set(num, { type: 2, stream: a, index: b });
      }
    }
    return { dict, bytes: data.length };
  }

  /** Reads `N G obj` at an offset (searching a little around it, as viewers do). */
  private async readObjectAt(offset: number, num?: number, maxLength = 1024 * 1024): Promise<{ lexer: Lexer; base: number }> {
    let length = 8 * 1024;
    for (;;) {
      const base = Math.max(0, offset - 256);
      const text = await this.text(base, length + 256);
      const pattern = num === undefined ? /(\d+)\s+(\d+)\s+obj\b/g : new RegExp(`(?:^|[^0-9])(${num})\\s+(\\d+)\\s+obj\\b`, "g");
      pattern.lastIndex = Math.max(0, offset - base - 16);
      const match = pattern.exec(text);
      if (!match || match.index > offset - base + 256) {
        throw new PdfError("damaged", `object ${num ?? ""} not found at ${offset}`);
      }
      const lexer = new Lexer(text, match.index + match[0].length);
      try {
        lexer.value();
      } catch (error) {
        if (length < maxLength && base + text.length < this.file.size) {
          length *= 4;
          continue;
        }
        throw error;
      }
      lexer.pos = match.index + match[0].length;
      return { lexer, base };
    }
  }

  private async readStreamObjectAt(offset: number, num?: number): Promise<{ dict: PdfDict; data: Buffer }> {
    const { lexer, base } = await this.readObjectAt(offset, num);
    const dict = lexer.value();
    if (!isDict(dict)) throw new PdfError("damaged", "stream object without dictionary");
    const keyword = lexer.word();
    if (keyword !== "stream") throw new PdfError("damaged", "expected stream");
    let start = lexer.pos;
    if (lexer.text[start] === "\r") start++;
    if (lexer.text[start] === "\n") start++;
    const absolute = base + start;
    let length = dict.get("Length");
    if (isRef(length)) length = await this.resolve(length);
    if (typeof length !== "number" || length < 0 || absolute + length > this.file.size || length > MAX_STRUCTURE_BYTES) {
      throw new PdfError("damaged", "bad stream length");
    }
    this.spend(length);
    const raw = await this.file.read(absolute, length);
    const data = decodeStream(dict, raw);
    this.spend(data.length);
    return { dict, data };
  }

  private async resolve(value: PdfValue | undefined, depth = 0): Promise<PdfValue | undefined> {
    if (!isRef(value)) return value;
    if (depth > 16) throw new PdfError("damaged", "reference loop");
    const entry = this.xref.get(value.num);
    if (!entry) throw new PdfError("damaged", `object ${value.num} missing`);
    if (entry.type === 1) {
      const { lexer } = await this.readObjectAt(entry.offset, value.num);
      return this.resolve(lexer.value(), depth + 1);
    }
    const stream = await this.objectStream(entry.stream);
    const at = stream.offsets.get(value.num);
    if (at === undefined) throw new PdfError("damaged", `object ${value.num} not in its object stream`);
    return this.resolve(new Lexer(stream.text, at).value(), depth + 1);
  }

  private async objectStream(num: number) {
    const cached = this.objectStreams.get(num);
    if (cached) return cached;
    const entry = this.xref.get(num);
    if (!entry || entry.type !== 1) throw new PdfError("damaged", `object stream ${num} missing`);
    if (this.decoding.has(num)) throw new PdfError("damaged", `object stream ${num} refers to itself`);
    this.decoding.add(num);
    const { dict, data } = await this.readStreamObjectAt(entry.offset, num).finally(() => this.decoding.delete(num));
    const n = Number(dict.get("N"));
    const first = Number(dict.get("First"));
    const text = data.toString("latin1");
    const header = text.slice(0, first).trim().split(/\s+/).map(Number);
    if (!Number.isInteger(n) || header.length < n * 2) throw new PdfError("damaged", "bad object stream header");
    const offsets = new Map<number, number>();
    for (let i = 0; i < n; i++) offsets.set(header[2 * i], first + header[2 * i + 1]);
    const result = { text, offsets };
    this.objectStreams.set(num, result);
    return result;
  }
}
