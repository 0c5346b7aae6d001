import { createWriteStream, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { afterAll, describe, expect, it } from "vitest";
import { DiskStorage } from "~/lib/storage.server";
import { receiveUpload } from "~/lib/http/receive-upload.server";
import { uploadAnswer } from "~/lib/http/upload-response.server";
import { makePdf } from "../helpers/pdf";
import { expectLoggedError } from "../helpers/problems";

/**
 * A disk with no room left. Writes go to /dev/full, which fails every write with the
 * operating system's own ENOSPC, the error a full disk gives; everything else is the real
 * disk store.
 */
class FullDisk extends DiskStorage {
  override async put(_key: string, body: Readable) {
    await pipeline(body, createWriteStream("/dev/full"));
    return { size: 0 };
  }
}

describe("an upload when the file store is full", () => {
  const root = mkdtempSync(path.join(os.tmpdir(), "cp-full-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("says the store is full and nothing was saved (507), and keeps nothing", async () => {
    // The operator is told too: the store's own error goes to the log.
    expectLoggedError(/ENOSPC/);
    const form = new FormData();
    form.append("title", "Poster");
    form.append("file", new Blob([new Uint8Array(await makePdf({ pages: 1 }))]), "poster.pdf");
    const request = new Request("http://localhost/materials/upload", { method: "POST", body: form });
    const response = await uploadAnswer(
      () => receiveUpload(request, { storage: new FullDisk(root), maxBytes: 10 * 1024 * 1024, keyPrefix: "versions" }),
      async () => ({ url: "/never" }),
    );
    expect(response.status).toBe(507);
    expect(await response.json()).toEqual({
      ok: false,
      errors: { form: "The file store is full, so the file was not saved and nothing was changed. Tell your administrator; once there is space again, upload the file again." },
    });
    expect(readdirSync(root, { recursive: true })).toEqual([]);
  });
});
