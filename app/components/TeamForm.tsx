import { Form } from "@remix-run/react";
import { useFormRules } from "~/hooks/useFormRules";
import type { FormRules } from "~/lib/form-rules";
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
  /** The schema's rules (formRules): checked before sending, with the server's messages. */
  rules?: FormRules;
}

/** The admin's form for a sales team; the same fields as TeamFormSchema. */
export function TeamForm({ values, errors, managers, timeZones, submitLabel, rules }: Props) {
  const check = useFormRules(rules);
  return (
    <Form method="post" noValidate onSubmit={check.onSubmit}>
      <input type="hidden" name="intent" value="save" />
      <FormError error={errors.form} />
      <div className="grid-2">
        <Field name="name" label="Team name" error={errors.name ?? check.errors.name}>
          {(p) => <input {...p} defaultValue={values.name} {...check.attributes("name")} />}
        </Field>
        <TimeZoneField value={values.timeZone} error={errors.timeZone ?? check.errors.timeZone} timeZones={timeZones} hint="Review deadlines are counted in this time zone." />
        <Field name="salesManagerId" label="Sales manager" error={errors.salesManagerId ?? check.errors.salesManagerId}>
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
