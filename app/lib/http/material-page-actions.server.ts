import { attempt, invalid, perform, performParsed } from "~/lib/actions.server";
import { readPageForm } from "~/lib/http/page-form.server";
import { now } from "~/lib/clock.server";
import { db } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { requirePermission } from "~/lib/permissions.server";
import { formRules } from "~/lib/form-rules.server";
import { AnswerFormSchema, CheckFormSchema, CommentFields, CommentFormSchema, DeclineFields, MaterialEditSchema, ReplyFormSchema, SettleFormSchema, VersionFormSchema } from "~/schemas/material";
import { checkComment } from "~/commands/check-comment.server";
import { archiveMaterial } from "~/commands/archive-material.server";
import { editMaterial } from "~/commands/edit-material.server";
import { withdrawPreview } from "~/commands/withdraw-preview.server";
import { ReleaseOverObjectionSchema, RoundDecisionSchema } from "~/schemas/workflow";
import { decideRound } from "~/commands/decide-round.server";
import { releaseMaterial } from "~/commands/release-material.server";
import { submitForPreview } from "~/commands/submit-for-preview.server";
import { addComment } from "~/commands/add-comment.server";
import { replyToComment } from "~/commands/reply-to-comment.server";
import { answerComment } from "~/commands/answer-comment.server";
import { settleComment } from "~/commands/settle-comment.server";
import { UsedFormSchema } from "~/schemas/usage";
import { recordUse } from "~/queries/usage.server";

/**
 * The rules of the material page's forms, read from the schemas their actions parse with
 * (only the fields a person fills in: hidden ids and buttons are the server's to check).
 */
export function materialPageRules() {
  return {
    comment: formRules(CommentFields.pick({ category: true, body: true })),
    reply: formRules(ReplyFormSchema.pick({ body: true })),
    decline: formRules(DeclineFields.pick({ reason: true })),
    check: formRules(CheckFormSchema.pick({ note: true })),
    decide: formRules(RoundDecisionSchema.pick({ summary: true })),
    releaseOverObjection: formRules(ReleaseOverObjectionSchema),
    edit: formRules(MaterialEditSchema.pick({ title: true, description: true })),
    /** The new version's form posts to the upload route, which parses it with the same schema. */
    version: formRules(VersionFormSchema),
  };
}

export type MaterialPageRules = ReturnType<typeof materialPageRules>;

/**
 * The material page's actions, one per form `intent`: comments and their answers, decisions,
 * release, marketing's controls and use with a customer. Each parses its form with the
 * schema the form was built from and calls one command; refusals come back as field errors.
 */
export async function materialPageAction(request: Request, rawMaterialId: string | undefined) {
  const { user, id: materialId, formData, intent } = await readPageForm(request, "material:list", rawMaterialId, "material");
  const database = db();
  const at = now();
  // Marketing's own intents answer 403 to everyone else before their form is read.
  if (intent === "release" || intent === "release_over_objection" || intent === "archive") requirePermission(user, "material:release");
  if (intent === "edit") requirePermission(user, "material:create");
  if (intent === "withdraw_preview") requirePermission(user, "material:submit");

  switch (intent) {
    case "comment": {
      const parsed = parseForm(CommentFormSchema, formData);
      if (!parsed.ok) return invalid(parsed.errors);
      const result = await attempt(() => addComment(database, user, materialId, parsed.data, at));
      return result.ok ? { ok: true as const, errors: {}, commentId: result.value.id } : invalid(result.errors, result.status);
    }
    case "reply":
      return performParsed(ReplyFormSchema, formData, (input) => replyToComment(database, user, materialId, input, at));
    case "answer":
      return performParsed(AnswerFormSchema, formData, (input) => answerComment(database, user, materialId, input, at));
    case "settle":
      return performParsed(SettleFormSchema, formData, (input) => settleComment(database, user, materialId, input, at));
    case "check":
      return performParsed(CheckFormSchema, formData, (input) => checkComment(database, user, materialId, input, at));
    case "edit":
      return performParsed(MaterialEditSchema, formData, (input) => editMaterial(database, user, materialId, input, at));
    case "withdraw_preview":
      return perform(() => withdrawPreview(database, user, materialId, at));
    case "archive":
      return perform(() => archiveMaterial(database, user, materialId, at));
    case "submit":
      return perform(() => submitForPreview(database, user, materialId, at));
    case "release":
      if (formData.get("confirm") !== "yes") return invalid({ form: "Confirm the release: open “Release to the sales teams…” and press “Yes, release it”." });
      return perform(() => releaseMaterial(database, user, materialId, at));
    case "release_over_objection":
      return performParsed(ReleaseOverObjectionSchema, formData, ({ reason }) => releaseMaterial(database, user, materialId, at, { overObjection: true, reason }));
    case "used":
      return performParsed(UsedFormSchema, formData, (input) => recordUse(database, user, materialId, input, at));
    case "decide":
      return performParsed(RoundDecisionSchema, formData, (input) => decideRound(database, user, materialId, input, at));
  }
  return invalid({ form: "That action is not available on this page." });
}
