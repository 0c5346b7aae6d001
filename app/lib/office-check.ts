/**
 * Whether a ZIP container is a PowerPoint deck or a Word document, decided from its
 * central directory (the list of parts at the end of the file), read back from storage:
 * a PPTX has `ppt/presentation.xml`, a DOCX `word/document.xml`, both `[Content_Types].xml`.
 * A file cut short has no intact directory and is refused as damaged.
 */
export const PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation";
export const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
export type OfficeType = typeof PPTX | typeof DOCX;

export const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
/** The end record is 22 bytes plus a comment of at most 65,535. */
const END_SEARCH = 22 + 65_535;
/** More parts than any deck or document has: a directory larger than this is refused, not read. */
const MAX_DIRECTORY_BYTES = 8 * 1024 * 1024;

export type OfficeInspection = { ok: true; type: OfficeType } | { ok: false; problem: "damaged" | "not_office"; message: string };

export async function inspectOffice(size: number, read: (offset: number, length: number) => Promise<Buffer>): Promise<OfficeInspection> {
  const damaged = { ok: false, problem: "damaged", message: "This file is incomplete or damaged (its list of contents is missing). Save it again and upload the new file." } as const;
  const notOffice = {
    ok: false,
    problem: "not_office",
    message: "This is a ZIP file but not a PowerPoint deck (PPTX) or Word document (DOCX). Attach a PDF, an image, a PPTX or a DOCX.",
  } as const;
  if (size < 22) return damaged;
  const tailLength = Math.min(size, END_SEARCH);
  const tail = await read(size - tailLength, tailLength);
  let end = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === END_OF_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) return damaged;
  const entries = tail.readUInt16LE(end + 10);
  const directorySize = tail.readUInt32LE(end + 12);
  const directoryOffset = tail.readUInt32LE(end + 16);
  if (directorySize > MAX_DIRECTORY_BYTES || directoryOffset + directorySize > size - tailLength + end) return damaged;
  const directory = await read(directoryOffset, directorySize);
  const names = new Set<string>();
  let at = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== DIRECTORY_ENTRY) return damaged;
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    if (at + 46 + nameLength > directory.length) return damaged;
    names.add(directory.subarray(at + 46, at + 46 + nameLength).toString("utf8"));
    at += 46 + nameLength + extraLength + commentLength;
  }
  if (!names.has("[Content_Types].xml")) return notOffice;
  if (names.has("ppt/presentation.xml")) return { ok: true, type: PPTX };
  if (names.has("word/document.xml")) return { ok: true, type: DOCX };
  return notOffice;
}
