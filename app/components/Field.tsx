import type { ReactNode } from "react";

interface FieldProps {
  name: string;
  label: string;
  error?: string;
  hint?: ReactNode;
  children: (props: { id: string; name: string; "aria-invalid": boolean; "aria-describedby"?: string }) => ReactNode;
}

/** A labelled form control with its error message right beside it. */
export function Field({ name, label, error, hint, children }: FieldProps) {
  const id = `field-${name}`;
  const errorId = `${id}-error`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, name, "aria-invalid": Boolean(error), "aria-describedby": error ? errorId : undefined })}
      {hint ? <div className="hint">{hint}</div> : null}
      {error ? (
        <div className="field-error" id={errorId} role="alert">
          {error}
        </div>
      ) : null}
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
