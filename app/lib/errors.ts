/**
 * A request that cannot be carried out because of what the person entered. Routes turn it
 * into a 400 with each message shown beside its field; nothing has been written.
 */
export class InputError extends Error {
  constructor(
    public readonly fields: Record<string, string>,
    public readonly status = 400,
  ) {
    super(Object.values(fields).join(" "));
    this.name = "InputError";
  }
}

export function inputError(field: string, message: string, status = 400): InputError {
  return new InputError({ [field]: message }, status);
}

/**
 * The file store (disk or S3) failed or did not answer. Nothing was saved, and the same
 * request may well work in a minute: routes answer 503 with this message, never the
 * store's own error.
 */
export class StorageUnavailableError extends Error {
  readonly status = 503;
  constructor(action: "save" | "read", options?: { cause?: unknown }) {
    super(
      action === "save"
        ? "The file store is not answering right now, so the file was not saved and nothing was changed. Please try again in a few minutes."
        : "The file store is not answering right now, so the file cannot be shown. Please try again in a few minutes.",
      options,
    );
    this.name = "StorageUnavailableError";
  }
}
