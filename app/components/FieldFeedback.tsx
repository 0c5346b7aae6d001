import { useFetcher } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { ChoiceField, Field, FormError } from "./Field";
import { useFormRules } from "~/hooks/useFormRules";
import type { FormRules } from "~/lib/form-rules";
import { OUTCOMES, OUTCOME_LABELS, type FeedbackItem } from "~/domain/feedback";

type Result = { ok?: true; id?: number; errors?: Record<string, string> };


export interface FeedbackSectionData {
  materialId: number;
  released: boolean;
  items: FeedbackItem[];
  form: { segments: { id: number; name: string }[]; pageCount: number; rules: FormRules } | null;
  replyRules: FormRules;
}

/** The material page's "From the field": what reps report after using it with customers, and the form to report. */
export function FieldFeedbackSection({ data }: { data: FeedbackSectionData }) {
  if (!data.released && data.items.length === 0) return null;
  return (
    <section className="card" id="from-the-field" aria-labelledby="from-the-field-heading">
      <h2 id="from-the-field-heading">From the field ({data.items.length})</h2>
      {data.form ? <FeedbackForm materialId={data.materialId} form={data.form} /> : null}
      {data.items.length === 0 ? <p className="muted">No feedback from the field yet.</p> : null}
      <ol className="threads" data-testid="feedback-list">
        {data.items.map((item) => (
          <FeedbackEntry key={item.id} item={item} replyRules={data.replyRules} />
        ))}
      </ol>
    </section>
  );
}

function FeedbackForm({ materialId, form }: { materialId: number; form: NonNullable<FeedbackSectionData["form"]> }) {
  const fetcher = useFetcher<Result>();
  const check = useFormRules(form.rules);
  const saved = fetcher.state === "idle" && fetcher.data?.ok;
  const errors = saved ? {} : { ...check.errors, ...(fetcher.data?.errors ?? {}) };
  return (
    <details open={Object.keys(errors).length > 0 || undefined}>
      <summary>Tell marketing how it went</summary>
      <fetcher.Form method="post" action={`/materials/${materialId}/feedback`} noValidate onSubmit={check.onSubmit} key={saved ? `saved-${fetcher.data?.id}` : "form"} data-testid="feedback-form">
        <input type="hidden" name="intent" value="feedback" />
        <FormError error={errors.form} />
        <ChoiceField name="outcome" legend="How it went" choices={OUTCOMES.map((o) => ({ value: o, label: OUTCOME_LABELS[o] }))} error={errors.outcome} />
        <Field
          name="segmentId"
          label="Customer segment or industry"
          error={errors.segmentId}
          hint={form.segments.length === 0 ? "There are no segments to choose from yet: an admin adds them under Admin → Customer segments." : undefined}
        >
          {(p) => (
            <select {...p} defaultValue="">
              <option value="">Choose…</option>
              {form.segments.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="body" label="What happened" error={errors.body}>
          {(p) => <textarea {...p} {...check.attributes("body")} rows={4} />}
        </Field>
        <Field name="page" label="Page it concerns (optional)" error={errors.page} hint={`1 to ${form.pageCount}`}>
          {(p) => <input {...p} type="number" min={1} max={form.pageCount} className="short" />}
        </Field>
        <button type="submit" disabled={fetcher.state !== "idle"}>
          Post feedback
        </button>
      </fetcher.Form>
      {saved ? (
        <p role="status" className="muted">
          Thank you: marketing is told.
        </p>
      ) : null}
    </details>
  );
}

/** One piece of feedback and its thread, with the reply form for those who may answer. */
export function FeedbackEntry({ item, replyRules, showMaterial = false }: { item: FeedbackItem; replyRules: FormRules; showMaterial?: boolean }) {
  const fetcher = useFetcher<Result>();
  const check = useFormRules(replyRules);
  const saved = fetcher.state === "idle" && fetcher.data?.ok;
  const errors = saved ? {} : { ...check.errors, ...(fetcher.data?.errors ?? {}) };
  const textarea = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (saved && textarea.current) textarea.current.value = "";
  }, [saved]);
  return (
    <li id={`feedback-${item.id}`} className="thread" data-testid={`feedback-${item.id}`}>
      <p>
        <strong className={`outcome outcome-${item.outcome}`}>{item.outcomeLabel}</strong> · {item.segment}
        {item.page ? ` · page ${item.page}` : ""} · {item.author.name} ({item.team}) · <time dateTime={item.createdAt}>{item.createdAt.slice(0, 10)}</time>
        {showMaterial ? (
          <>
            {" · "}
            <a href={`/materials/${item.material.id}#feedback-${item.id}`}>{item.material.title}</a>
          </>
        ) : null}
        <span className="muted"> · version {item.version}</span>
      </p>
      <p className="prewrap">{item.body}</p>
      {item.replies.length ? (
        <ul className="replies">
          {item.replies.map((r) => (
            <li key={r.id}>
              <strong>{r.author.name}:</strong> <span className="prewrap">{r.body}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {item.canReply ? (
        <fetcher.Form method="post" action={`/materials/${item.material.id}/feedback`} noValidate onSubmit={check.onSubmit} className="reply">
          <input type="hidden" name="intent" value="reply" />
          <input type="hidden" name="feedbackId" value={item.id} />
          <FormError error={errors.form ?? errors.feedbackId} />
          <Field name="body" label="Reply" error={errors.body}>
            {(p) => <textarea {...p} {...check.attributes("body")} ref={textarea} rows={2} />}
          </Field>
          <button type="submit" className="secondary" disabled={fetcher.state !== "idle"}>
            Reply
          </button>
        </fetcher.Form>
      ) : null}
    </li>
  );
}
