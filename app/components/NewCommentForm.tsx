import type { ActionResult } from "./action-result";
import { useFetcher } from "@remix-run/react";
import { useEffect, useRef } from "react";
import type { Placement } from "~/components/PageSurface";
import { Field, FormError } from "~/components/Field";
import { COMMENT_CATEGORIES, COMMENT_CATEGORY_LABELS } from "~/domain/materials";
import { useFormRules } from "~/hooks/useFormRules";
import type { FormRules } from "~/lib/form-rules";
import { MentionTextarea } from "~/components/MentionTextarea";
import { labelled } from "~/components/Options";
import type { Mentionable } from "~/domain/mentions";
import { SelectField } from "~/components/SelectField";

export type Draft = Placement | null;

export function describePlacement(p: Placement) {
  return p.w && p.h ? `an area of page ${p.page}` : `page ${p.page}`;
}

export function NewCommentForm({
  versionId,
  draft,
  people,
  rules,
  onDone,
}: {
  versionId: number;
  draft: Draft;
  people: Mentionable[];
  /** The schema's rules (formRules): checked before sending, with the server's messages. */
  rules?: FormRules;
  onDone(commentId?: number): void;
}) {
  const fetcher = useFetcher<ActionResult & { commentId?: number }>();
  const check = useFormRules(rules);
  const errors: Record<string, string | undefined> = { ...fetcher.data?.errors, ...check.errors };
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) onDone(fetcher.data.commentId);
  }, [fetcher.state, fetcher.data, onDone]);
  // Placing a pin or choosing the whole document leads straight to the form.
  useEffect(() => {
    form.current?.querySelector<HTMLElement>("select, textarea")?.focus();
  }, [draft]);
  return (
    <section className="card" aria-label="New comment">
      <h2>{draft ? `New comment on ${describePlacement(draft)}` : "New comment on the whole document"}</h2>
      <fetcher.Form method="post" noValidate ref={form} onSubmit={check.onSubmit}>
        <input type="hidden" name="intent" value="comment" />
        <input type="hidden" name="versionId" value={versionId} />
        <input type="hidden" name="page" value={draft?.page ?? ""} />
        <input type="hidden" name="x" value={draft ? draft.x.toFixed(4) : ""} />
        <input type="hidden" name="y" value={draft ? draft.y.toFixed(4) : ""} />
        <input type="hidden" name="w" value={draft?.w ? draft.w.toFixed(4) : ""} />
        <input type="hidden" name="h" value={draft?.h ? draft.h.toFixed(4) : ""} />
        <FormError error={errors.form ?? errors.page ?? errors.x ?? errors.y ?? errors.w ?? errors.versionId} />
        <SelectField name="category" label="Category" error={errors.category} defaultValue="" empty="Choose…" emptyDisabled items={labelled(COMMENT_CATEGORIES, COMMENT_CATEGORY_LABELS)} />
        <Field name="body" label="Comment" error={errors.body}>
          {(p) => <MentionTextarea {...p} people={people} rows={4} {...check.attributes("body")} />}
        </Field>
        <div className="row">
          <button type="submit" disabled={fetcher.state !== "idle"}>
            Post comment
          </button>
          <button type="button" className="secondary" onClick={() => onDone()}>
            Cancel
          </button>
        </div>
      </fetcher.Form>
    </section>
  );
}
