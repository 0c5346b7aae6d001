import { Form } from "@remix-run/react";
import { Field } from "~/components/Field";
import type { CompareView } from "~/lib/compare";
import type { ComparedVersion } from "~/queries/compare-versions.server";

/** The two versions, picked with a plain GET form: it works before (and without) the page's script. */
export function VersionPicker({ versions, a, b, view, error }: { versions: ComparedVersion[]; a: number; b: number; view: CompareView; error: string | null }) {
  const option = (v: ComparedVersion) => (
    <option key={v.id} value={v.number}>
      Version {v.number} · {v.pageCount} page{v.pageCount === 1 ? "" : "s"} · {v.createdAt.slice(0, 10)}
    </option>
  );
  return (
    <Form method="get" className="compare-picker" aria-label="Versions to compare">
      {view === "overlay" ? <input type="hidden" name="view" value="overlay" /> : null}
      <Field name="a" label="Earlier version">
        {(p) => (
          // Keyed by the choice shown, so it is filled in again after each comparison is loaded.
          <select {...p} key={a} defaultValue={a}>
            {versions.map(option)}
          </select>
        )}
      </Field>
      <Field name="b" label="Later version" error={error ?? undefined}>
        {(p) => (
          <select {...p} key={b} defaultValue={b}>
            {versions.map(option)}
          </select>
        )}
      </Field>
      <button type="submit">Compare</button>
    </Form>
  );
}
