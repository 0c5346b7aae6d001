import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { attempt, readForm } from "~/lib/actions.server";
import type { FieldErrors } from "~/lib/forms";
import { now } from "~/lib/clock.server";
import { db } from "~/lib/db.server";
import { AppError, InputError } from "~/lib/errors";
import { parseForm } from "~/lib/forms";
import { requireId, requireUserWith } from "~/lib/permissions.server";
import { FeedbackFormSchema, FeedbackReplySchema } from "~/schemas/feedback";
import { postFeedback, requireFeedbackPoster } from "~/commands/post-feedback.server";
import { replyToFeedback, requireFeedbackReplier } from "~/commands/reply-to-feedback.server";

/** A resource route answers with a Response of its own: the status is the refusal's. */
const invalid = (errors: FieldErrors, status: number, values: Record<string, string>) => Response.json({ errors, values }, { status });

/**
 * POST `/materials/:id/feedback`: a rep's feedback from the field (intent "feedback") and a
 * reply in its thread (intent "reply"), sent from the material page and from "From the
 * field". Who may is settled before the form is read; bad input comes back beside its field.
 * Without JavaScript, success returns to where the form was.
 */
export async function action(args: ActionFunctionArgs) {
  try {
    return await feedbackAction(args);
  } catch (error) {
    // Answered here: a resource route has no error page to show them on.
    if (!(error instanceof AppError)) throw error;
    // A form that cannot be read (too large, control characters): beside its field, like any bad input.
    if (error.code !== "forbidden" && error.code !== "not_found") return Response.json({ errors: error.fields }, { status: error.status });
    const message = Object.values(error.fields).join(" ");
    if ((args.request.headers.get("accept") ?? "").includes("text/html")) {
      return new Response(`${message}\n`, { status: error.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    }
    return Response.json({ errors: { form: message } }, { status: error.status });
  }
}

async function feedbackAction({ request, params }: ActionFunctionArgs) {
  const user = await requireUserWith(request, "material:list");
  const materialId = requireId(params.materialId, "material");
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const database = db();
  const at = now();
  const done = (id: number) => {
    // A browser's own form post (no JavaScript) asks for a page: it goes back to where it was.
    if (!(request.headers.get("accept") ?? "").includes("text/html")) return Response.json({ ok: true, intent, errors: {}, id });
    const back = request.headers.get("referer");
    return redirect(back && new URL(back).origin === new URL(request.url).origin ? back : `/materials/${materialId}#feedback-${id}`);
  };
  if (intent === "feedback") {
    const result = await attempt(async () => {
      await requireFeedbackPoster(database, user, materialId);
      const parsed = parseForm(FeedbackFormSchema, form);
      if (!parsed.ok) throw new InputError(parsed.errors);
      return postFeedback(database, user, materialId, parsed.data, at);
    });
    return result.ok ? done(result.value.id) : invalid(result.errors, result.status, { intent });
  }
  if (intent === "reply") {
    const feedbackId = Number(form.get("feedbackId"));
    const result = await attempt(async () => {
      if (Number.isSafeInteger(feedbackId) && feedbackId > 0) await requireFeedbackReplier(database, user, materialId, feedbackId);
      const parsed = parseForm(FeedbackReplySchema, form);
      if (!parsed.ok) throw new InputError(parsed.errors);
      return replyToFeedback(database, user, materialId, parsed.data, at);
    });
    return result.ok ? done(result.value.feedbackId) : invalid(result.errors, result.status, { intent, feedbackId: String(form.get("feedbackId") ?? "") });
  }
  return invalid({ form: "That action is not available here." }, 400, { intent });
}

export function loader() {
  return new Response("Post feedback with the form on the material page.\n", { status: 405, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
