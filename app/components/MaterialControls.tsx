import type { ActionResult } from "./action-result";
import { useFetcher } from "@remix-run/react";
import { Field, FormError } from "~/components/Field";
import { ConfirmAction } from "~/components/ConfirmAction";
import { useFormRules } from "~/hooks/useFormRules";
import type { FormRules } from "~/lib/form-rules";

/** Marketing edits a draft: title, description and (for collateral) the target teams. */
export function EditDraft({
  material,
  allTeams,
  rules,
}: {
  material: { title: string; description: string; kind: string; teams: { id: number }[] };
  allTeams: { id: number; name: string }[];
  rules?: FormRules;
}) {
  const fetcher = useFetcher<ActionResult>();
  const check = useFormRules(rules);
  const errors: Record<string, string | undefined> = { ...fetcher.data?.errors, ...check.errors };
  const chosen = new Set(material.teams.map((t) => t.id));
  return (
    <details className="card" data-testid="edit-draft">
      <summary>Edit this draft</summary>
      <fetcher.Form method="post" noValidate onSubmit={check.onSubmit}>
        <input type="hidden" name="intent" value="edit" />
        <FormError error={errors.form} />
        <Field name="title" label="Title" error={errors.title}>
          {(p) => <input {...p} defaultValue={material.title} {...check.attributes("title")} />}
        </Field>
        <Field name="description" label="Description" error={errors.description}>
          {(p) => <textarea {...p} defaultValue={material.description} rows={3} {...check.attributes("description")} />}
        </Field>
        {material.kind === "collateral" ? (
          <fieldset>
            <legend>Sales teams it is for</legend>
            {allTeams.map((t) => (
              <label key={t.id} className="checkbox">
                <input type="checkbox" name="teamIds" value={t.id} defaultChecked={chosen.has(t.id)} /> {t.name}
              </label>
            ))}
            {errors.teamIds ? (
              <div className="field-error" role="alert">
                {errors.teamIds}
              </div>
            ) : null}
          </fieldset>
        ) : (
          material.teams.map((t) => <input key={t.id} type="hidden" name="teamIds" value={t.id} />)
        )}
        <button type="submit" disabled={fetcher.state !== "idle"}>
          Save the draft
        </button>
      </fetcher.Form>
    </details>
  );
}

/** Marketing archives a released material: out of the library, still readable here. */
export function ArchiveMaterial() {
  return (
    <ConfirmAction className="card" summary="Archive this material…" intent="archive" button="Archive it" danger>
      <p className="muted">It leaves the sales library. Everyone who could open it still can, with the date it was archived.</p>
    </ConfirmAction>
  );
}
