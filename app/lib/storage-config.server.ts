import path from "node:path";
import type { Env } from "./env.server";
import { DiskStorage, S3Storage, type Storage } from "./storage.server";

/** S3 when S3_BUCKET is set (credentials from the standard AWS chain), local disk otherwise. */
export function storageFromEnv(settings: Env): Storage {
  if (settings.S3_BUCKET) {
    return new S3Storage({
      bucket: settings.S3_BUCKET,
      region: settings.S3_REGION,
      endpoint: settings.S3_ENDPOINT,
      forcePathStyle: settings.S3_FORCE_PATH_STYLE,
    });
  }
  return new DiskStorage(path.resolve(settings.FILES_DIR));
}
