import { imageSize } from "image-size";
import type { AcceptedType } from "./file-type";

/**
 * Whether an image arrived whole: watches the bytes as they stream to storage (constant
 * memory) and notes when the image's own end has gone by — PNG's IEND chunk, JPEG's end
 * marker found by walking its segments and scans, the RIFF length of a WebP. Whatever follows
 * that end is not the image's business and is allowed: a phone's motion photo appends a
 * video after the JPEG, some tools append metadata after IEND. Only a file whose end never
 * came (cut short) is refused. The walk reads lengths and markers only; it decodes nothing.
 */
export class ImageEndWatcher {
  complete = false;
  private seen = 0;
  /** Bytes still to skip (a segment's or chunk's body). */
  private skip = 0;
  /** Bytes of a header being collected (PNG chunk header, JPEG marker and length). */
  private header: number[] = [];
  private broken = false;
  /** JPEG: inside entropy-coded data, where 0xFF 0x00 is a data byte and RSTn markers are not segments. */
  private inScan = false;
  private afterFF = false;

  constructor(private type: Exclude<AcceptedType, "application/pdf">) {
    if (type === "image/png") this.skip = 8; // the signature, checked by the type sniffer
  }

  push(chunk: Uint8Array) {
    if (this.complete || this.broken) return;
    if (this.type === "image/webp") return this.pushWebp(chunk);
    for (let i = 0; i < chunk.length && !this.complete && !this.broken; i++) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - i);
        this.skip -= n;
        i += n - 1;
        if (this.skip === 0 && this.header.length === 0 && this.pngEnd) this.complete = true;
        continue;
      }
      if (this.type === "image/png") this.pngByte(chunk[i]);
      else this.jpegByte(chunk[i]);
    }
    this.seen += chunk.length;
  }

  // PNG: an 8-byte signature, then chunks of length (4), type (4), data, CRC (4).
  private pngEnd = false;
  private pngByte(byte: number) {
    this.header.push(byte);
    if (this.header.length < 8) return;
    const [a, b, c, d, ...type] = this.header;
    const length = ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
    this.header = [];
    if (length > 0x7fffffff) {
      this.broken = true;
      return;
    }
    this.skip = length + 4;
    this.pngEnd = String.fromCharCode(...type) === "IEND";
  }

  // JPEG: markers 0xFF xx; most are followed by a 2-byte length; after SOS, entropy-coded data
  // until the next marker that is not a restart marker; EOI (0xFF 0xD9) ends the image.
  private jpegByte(byte: number) {
    if (this.inScan) {
      if (!this.afterFF) {
        this.afterFF = byte === 0xff;
        return;
      }
      if (byte === 0x00 || (byte >= 0xd0 && byte <= 0xd7)) this.afterFF = false;
      else if (byte !== 0xff) {
        this.afterFF = false;
        this.inScan = false;
        this.marker(byte);
      }
      return;
    }
    if (this.header.length === 0) {
      // Expecting a marker: 0xFF (fill bytes allowed), then its code.
      if (byte === 0xff) {
        this.afterFF = true;
        return;
      }
      if (!this.afterFF) {
        this.broken = true;
        return;
      }
      this.afterFF = false;
      this.marker(byte);
      return;
    }
    this.header.push(byte);
    if (this.header.length === 3) {
      const [code, hi, lo] = this.header;
      const length = (hi << 8) | lo;
      this.header = [];
      if (length < 2) {
        this.broken = true;
        return;
      }
      this.skip = length - 2;
      if (code === 0xda) this.inScan = true;
    }
  }

  private marker(code: number) {
    if (code === 0xd9) this.complete = true;
    else if (code === 0xd8 || code === 0x01 || (code >= 0xd0 && code <= 0xd7)) return; // no length follows
    else this.header = [code];
  }

  // WebP: "RIFF", the length of what follows (little-endian), "WEBP"…
  private riffLength: number | null = null;
  private riffHead: number[] = [];
  private pushWebp(chunk: Uint8Array) {
    for (let i = 0; this.riffHead.length < 8 && i < chunk.length; i++) this.riffHead.push(chunk[i]);
    this.seen += chunk.length;
    if (this.riffLength === null && this.riffHead.length === 8) {
      const [, , , , a, b, c, d] = this.riffHead;
      this.riffLength = (a | (b << 8) | (c << 16) | (d << 24)) >>> 0;
    }
    if (this.riffLength !== null && this.seen >= this.riffLength + 8) this.complete = true;
  }
}

/** The width and height an image declares in its header, or null when it cannot be read. */
export function imageDimensions(head: Uint8Array): { width: number; height: number } | null {
  try {
    const { width, height } = imageSize(head);
    return width && height ? { width, height } : null;
  } catch {
    return null;
  }
}
