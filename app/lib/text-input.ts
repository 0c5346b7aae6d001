import { formatBytes } from "./format";

/**
 * The one check of text that people send: every form field (forms and uploads) and every
 * query string. Control characters (NUL, escape, backspace…) are invisible, break other
 * programs (PostgreSQL refuses NUL; a calendar file or a CSV read them as structure) and are
 * never meant, so they are refused with a 400 and a message, never stored. Tab and line
 * breaks are part of what a person writes in a long text (a comment, a description), and
 * only there.
 */

/** Fields written in a textarea, where tab and line breaks are text. */
export const LONG_TEXT_FIELDS: ReadonlySet<string> = new Set([
  "body",
  "description",
  "changeNote",
  "note",
  "reason",
  "explanation",
  "summary",
  "salesGoals",
  "marketingGoals",
  "strategiesWithoutSales",
  "prospectProfile",
  "prospectProfileWhy",
  "tacticChanges",
]);

/** Fields checked elsewhere: a post-login target that is not safe is ignored (safeRedirect), not an error. */
const CHECKED_ELSEWHERE: ReadonlySet<string> = new Set(["redirectTo"]);

// eslint-disable-next-line no-control-regex
const ANY_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** Does the text hold any control character at all (line breaks included)? For addresses and one-line text. */
export function hasAnyControlCharacter(text: string): boolean {
  return ANY_CONTROL.test(text);
}

/**
 * Does a raw address (path and query, as sent) carry a control character, typed or
 * percent-encoded? Read byte by byte, so that a malformed sequence elsewhere in it (a lone
 * "%") cannot hide one: `%00`–`%1F`, `%7F`, and the UTF-8 of U+0080–U+009F (`%C2%80`–`%C2%9F`).
 */
export function addressHasControlCharacter(raw: string): boolean {
  return ANY_CONTROL.test(raw) || /%(?:[01][0-9a-f]|7f)|%c2%[89][0-9a-f]/i.test(raw);
}

/** The text with every run of control characters made one space: for writing stored text where structure matters (a calendar file). */
export function oneLine(text: string): string {
  return text.replace(new RegExp(ANY_CONTROL.source, "g"), " ").replace(/ {2,}/g, " ").trim();
}

/** Does this value hold characters no person types in a field of this name? */
export function hasControlCharacters(name: string, value: string): boolean {
  if (CHECKED_ELSEWHERE.has(name)) return false;
  // A one-line field is trimmed before it is kept: a tab or line break at its ends (a cell
  // pasted from a spreadsheet) is whitespace, not a problem.
  return LONG_TEXT_FIELDS.has(name) ? CONTROL_BUT_LINES.test(value) : ANY_CONTROL.test(value.trim());
}

export function controlCharacterMessage(name: string): string {
  return LONG_TEXT_FIELDS.has(name)
    ? "This text contains invisible control characters (such as NUL), which cannot be saved. Retype the text, or paste it as plain text, and send it again."
    : "This contains invisible control characters (such as NUL, a tab or a line break), which cannot be saved here. Retype it on one line and send it again.";
}

/** Each field that holds control characters, with the message to show beside it; null when there is none. */
export function controlCharacterErrors(entries: Iterable<[string, FormDataEntryValue]>): Record<string, string> | null {
  let errors: Record<string, string> | null = null;
  for (const [name, value] of entries) {
    if (typeof value !== "string" || !hasControlCharacters(name, value)) continue;
    errors ??= {};
    // A field whose name itself is not one of the page's gets the form-level message.
    const field = /^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(name) ? name : "form";
    errors[field] ??= controlCharacterMessage(name);
    // Said at the top of the form too: the field may be one the page does not show.
    errors.form ??= "Something you entered contains invisible control characters (such as NUL), so nothing was saved. Retype what you pasted, or paste it as plain text, and send it again.";
  }
  return errors;
}

/** The limit on an ordinary form's body: far above any form the app's pages send. */
export const FORM_LIMIT_BYTES = 64 * 1024;

export function formTooLargeMessage(limitBytes: number): string {
  return `The form is larger than the limit of ${formatBytes(limitBytes)}, so nothing was saved. Shorten what you wrote and send it again.`;
}
