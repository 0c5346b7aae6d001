import { data } from "@remix-run/node";
import { logger } from "./log.server";
import { InputError, isFormError } from "./errors";
import { FORM_LIMIT_BYTES, controlCharacterErrors, formTooLargeMessage, hasControlCharacters } from "./text-input";
import type { z } from "zod";
import { parseForm, type FieldErrors } from "./forms";

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
      logger().warn({ error: error instanceof Error ? error.message : String(error) }, "Database busy: a change was refused with 503");
      return { ok: false, errors: { form: "The database is busy with other changes right now, so nothing was saved. Please try again in a moment." }, status: 503 };
    }
    throw error;
  }
}

/** Runs a command for a page's form: done (`ok`, no errors), or its refusal as field errors with its status. */
export async function perform(fn: () => Promise<unknown>) {
  const result = await attempt(fn);
  return result.ok ? { ok: true as const, errors: {} } : invalid(result.errors, result.status);
}

/** Parses the form with the schema it was built from, then performs `fn` with what that gives; bad input is answered beside its fields. */
export async function performParsed<S extends z.ZodType>(schema: S, formData: FormData, fn: (input: z.output<S>) => Promise<unknown>) {
  const parsed = parseForm(schema, formData);
  if (!parsed.ok) return invalid(parsed.errors);
  return perform(() => fn(parsed.data));
}

/**
 * The longest value a form shows back after an error: the forms that show values back (sign
 * in, users, teams) hold one-line fields, the longest an email address (254). A longer value
 * is refused anyway, and is not sent back (a body of it would come back twice: in the field
 * and in the page's data).
 */
export const MAX_ECHOED_CHARACTERS = 254;

/** What was entered, to fill the form in again: never a password, never an over-long field. */
export function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value !== "string" || key === "password" || key === "confirm") continue;
    if (value.length <= MAX_ECHOED_CHARACTERS) values[key] = value;
  }
  return values;
}

/** The public origin for links: APP_URL when set, the request's own origin otherwise. */
export function originOf(request: Request, appUrl?: string): string {
  return appUrl ? new URL(appUrl).origin : new URL(request.url).origin;
}

/**
 * The posted form, read with a limit (64 KB unless the route states more) that is enforced
 * while the body arrives: a larger body is refused with a 413 that names the limit, and is
 * never held in memory whole. A field holding control characters is refused with a 400
 * beside it (text-input.ts). A body that is not a web form (JSON, a cut-off multipart body)
 * is a 400 with a message, not a 500: the app's pages only ever send forms.
 */
export async function readForm(request: Request, options: { limitBytes?: number } = {}): Promise<FormData> {
  const limit = options.limitBytes ?? FORM_LIMIT_BYTES;
  const tooLarge = () => new InputError({ form: formTooLargeMessage(limit) }, 413);
  // The rest of a refused body is not cancelled (that would destroy the socket before the
  // 413 is sent): the answer closes the connection, draining what is left first (http.server.ts).
  if (Number(request.headers.get("content-length") ?? 0) > limit) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let received = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
      if (received > limit) {
        reader.releaseLock();
        throw tooLarge();
      }
      chunks.push(value);
    }
  }
  let form: FormData;
  try {
    const headers = { "Content-Type": request.headers.get("content-type") ?? "" };
    form = await new Response(Buffer.concat(chunks), { headers }).formData();
  } catch {
    throw data(
      { message: "The form could not be read: it was not sent the way the app's pages send forms. Nothing was changed. Reload the page and try again." },
      { status: 400 },
    );
  }
  const controls = controlCharacterErrors(form.entries());
  if (controls) {
    // What was entered comes back (the fields at fault left out), and with it the form's
    // intent, so a page with several forms shows the errors beside the one that was sent.
    const values = Object.fromEntries(Object.entries(formValues(form)).filter(([name, value]) => !(name in controls) && !hasControlCharacters(name, value)));
    throw new InputError(controls, 400, values);
  }
  return form;
}
