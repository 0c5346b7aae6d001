import { Field } from "./Field";

/** A time zone chooser with its error beside it; `UTC` when nothing was chosen before. */
export function TimeZoneField({
  value,
  error,
  timeZones,
  hint,
}: {
  value?: string;
  error?: string;
  timeZones: string[];
  hint?: string;
}) {
  return (
    <Field name="timeZone" label="Time zone" error={error} hint={hint}>
      {(p) => (
        <select {...p} defaultValue={value ?? "UTC"}>
          {timeZones.map((tz) => (
            <option key={tz} value={tz}>
              {tz}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
