import { labelled } from "./Options";
import { Field } from "./Field";
import { SaveForm, type SaveFormProps } from "./SaveForm";
import { TimeZoneField } from "./TimeZoneField";
import { ROLE_LABELS, ROLES } from "~/domain/roles";
import { SelectField } from "./SelectField";

export interface UserFormValues {
  name?: string;
  email?: string;
  role?: string;
  reportsToId?: string;
  timeZone?: string;
}

interface Props extends SaveFormProps {
  values: UserFormValues;
  people: { id: number; name: string }[];
  timeZones: string[];
}

/** The admin's form for a user; the same fields as UserFormSchema. */
export function UserForm({ values, errors, people, timeZones, submitLabel, rules }: Props) {
  return (
    <SaveForm errors={errors} submitLabel={submitLabel} rules={rules}>
      {(error, check) => (
        <>
            <Field name="name" label="Name" error={error("name")}>
              {(p) => <input {...p} defaultValue={values.name} {...check.attributes("name")} />}
            </Field>
            <Field name="email" label="Email" error={error("email")}>
              {(p) => <input {...p} type="email" defaultValue={values.email} {...check.attributes("email")} />}
            </Field>
            <SelectField name="role" label="Role" error={error("role")} defaultValue={values.role ?? "sales"} items={labelled(ROLES, ROLE_LABELS)} />
            <SelectField name="reportsToId" label="Reports to" error={error("reportsToId")} hint="Their manager: the next step up the chain of command." defaultValue={values.reportsToId ?? ""} empty="Nobody (top of a chain)" items={people} />
            <TimeZoneField value={values.timeZone} error={error("timeZone")} timeZones={timeZones} />
        </>
      )}
    </SaveForm>
  );
}
