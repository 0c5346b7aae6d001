import { invalid, performParsed } from "~/lib/actions.server";
import { readPageForm } from "~/lib/http/page-form.server";
import { now } from "~/lib/clock.server";
import { db } from "~/lib/db.server";
import { formRules } from "~/lib/form-rules.server";
import { AgreeSchema, EscalationDecisionSchema, EscalationMessageSchema } from "~/schemas/workflow";
import { actOnEscalation } from "~/commands/act-on-escalation.server";
import { postEscalationMessage } from "~/commands/post-escalation-message.server";

/** The rules of the escalation page's forms, read from the schemas their actions parse with. */
export function escalationPageRules() {
  return {
    decide: formRules(EscalationDecisionSchema.pick({ note: true })),
    message: formRules(EscalationMessageSchema),
  };
}

export type EscalationPageRules = ReturnType<typeof escalationPageRules>;

/**
 * The escalation page's actions, one per form `intent`: propose or decide, agree with the
 * other manager's proposal, and post to the private discussion. Each parses its form with
 * the schema the form was built from and calls one command; refusals come back as field errors.
 */
export async function escalationPageAction(request: Request, rawEscalationId: string | undefined) {
  const page = await readPageForm(request, "home:view", rawEscalationId, "escalation");
  const { user, id: escalationId, formData } = page;
  const intent = page.intent ?? "decide";
  const at = now();
  switch (intent) {
    case "decide":
      return performParsed(EscalationDecisionSchema, formData, (input) => actOnEscalation(db(), user, escalationId, { type: "propose", ...input }, at));
    case "agree":
      return performParsed(AgreeSchema, formData, ({ proposalId }) => actOnEscalation(db(), user, escalationId, { type: "agree", proposalId }, at));
    case "message":
      return performParsed(EscalationMessageSchema, formData, ({ body }) => postEscalationMessage(db(), user, escalationId, body, at));
  }
  return invalid({ form: "That action is not available on this page." });
}
