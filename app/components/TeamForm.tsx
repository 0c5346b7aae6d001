import { Form } from "@remix-run/react";
import { Field, FormError } from "./Field";

export interface TeamFormValues {
  name?: string;
  timeZone?: string;
  salesManagerId?: string;
}

interface Props {
  values: TeamFormValues;
  errors: Record<string, string>;
  managers: { id: number; name: string }[];
  timeZones: string[];
  submitLabel: string;
}

/** The admin's form for a sales team; the same fields as TeamFormSchema. */
export function TeamForm({ values, errors, managers, timeZones, submitLabel }: Props) {
  return (
    <Form method="post" noValidate>
      <input type="hidden" name="intent" value="save" />
      <FormError error={errors.form} />
      <div className="grid-2">
        <Field name="name" label="Team name" error={errors.name}>
          {(p) => <input {...p} defaultValue={values.name} maxLength={120} required />}
        </Field>
        <Field name="timeZone" label="Time zone" error={errors.timeZone} hint="Review deadlines are counted in this time zone.">
          {(p) => (
            <select {...p} defaultValue={values.timeZone ?? "UTC"}>
              {timeZones.map((tz) => (
                <option key={tz} value={tz}>
                  {tz}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="salesManagerId" label="Sales manager" error={errors.salesManagerId}>
          {(p) => (
            <select {...p} defaultValue={values.salesManagerId ?? ""}>
              <option value="">None yet</option>
              {managers.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <button type="submit">{submitLabel}</button>
    </Form>
  );
}
