/**
 * What a form's fields must satisfy before it is sent, with the messages the server would
 * give: computed from the form's zod schema on the server (form-rules.server.ts) and checked
 * in the browser here, without zod. Limits, names and messages so come from one place.
 */
export interface FieldRule {
  required?: boolean;
  minLength?: number;
  maxLength?: number;
  messages: { valueMissing?: string; tooShort?: string; tooLong?: string };
}

export type FormRules = Record<string, FieldRule>;

/** The message the server would give for this value, or null when the rule holds. */
export function checkField(value: string, rule: FieldRule | undefined): string | null {
  if (!rule) return null;
  const text = value.trim();
  if (text === "" && (rule.required || (rule.minLength ?? 0) > 0)) return rule.messages.valueMissing ?? null;
  if (rule.minLength !== undefined && text !== "" && text.length < rule.minLength) return rule.messages.tooShort ?? null;
  if (rule.maxLength !== undefined && value.length > rule.maxLength) return rule.messages.tooLong ?? null;
  return null;
}

/** Every field of `form` its rules refuse, with the message; empty when all hold. */
export function checkForm(form: HTMLFormElement, rules: FormRules): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [name, rule] of Object.entries(rules)) {
    const field = form.elements.namedItem(name);
    if (!(field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement || field instanceof HTMLSelectElement) || field.type === "hidden") continue;
    const message = checkField(field.value, rule);
    if (message) errors[name] = message;
  }
  return errors;
}

/** The attributes a control takes from its rule: the browser then stops typing past the limit. */
export function ruleAttributes(rule: FieldRule | undefined): { maxLength?: number; required?: boolean } {
  if (!rule) return {};
  return { ...(rule.maxLength !== undefined ? { maxLength: rule.maxLength } : {}), ...(rule.required ? { required: true } : {}) };
}
