import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DiskStorage, MissingObjectError, S3Storage, newStorageKey, type Storage } from "~/lib/storage.server";
import { TEST_BUCKET, TEST_CREDENTIALS, startS3 } from "../helpers/s3";

async function collect(stream: Readable) {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A body that yields some bytes and then fails, like a client that disconnects mid-upload. */
function failingBody(bytes: number) {
  return Readable.from(
    (async function* () {
      yield randomBytes(bytes);
      await new Promise((r) => setTimeout(r, 10));
      throw new Error("client went away");
    })(),
  );
}

interface Backend {
  name: string;
  storage: () => Storage;
  /** Every object (or file) the backend holds, to prove nothing is left behind. */
  objects: () => Promise<string[]>;
}

const disk = (() => {
  let dir = "";
  return {
    name: "local disk",
    setup() {
      dir = mkdtempSync(path.join(os.tmpdir(), "cp-disk-"));
    },
    teardown() {
      rmSync(dir, { recursive: true, force: true });
    },
    storage: () => new DiskStorage(dir),
    objects: async () => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name),
  };
})();

const s3 = (() => {
  let server: Awaited<ReturnType<typeof startS3>>;
  let instance: S3Storage;
  return {
    name: "S3 (s3rver)",
    async setup() {
      server = await startS3();
      instance = new S3Storage({ bucket: TEST_BUCKET, endpoint: server.endpoint, forcePathStyle: true, credentials: TEST_CREDENTIALS });
    },
    teardown: () => server.stop(),
    storage: () => instance,
    objects: async () => {
      const listed = await instance.client.send(new ListObjectsV2Command({ Bucket: TEST_BUCKET }));
      return (listed.Contents ?? []).map((o) => o.Key!);
    },
  };
})();

describe.each([disk, s3] as (Backend & { setup(): unknown; teardown(): unknown })[])("storage contract: $name", (backend) => {
  beforeAll(() => backend.setup());
  afterAll(() => backend.teardown());

  it("stores a stream and reads it back whole, by range and by small random reads", async () => {
    const store = backend.storage();
    const bytes = randomBytes(300_000);
    const key = newStorageKey("versions", "bin");
    const { size } = await store.put(key, Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]), "application/pdf");
    expect(size).toBe(bytes.length);
    expect(await store.size(key)).toBe(bytes.length);
    expect(createHash("sha256").update(await collect(await store.get(key))).digest("hex")).toBe(
      createHash("sha256").update(bytes).digest("hex"),
    );
    expect(await collect(await store.get(key, { start: 10, end: 19 }))).toEqual(bytes.subarray(10, 20));
    expect(await store.read(key, bytes.length - 5, 100)).toEqual(bytes.subarray(bytes.length - 5));
    await store.delete(key);
    expect(await store.size(key)).toBeNull();
  });

  it("uploads a large stream in parts (16 MB+) with a consistent size", async () => {
    const store = backend.storage();
    const key = newStorageKey("versions", "bin");
    const part = randomBytes(1024 * 1024);
    const body = Readable.from((function* () {
      for (let i = 0; i < 17; i++) yield part;
    })());
    const { size } = await store.put(key, body, "application/octet-stream");
    expect(size).toBe(17 * part.length);
    expect(await store.size(key)).toBe(17 * part.length);
    expect(await store.read(key, 16 * part.length + 3, 4)).toEqual(part.subarray(3, 7));
    await store.delete(key);
  });

  it("leaves nothing behind when the body fails half-way", async () => {
    const store = backend.storage();
    const before = await backend.objects();
    const key = newStorageKey("versions", "bin");
    await expect(store.put(key, failingBody(9 * 1024 * 1024), "application/pdf")).rejects.toThrow();
    expect(await store.size(key)).toBeNull();
    expect(await backend.objects()).toEqual(before);
  });

  it("treats deleting a missing object as done, reports its size as null and a read of it as missing", async () => {
    const store = backend.storage();
    await store.delete("versions/doesnotexist.bin");
    expect(await store.size("versions/doesnotexist.bin")).toBeNull();
    await expect(store.get("versions/doesnotexist.bin")).rejects.toBeInstanceOf(MissingObjectError);
  });

  it("refuses keys that could escape the store", async () => {
    const store = backend.storage();
    for (const key of ["../etc/passwd", "versions/../../x", "/abs", "Versions/A.bin", ""]) {
      await expect(store.put(key, Readable.from([Buffer.from("x")]), "text/plain")).rejects.toThrow(/Invalid storage key/);
    }
  });
});

describe("partial files left by a crash (local disk)", () => {
  it("are removed at start once untouched for long enough; a fresh one, still being written, is left alone", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "cp-parts-"));
    try {
      mkdirSync(path.join(dir, "versions"), { recursive: true });
      const old = path.join(dir, "versions", "a.bin.1a2b3c.part");
      const fresh = path.join(dir, "versions", "b.bin.4d5e6f.part");
      const kept = path.join(dir, "versions", "c.bin");
      for (const file of [old, fresh, kept]) writeFileSync(file, "x");
      const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
      utimesSync(old, twoHoursAgo, twoHoursAgo);
      utimesSync(kept, twoHoursAgo, twoHoursAgo);
      expect(await new DiskStorage(dir).removeLeftoverParts(3_600_000)).toBe(1);
      expect(readdirSync(path.join(dir, "versions")).sort()).toEqual(["b.bin.4d5e6f.part", "c.bin"]);
      expect(await new DiskStorage(path.join(dir, "missing")).removeLeftoverParts(3_600_000)).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
