import type { ReactNode } from "react";
import { Field } from "./Field";
import { Options } from "./Options";

/** A labelled select with its error beside it: the empty choice first when there is one, then the items. */
export function SelectField({
  name,
  label,
  error,
  hint,
  defaultValue,
  empty,
  emptyDisabled,
  items,
}: {
  name: string;
  label: string;
  error?: string;
  hint?: ReactNode;
  defaultValue: string | number;
  empty?: string;
  emptyDisabled?: boolean;
  items: readonly { id: number | string; name: string }[];
}) {
  return (
    <Field name={name} label={label} error={error} hint={hint}>
      {(p) => (
        <select {...p} defaultValue={defaultValue}>
          <Options empty={empty} emptyDisabled={emptyDisabled} items={items} />
        </select>
      )}
    </Field>
  );
}
