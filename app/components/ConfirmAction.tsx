import { useFetcher } from "@remix-run/react";
import type { ReactNode } from "react";
import { FormError } from "./Field";

/**
 * An action that asks first: a disclosure that says what will happen, with the button
 * that does it. Works without JavaScript (a <details> element and a plain form post).
 */
export function ConfirmAction({
  summary,
  intent,
  fields = {},
  button,
  danger = false,
  className,
  testId,
  children,
}: {
  summary: ReactNode;
  intent: string;
  fields?: Record<string, string>;
  button: string;
  danger?: boolean;
  className?: string;
  testId?: string;
  children: ReactNode;
}) {
  const fetcher = useFetcher<{ errors?: Record<string, string> }>();
  return (
    <details className={className} data-testid={testId}>
      <summary>{summary}</summary>
      <fetcher.Form method="post">
        <input type="hidden" name="intent" value={intent} />
        {Object.entries(fields).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <FormError error={fetcher.data?.errors?.form} />
        {children}
        <button type="submit" className={danger ? "danger" : undefined} disabled={fetcher.state !== "idle"}>
          {button}
        </button>
      </fetcher.Form>
    </details>
  );
}
