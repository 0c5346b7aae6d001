import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { useFormRules } from "~/hooks/useFormRules";
import type { FormRules } from "~/lib/form-rules";
import { FormError } from "./Field";

export interface SaveFormProps {
  errors: Record<string, string>;
  submitLabel: string;
  /** The schema's rules (formRules): checked before sending, with the server's messages. */
  rules?: FormRules;
}

type Check = ReturnType<typeof useFormRules>;

/**
 * An admin record's form (intent "save") in two columns: each field's error is the server's,
 * or else the browser's own check against the schema's rules, given to `children` as `error`.
 */
export function SaveForm({ errors, submitLabel, rules, children }: SaveFormProps & { children: (error: (name: string) => string | undefined, check: Check) => ReactNode }) {
  const check = useFormRules(rules);
  return (
    <Form method="post" noValidate onSubmit={check.onSubmit}>
      <input type="hidden" name="intent" value="save" />
      <FormError error={errors.form} />
      <div className="grid-2">{children((name) => errors[name] ?? check.errors[name], check)}</div>
      <button type="submit">{submitLabel}</button>
    </Form>
  );
}
