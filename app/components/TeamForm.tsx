import { Field } from "./Field";
import { SaveForm, type SaveFormProps } from "./SaveForm";
import { TimeZoneField } from "./TimeZoneField";
import { SelectField } from "./SelectField";

export interface TeamFormValues {
  name?: string;
  timeZone?: string;
  salesManagerId?: string;
}

interface Props extends SaveFormProps {
  values: TeamFormValues;
  managers: { id: number; name: string }[];
  timeZones: string[];
}

/** The admin's form for a sales team; the same fields as TeamFormSchema. */
export function TeamForm({ values, errors, managers, timeZones, submitLabel, rules }: Props) {
  return (
    <SaveForm errors={errors} submitLabel={submitLabel} rules={rules}>
      {(error, check) => (
        <>
            <Field name="name" label="Team name" error={error("name")}>
              {(p) => <input {...p} defaultValue={values.name} {...check.attributes("name")} />}
            </Field>
            <TimeZoneField value={values.timeZone} error={error("timeZone")} timeZones={timeZones} hint="Review deadlines are counted in this time zone." />
            <SelectField name="salesManagerId" label="Sales manager" error={error("salesManagerId")} defaultValue={values.salesManagerId ?? ""} empty="None yet" items={managers} />
        </>
      )}
    </SaveForm>
  );
}
