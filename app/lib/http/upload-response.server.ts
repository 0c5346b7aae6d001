import { InputError, StorageUnavailableError } from "../errors";
import { logger } from "../log.server";
import type { FieldErrors } from "../forms";
import type { ReceivedUpload } from "./receive-upload.server";

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
