import { DeleteObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "~/lib/db.server";
import { makePdf } from "../helpers/pdf";
import { TEST_BUCKET, s3ServerEnv, s3TestClient, startS3 } from "../helpers/s3";
import { startServer, type RunningServer } from "../helpers/server";

/** The whole server with S3 storage: uploads go to the bucket, files come back with ranges. */
describe("the server on S3 storage (s3rver)", () => {
  let s3: Awaited<ReturnType<typeof startS3>>;
  let server: RunningServer;
  let client: S3Client;
  beforeAll(async () => {
    s3 = await startS3();
    server = await startServer(s3ServerEnv(s3.endpoint));
    client = s3TestClient(s3.endpoint);
  });
  afterAll(async () => {
    await server?.stop();
    if (server) rmSync(server.dataDir, { recursive: true, force: true });
    await s3?.stop();
  });

  async function objects() {
    const listed = await client.send(new ListObjectsV2Command({ Bucket: TEST_BUCKET }));
    return (listed.Contents ?? []).map((o) => o.Key!);
  }

  async function signIn(email: string) {
    const response = await fetch(`${server.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email, password: "preview-demo" }),
    });
    return response.headers.get("set-cookie")!.split(";")[0];
  }

  async function send(cookie: string, bytes: Buffer, name: string) {
    const form = new FormData();
    form.append("title", "Partner deck");
    form.append("kind", "collateral");
    form.append("teamIds", "1");
    form.append("file", new Blob([new Uint8Array(bytes)]), name);
    return fetch(`${server.url}/materials/upload`, { method: "POST", headers: { Origin: server.url, Cookie: cookie }, body: form });
  }

  it("stores an upload in the bucket and serves it back with Range support", async () => {
    const marketer = await signIn("marketer1@demo.test");
    const pdf = await makePdf({ pages: 6, padBytes: 12 * 1024 * 1024 }); // more than one multipart part
    const response = await send(marketer, pdf, "deck.pdf");
    expect(response.status, server.output()).toBe(201);
    const keys = await objects();
    expect(keys).toHaveLength(1);

    const database = openDatabase({ url: server.databaseUrl });
    const version = await database.models.MaterialVersion.findOne();
    await database.close();
    expect(version).toMatchObject({ storageKey: keys[0], size: pdf.length, pageCount: 6 });

    const member = await signIn("east.committee1@demo.test");
    const range = await fetch(`${server.url}/files/${version!.id}`, { headers: { Cookie: member, Range: "bytes=-64" } });
    expect(range.status).toBe(206);
    expect(Buffer.from(await range.arrayBuffer()).equals(pdf.subarray(pdf.length - 64))).toBe(true);
  });

  it("leaves no object behind when an upload is refused", async () => {
    const marketer = await signIn("marketer2@demo.test");
    const before = await objects();
    const truncated = (await makePdf({ pages: 2, padBytes: 200_000 })).subarray(0, 150_000);
    const response = await send(marketer, truncated, "cut.pdf");
    expect(response.status).toBe(422);
    expect(await objects()).toEqual(before);
  });

  it("answers a file that is gone from the bucket with a 404 that says so, in full and by range, and logs one line", async () => {
    const marketer = await signIn("marketer1@demo.test");
    const response = await send(marketer, await makePdf({ pages: 1 }), "gone.pdf");
    expect(response.status).toBe(201);
    const database = openDatabase({ url: server.databaseUrl });
    const version = (await database.models.MaterialVersion.findOne({ order: [["id", "DESC"]] }))!;
    await database.close();
    await client.send(new DeleteObjectCommand({ Bucket: TEST_BUCKET, Key: version.storageKey }));
    for (const headers of [{}, { Range: "bytes=0-99" }] as Record<string, string>[]) {
      const answer = await fetch(`${server.url}/files/${version.id}`, { headers: { Cookie: marketer, ...headers } });
      expect(answer.status).toBe(404);
      expect(await answer.text()).toBe("This file is missing from the file store. Ask marketing to upload this version again.");
    }
    await expect.poll(() => server.output()).toContain(`File missing from the file store: ${version.storageKey}.`);
    expect(server.output()).not.toMatch(/MissingObjectError|\n\s+at /);
  });
});
