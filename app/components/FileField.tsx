import { Field } from "./Field";

/** The types a version may be; the server decides from the file's bytes, this only narrows the picker. */
const VERSION_TYPES = "application/pdf,image/png,image/jpeg,image/webp";

/** The file of a new material or version, required, with its error beside it. */
export function FileField({ error, accept = VERSION_TYPES }: { error?: string; accept?: string }) {
  return (
    <Field name="file" label="File" error={error}>
      {(p) => <input {...p} type="file" accept={accept} required />}
    </Field>
  );
}
