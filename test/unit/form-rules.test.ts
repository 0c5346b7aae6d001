import { describe, expect, it } from "vitest";
import { formRules } from "~/lib/form-rules.server";
import { checkField, ruleAttributes } from "~/lib/form-rules";
import { parseForm } from "~/lib/forms";
import { UserFormSchema } from "~/schemas/user";
import { TeamFormSchema } from "~/schemas/team";
import { MaterialFormSchema } from "~/schemas/material";
import { PrePlanFields } from "~/schemas/plan";
import { AnswerFormSchema, CheckFormSchema, CommentFormSchema, MaterialEditSchema, ReplyFormSchema, VersionFormSchema } from "~/schemas/material";
import { EscalationDecisionSchema, EscalationMessageSchema, ReleaseOverObjectionSchema, RoundDecisionSchema } from "~/schemas/workflow";
import { materialPageRules } from "~/lib/http/material-page-actions.server";
import { escalationPageRules } from "~/lib/http/escalation-page-actions.server";
import type { FormRules } from "~/lib/form-rules";
import type { z } from "zod";
import { MAX_COMMENT_LENGTH } from "~/domain/materials";

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

  const page = materialPageRules();
  const escalation = escalationPageRules();
  // Each page form's rules against the schema its action parses with, the other fields as that form sends them.
  it.each([
    ["the comment form", page.comment, CommentFormSchema, { versionId: "1" }, ["category", "body"]],
    ["the reply form", page.reply, ReplyFormSchema, { commentId: "1" }, ["body"]],
    ["the decline form", page.decline, AnswerFormSchema, { commentId: "1", answer: "decline" }, ["reason"]],
    ["the check form", page.check, CheckFormSchema, { commentId: "1", check: "reopen" }, ["note"]],
    ["the round decision form", page.decide, RoundDecisionSchema, { roundId: "1", decision: "approved" }, ["summary"]],
    ["the release-over-objection form", page.releaseOverObjection, ReleaseOverObjectionSchema, {}, ["reason"]],
    ["the draft's edit form", page.edit, MaterialEditSchema, { teamIds: "1" }, ["title", "description"]],
    ["the new version form", page.version, VersionFormSchema, {}, ["changeNote"]],
    ["the escalation decision form", escalation.decide, EscalationDecisionSchema, { decision: "uphold" }, ["note"]],
    ["the escalation discussion form", escalation.message, EscalationMessageSchema, {}, ["body"]],
  ] as [string, FormRules, z.ZodType, Record<string, string>, string[]][])(
    "in %s, says in the browser exactly what its action says",
    (_, rules, schema, others, fields) => {
      expect(Object.keys(rules).sort()).toEqual([...fields].sort());
      for (const [name, rule] of Object.entries(rules)) {
        const cases = [" ", "", ...(rule.maxLength !== undefined ? ["y".repeat(rule.maxLength + 1)] : [])];
        for (const value of cases) {
          const browser = checkField(value, rule);
          const server = parseForm(schema, form({ ...others, [name]: value }));
          const said = server.ok ? null : (server.errors[name] ?? null);
          expect(browser, `${name} = ${value.length} characters`).toBe(said);
        }
        if (rule.maxLength !== undefined) expect(checkField("y".repeat(rule.maxLength), rule)).toBeNull();
      }
    },
  );

  it("gives the comment's limit and message to the browser from the schema", () => {
    const { body } = materialPageRules().comment;
    expect(body).toEqual({ required: true, maxLength: MAX_COMMENT_LENGTH, messages: { valueMissing: "Write the comment.", tooLong: "A comment has at most 5,000 characters." } });
  });
});
