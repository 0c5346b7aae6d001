/**
 * The one error type of services and the workflow: a code, and messages a person
 * understands (under the form field they belong beside, or `form` / `message`). Nothing
 * has been written when it is thrown. The HTTP adapter (http-errors.server.ts) turns it
 * into a page or a form's errors; services never speak HTTP themselves.
 */
export type ErrorCode = "invalid" | "forbidden" | "not_found" | "conflict" | "gone" | "too_large" | "unprocessable";

/** The one mapping from codes to HTTP statuses. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  too_large: 413,
  unprocessable: 422,
};

const CODE_OF_STATUS = Object.fromEntries(Object.entries(HTTP_STATUS).map(([code, status]) => [status, code as ErrorCode]));

/** Shown beside the form's fields (not as an error page): what was entered, or the state the thing is in. */
export function isFormError(error: unknown): error is AppError {
  return error instanceof InputError || (error instanceof AppError && error.code !== "forbidden" && error.code !== "not_found");
}

export class AppError extends Error {
  constructor(
    public readonly code: ErrorCode,
    public readonly fields: Record<string, string>,
  ) {
    super(Object.values(fields).join(" "));
    this.name = "AppError";
  }

  get status(): number {
    return HTTP_STATUS[this.code];
  }
}

/**
 * What the person entered (or the state the thing is in) does not allow the request.
 * Routes show each message beside its field, whatever its status.
 */
export class InputError extends AppError {
  constructor(
    fields: Record<string, string>,
    private readonly httpStatus = 400,
    /** What to fill the form in with again (the `intent` of a page with several forms, say). */
    public readonly values?: Record<string, string>,
  ) {
    super(CODE_OF_STATUS[httpStatus] ?? "invalid", fields);
    this.name = "InputError";
  }

  /** An upload's own statuses (415 for a file type, say) are kept as they are. */
  override get status(): number {
    return this.httpStatus;
  }
}

/** A refusal of the workflow, thrown: forbidden and not-found become pages, the rest form errors. */
export function refused(refusal: { code: ErrorCode; message: string; field?: string }): never {
  const field = refusal.field ?? (refusal.code === "forbidden" || refusal.code === "not_found" ? "message" : "form");
  throw new AppError(refusal.code, { [field]: refusal.message });
}

/** The thing is missing, or the actor may not know it exists: the same answer either way. */
export function notFound(what = "page"): never {
  throw new AppError("not_found", { message: `We couldn't find that ${what}.` });
}

/**
 * The file store (disk or S3) failed or did not answer. Nothing was saved, and the same
 * request may well work in a minute: routes answer 503 with this message, never the
 * store's own error.
 */
export class StorageUnavailableError extends Error {
  /** 503, or 507 when the store is full (retrying will not help until space is made). */
  readonly status: number;
  constructor(action: "save" | "read", options?: { cause?: unknown }) {
    const full = action === "save" && isStoreFull(options?.cause);
    super(
      full
        ? "The file store is full, so the file was not saved and nothing was changed. Tell your administrator; once there is space again, upload the file again."
        : action === "save"
          ? "The file store is not answering right now, so the file was not saved and nothing was changed. Please try again in a few minutes."
          : "The file store is not answering right now, so the file cannot be shown. Please try again in a few minutes.",
      options,
    );
    this.status = full ? 507 : 503;
    this.name = "StorageUnavailableError";
  }
}

/** The disk (or its quota) has no room left. */
function isStoreFull(cause: unknown): boolean {
  const code = (cause as { code?: string } | null)?.code;
  return code === "ENOSPC" || code === "EDQUOT";
}
