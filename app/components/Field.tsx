import { useId, type ReactNode } from "react";

interface FieldProps {
  name: string;
  /** The control's id; by default one unique on the page, so two forms with the same field names never share one. */
  id?: string;
  label: string;
  error?: string;
  hint?: ReactNode;
  children: (props: { id: string; name: string; "aria-invalid": boolean; "aria-describedby"?: string }) => ReactNode;
}

/** A labelled form control with its error message right beside it. */
export function Field({ name, id: givenId, label, error, hint, children }: FieldProps) {
  const generatedId = useId();
  const id = givenId ?? `field-${name}${generatedId}`;
  const errorId = `${id}-error`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, name, "aria-invalid": Boolean(error), "aria-describedby": error ? errorId : undefined })}
      {hint ? <div className="hint">{hint}</div> : null}
      <FieldError error={error} id={errorId} />
    </div>
  );
}

/** A field's (or a fieldset's) error message, announced when it appears; nothing without one. */
export function FieldError({ error, id }: { error?: string; id?: string }) {
  if (!error) return null;
  return (
    <div className="field-error" id={id} role="alert">
      {error}
    </div>
  );
}

export function FormError({ error }: { error?: string }) {
  if (!error) return null;
  return (
    <div className="form-error" role="alert">
      {error}
    </div>
  );
}

/** A set of radio buttons under one legend, with its error message beneath. */
export function ChoiceField({
  name,
  legend,
  choices,
  error,
  hideLegend = false,
}: {
  name: string;
  legend: string;
  choices: { value: string; label: string }[];
  error?: string;
  hideLegend?: boolean;
}) {
  return (
    <fieldset aria-invalid={Boolean(error)}>
      <legend className={hideLegend ? "visually-hidden" : undefined}>{legend}</legend>
      {choices.map((c) => (
        <label key={c.value} className="checkbox">
          <input type="radio" name={name} value={c.value} /> {c.label}
        </label>
      ))}
      <FieldError error={error} />
    </fieldset>
  );
}
