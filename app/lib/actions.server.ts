import { data } from "@remix-run/node";
import { isFormError } from "./errors";
import type { FieldErrors } from "./forms";

export type ActionErrors = { errors: FieldErrors; values?: Record<string, string> };

/** A 400 (or the error's own status) with each message under its field name. */
export function invalid(errors: FieldErrors, status = 400, values?: Record<string, string>) {
  return data<ActionErrors>({ errors, values }, { status });
}

/** SQLite's "another process holds the write lock longer than the busy timeout", as Sequelize reports it. */
export function isDatabaseBusy(error: unknown): boolean {
  const e = error as { name?: string; code?: string; parent?: { code?: string }; original?: { code?: string } } | null;
  return e?.name === "SequelizeTimeoutError" || [e?.code, e?.parent?.code, e?.original?.code].includes("SQLITE_BUSY");
}

/**
 * Runs a service call; an invalid-input or conflict AppError becomes the form's field errors, a database too busy
 * to write becomes a 503 that asks to try again (nothing was written: the transaction
 * rolled back), anything else propagates to the error boundary (logged, never shown).
 */
export async function attempt<T>(fn: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; errors: FieldErrors; status: number }> {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    // Forbidden and not-found go on to the adapter (http-errors.server.ts): they are pages, not form errors.
    if (isFormError(error)) return { ok: false, errors: error.fields, status: error.status };
    if (isDatabaseBusy(error)) {
      console.error(`Database busy: ${error instanceof Error ? error.message : String(error)}`);
      return { ok: false, errors: { form: "The database is busy with other changes right now, so nothing was saved. Please try again in a moment." }, status: 503 };
    }
    throw error;
  }
}

export function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === "string" && key !== "password" && key !== "confirm") values[key] = value;
  }
  return values;
}

/** The public origin for links: APP_URL when set, the request's own origin otherwise. */
export function originOf(request: Request, appUrl?: string): string {
  return appUrl ? new URL(appUrl).origin : new URL(request.url).origin;
}

/**
 * The posted form. A body that is not a web form (JSON, a cut-off multipart body) is a 400
 * with a message, not a 500: the app's pages only ever send forms, so this is a client
 * (or a person with curl) sending something else.
 */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw data(
      { message: "The form could not be read: it was not sent the way the app's pages send forms. Nothing was changed. Reload the page and try again." },
      { status: 400 },
    );
  }
}
