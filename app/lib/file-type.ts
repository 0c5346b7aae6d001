import { MATERIAL_FILE_TYPES } from "../domain/materials";

/**
 * What an upload is, decided from its first bytes — never from its name or the browser's
 * Content-Type, both of which the sender chooses.
 */
export const ACCEPTED_TYPES = MATERIAL_FILE_TYPES;

export type AcceptedType = keyof typeof ACCEPTED_TYPES;

/** How many leading bytes `sniffType` needs to decide. */
export const SNIFF_BYTES = 1024;

export function sniffType(head: Uint8Array): AcceptedType | null {
  const starts = (bytes: number[], at = 0) => bytes.every((b, i) => head[at + i] === b);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (starts([0xff, 0xd8, 0xff])) return "image/jpeg";
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return "image/webp";
  // The PDF header may follow a little junk (the spec allows it within the first 1024 bytes).
  const text = Buffer.from(head.subarray(0, SNIFF_BYTES)).toString("latin1");
  if (/%PDF-\d\.\d/.test(text) && text.indexOf("%PDF-") < SNIFF_BYTES - 8) return "application/pdf";
  return null;
}

/** Characters that reorder text (U+202E makes "gpj.exe" read "exe.jpg") or are invisible marks. */
// eslint-disable-next-line no-misleading-character-class
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const MAX_STORED_NAME = 255;

const EXTENSIONS: Record<AcceptedType, readonly string[]> = {
  "application/pdf": ["pdf"],
  "image/png": ["png"],
  "image/jpeg": ["jpg", "jpeg"],
  "image/webp": ["webp"],
};

/**
 * The name a file is kept and downloaded under: the uploader's, with bidirectional controls
 * removed, and an extension that says what the file is. A PDF uploaded as "x.html" is
 * downloaded as "x.html.pdf", so no program opens it as a web page.
 */
export function storedFileName(name: string, type: AcceptedType): string {
  const clean = name.normalize("NFC").replace(BIDI_CONTROLS, "").trim() || "file";
  const extension = clean.match(/\.([A-Za-z0-9]{1,8})$/)?.[1]?.toLowerCase();
  if (extension && EXTENSIONS[type].includes(extension)) return clean;
  // The name column holds 255 characters: the base gives way to the extension.
  const suffix = `.${ACCEPTED_TYPES[type].extension}`;
  return `${Array.from(clean).slice(0, MAX_STORED_NAME - suffix.length).join("")}${suffix}`;
}
