import { useState, type FormEvent } from "react";
import { checkForm, ruleAttributes, type FormRules } from "~/lib/form-rules";

/**
 * Checks a form in the browser against the rules its schema gives (see lib/form-rules):
 * a refused field shows the server's own message beside it and the form is not sent.
 * Without JavaScript the server checks the same and answers the same.
 */
export function useFormRules(rules: FormRules | undefined) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    if (!rules) return;
    const found = checkForm(event.currentTarget, rules);
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) {
      event.preventDefault();
      const field = event.currentTarget.elements.namedItem(first);
      if (field instanceof HTMLElement) field.focus();
    }
  }
  return { errors, onSubmit, attributes: (name: string) => ruleAttributes(rules?.[name]) };
}
