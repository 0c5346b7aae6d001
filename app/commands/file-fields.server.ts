import type { ReceivedFile } from "../lib/http/receive-upload.server";
import { storedRestrictions } from "../lib/pdf-restrictions";

/** A version's columns that describe its stored file, as the upload received it. */
export function fileFields(file: ReceivedFile) {
  return {
    storageKey: file.key,
    fileName: file.fileName,
    contentType: file.contentType,
    size: file.size,
    sha256: file.sha256,
    pageCount: file.pageCount,
    restrictions: storedRestrictions(file.restrictions ?? []),
  };
}
