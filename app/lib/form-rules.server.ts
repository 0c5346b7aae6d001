import { z } from "zod";
import type { FieldRule, FormRules } from "./form-rules";

type JsonProperty = { type?: string; minLength?: number; maxLength?: number };

/** The message `schema` gives for `field` holding `value`, asked of the schema itself. */
function messageFor(schema: z.ZodType, field: string, value: string): string | undefined {
  const result = schema.safeParse({ [field]: value });
  if (result.success) return undefined;
  return result.error.issues.find((issue) => issue.path[0] === field)?.message;
}

/**
 * The rules of a form's text fields, read from its zod schema: the lengths through zod's own
 * JSON Schema export, the messages by asking the schema about a value just past each limit.
 * What the browser checks and what the server answers cannot drift apart.
 */
export function formRules(schema: z.ZodObject): FormRules {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as { properties?: Record<string, JsonProperty>; required?: string[] };
  const required = new Set(json.required ?? []);
  const rules: FormRules = {};
  for (const [name, property] of Object.entries(json.properties ?? {})) {
    if (property.type !== "string") continue;
    const rule: FieldRule = { messages: {} };
    if (property.maxLength !== undefined) {
      rule.maxLength = property.maxLength;
      rule.messages.tooLong = messageFor(schema, name, "x".repeat(property.maxLength + 1));
    }
    if ((property.minLength ?? 0) > 0 || required.has(name)) {
      const missing = messageFor(schema, name, "");
      if (missing) {
        rule.required = true;
        rule.messages.valueMissing = missing;
      }
    }
    if ((property.minLength ?? 0) > 1) {
      rule.minLength = property.minLength;
      rule.messages.tooShort = messageFor(schema, name, "x".repeat(property.minLength! - 1));
    }
    if (rule.maxLength !== undefined || rule.required || rule.minLength !== undefined) rules[name] = rule;
  }
  return rules;
}
