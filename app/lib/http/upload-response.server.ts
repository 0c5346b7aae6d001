import { InputError, StorageUnavailableError } from "../errors";
import { logger } from "../log.server";
import type { z } from "zod";
import { parseForm, type FieldErrors } from "../forms";
import { storage } from "../storage.server";
import { maxUploadBytes, receiveUpload, type ReceivedFile, type ReceivedUpload } from "./receive-upload.server";

/**
 * Uploads answer in JSON, for the page's progress-bar uploader: `{ ok, url }` or
 * `{ ok: false, errors }` with the status that fits (400, 413, 415, 422; 503 when the file
 * store fails, logged for the operator). Whatever fails after the file reached storage
 * removes it again.
 */
export async function uploadAnswer<U extends Pick<ReceivedUpload, "discard"> = ReceivedUpload>(
  receive: () => Promise<U>,
  save: (upload: U) => Promise<{ url: string } | { errors: FieldErrors; status?: number }>,
): Promise<Response> {
  let upload: U | null = null;
  try {
    upload = await receive();
    const result = await save(upload);
    if ("errors" in result) {
      await upload.discard();
      return Response.json({ ok: false, errors: result.errors }, { status: result.status ?? 400 });
    }
    return Response.json({ ok: true, url: result.url }, { status: 201 });
  } catch (error) {
    await upload?.discard();
    if (error instanceof InputError) return Response.json({ ok: false, errors: error.fields }, { status: error.status });
    if (error instanceof StorageUnavailableError) {
      logger().error({ err: error.cause ?? error }, `Upload not stored: ${error.message}`);
      return Response.json({ ok: false, errors: { form: error.message } }, { status: error.status, headers: error.status === 503 ? { "Retry-After": "60" } : {} });
    }
    throw error;
  }
}

/**
 * A version's file with the form it came in (a new material, or a new version of one): the
 * file streams to storage, the fields are parsed with `schema`, and `save` runs only when
 * both are there; otherwise every field's error, the missing file's too, comes back at once.
 */
export function uploadVersion<S extends z.ZodType>(request: Request, schema: S, save: (input: z.output<S>, file: ReceivedFile) => Promise<{ url: string }>): Promise<Response> {
  return uploadAnswer(
    () => receiveUpload(request, { storage: storage(), maxBytes: maxUploadBytes(), keyPrefix: "versions" }),
    async ({ fields, file }) => {
      const parsed = parseForm(schema, fields);
      const errors = parsed.ok ? {} : parsed.errors;
      if (!file) errors.file = "Choose a file: a PDF, PNG, JPEG or WebP.";
      if (!parsed.ok || !file) return { errors };
      return save(parsed.data, file);
    },
  );
}
