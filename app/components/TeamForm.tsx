import { Form } from "@remix-run/react";
import { Field, FormError } from "./Field";
import { TimeZoneField } from "./TimeZoneField";

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
        <TimeZoneField value={values.timeZone} error={errors.timeZone} timeZones={timeZones} hint="Review deadlines are counted in this time zone." />
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
