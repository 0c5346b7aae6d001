import { Form } from "@remix-run/react";
import { useFormRules } from "~/hooks/useFormRules";
import type { FormRules } from "~/lib/form-rules";
import { Field, FormError } from "./Field";
import { TimeZoneField } from "./TimeZoneField";
import { ROLE_LABELS, ROLES } from "~/domain/roles";

export interface UserFormValues {
  name?: string;
  email?: string;
  role?: string;
  reportsToId?: string;
  timeZone?: string;
}

interface Props {
  values: UserFormValues;
  errors: Record<string, string>;
  people: { id: number; name: string }[];
  timeZones: string[];
  submitLabel: string;
  /** The schema's rules (formRules): checked before sending, with the server's messages. */
  rules?: FormRules;
}

/** The admin's form for a user; the same fields as UserFormSchema. */
export function UserForm({ values, errors, people, timeZones, submitLabel, rules }: Props) {
  const check = useFormRules(rules);
  return (
    <Form method="post" noValidate onSubmit={check.onSubmit}>
      <input type="hidden" name="intent" value="save" />
      <FormError error={errors.form} />
      <div className="grid-2">
        <Field name="name" label="Name" error={errors.name ?? check.errors.name}>
          {(p) => <input {...p} defaultValue={values.name} {...check.attributes("name")} />}
        </Field>
        <Field name="email" label="Email" error={errors.email ?? check.errors.email}>
          {(p) => <input {...p} type="email" defaultValue={values.email} {...check.attributes("email")} />}
        </Field>
        <Field name="role" label="Role" error={errors.role ?? check.errors.role}>
          {(p) => (
            <select {...p} defaultValue={values.role ?? "sales"}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="reportsToId" label="Reports to" error={errors.reportsToId ?? check.errors.reportsToId} hint="Their manager: the next step up the chain of command.">
          {(p) => (
            <select {...p} defaultValue={values.reportsToId ?? ""}>
              <option value="">Nobody (top of a chain)</option>
              {people.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <TimeZoneField value={values.timeZone} error={errors.timeZone ?? check.errors.timeZone} timeZones={timeZones} />
      </div>
      <button type="submit">{submitLabel}</button>
    </Form>
  );
}
