import { describe, expect, it } from "vitest";
import { formRules } from "~/lib/form-rules.server";
import { checkField, ruleAttributes } from "~/lib/form-rules";
import { parseForm } from "~/lib/forms";
import { UserFormSchema } from "~/schemas/user";
import { TeamFormSchema } from "~/schemas/team";
import { MaterialFormSchema } from "~/schemas/material";
import { PrePlanFields } from "~/schemas/plan";

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};

describe("form rules read from the schemas", () => {
  it("takes the user form's limits and messages from UserFormSchema", () => {
    const rules = formRules(UserFormSchema);
    expect(rules.name).toEqual({ required: true, maxLength: 120, messages: { valueMissing: "Enter a name.", tooLong: "A name has at most 120 characters." } });
    expect(rules.email).toMatchObject({ required: true, maxLength: 254, messages: { valueMissing: "Enter an email address." } });
    // A choice that must be made says so too.
    expect(rules.role).toEqual({ required: true, messages: { valueMissing: "Choose a role." } });
    expect(ruleAttributes(rules.name)).toEqual({ maxLength: 120, required: true });
  });

  it("makes an optional field's limit a limit, not a requirement", () => {
    const rules = formRules(MaterialFormSchema);
    expect(rules.description).toEqual({ maxLength: 5000, messages: { tooLong: "A description has at most 5,000 characters." } });
    expect(checkField("", rules.description)).toBeNull();
  });

  it.each([
    ["the user form", UserFormSchema],
    ["the team form", TeamFormSchema],
    ["the material form", MaterialFormSchema],
    ["the pre-plan form", PrePlanFields],
  ] as const)("in %s, says in the browser exactly what the server says", (_, schema) => {
    const rules = formRules(schema);
    expect(Object.keys(rules).length).toBeGreaterThan(0);
    for (const [name, rule] of Object.entries(rules)) {
      const cases = [" ", ...(rule.maxLength !== undefined ? ["y".repeat(rule.maxLength + 1)] : [])];
      for (const value of cases) {
        const browser = checkField(value, rule);
        const server = parseForm(schema, form({ [name]: value }));
        const said = server.ok ? null : (server.errors[name] ?? null);
        expect(browser, `${name} = ${value.length} characters`).toBe(said);
      }
      if (rule.maxLength !== undefined) expect(checkField("y".repeat(rule.maxLength), rule)).toBeNull();
    }
  });
});
