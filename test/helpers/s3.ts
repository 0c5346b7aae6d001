import { S3Client } from "@aws-sdk/client-s3";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
// @ts-expect-error s3rver ships no type declarations
import S3rver from "s3rver";

export const TEST_BUCKET = "collateral-test";
export const TEST_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

/** The settings that point the app's server at the test bucket behind `endpoint` (the standard AWS credential chain reads the keys). */
export function s3ServerEnv(endpoint: string): Record<string, string> {
  return {
    S3_BUCKET: TEST_BUCKET,
    S3_ENDPOINT: endpoint,
    S3_FORCE_PATH_STYLE: "true",
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
  };
}

/** A client of the test bucket behind `endpoint`, for the tests' own checks. */
export function s3TestClient(endpoint: string) {
  return new S3Client({ region: "us-east-1", endpoint, forcePathStyle: true, credentials: TEST_CREDENTIALS });
}

/** A real S3-compatible server (s3rver) on 127.0.0.1 with one empty bucket. */
export async function startS3() {
  const directory = mkdtempSync(path.join(os.tmpdir(), "cp-s3-"));
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: TEST_BUCKET }],
  });
  // s3rver keeps each multipart upload in progress as a folder, but answers AbortMultipartUpload
  // (DELETE ?uploadId) with 405. This adds it, as S3 does it: the upload's parts are removed.
  const uploadsDir = (bucket: string) => server.store.getResourcePath(bucket, undefined, "uploads") as string;
  server.middleware.unshift(async (ctx: { method: string; path: string; query: Record<string, string>; status: number }, next: () => Promise<void>) => {
    const uploadId = ctx.query.uploadId;
    if (ctx.method !== "DELETE" || !uploadId) return next();
    const bucket = decodeURIComponent(ctx.path.split("/")[1] ?? "");
    rmSync(path.join(uploadsDir(bucket), path.basename(uploadId)), { recursive: true, force: true });
    ctx.status = 204;
  });
  const address = (await server.run()) as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    directory,
    /** Multipart uploads begun and neither completed nor aborted. */
    openMultipartUploads(bucket = TEST_BUCKET) {
      const dir = uploadsDir(bucket);
      return existsSync(dir) ? readdirSync(dir).length : 0;
    },
    async stop() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
