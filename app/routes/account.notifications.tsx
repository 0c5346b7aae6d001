import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { readForm } from "~/lib/actions.server";
import { now } from "~/lib/clock.server";
import { db } from "~/lib/db.server";
import { requireUserWith } from "~/lib/permissions.server";
import { DELIVERY_LABELS } from "~/domain/notifications";
import { preferencesOf } from "~/queries/notification-preferences.server";
import { setPreferences } from "~/commands/set-preferences.server";

export const meta: MetaFunction = () => [{ title: "What you are told · Collateral Preview" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWith(request, "home:view");
  return { preferences: await preferencesOf(db(), user.id), timeZone: user.timeZone, saved: new URL(request.url).searchParams.has("saved") };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWith(request, "home:view");
  const form = await readForm(request);
  const fields: Record<string, string> = {};
  for (const [name, value] of form.entries()) if (typeof value === "string") fields[name] = value;
  await setPreferences(db(), user, fields, now());
  return { saved: true };
}

export default function NotificationPreferences() {
  const { preferences, timeZone, saved } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as { saved?: boolean; errors?: Record<string, string> } | undefined;
  const busy = useNavigation().state === "submitting";
  const errors = result?.errors ?? {};
  return (
    <section className="card narrow-wide">
      <h1>What you are told</h1>
      <p>
        Everything shows under <Link to="/notifications">Notifications</Link> in the app. For each kind, choose whether its email comes at once,
        in one daily digest at 08:00 your time ({timeZone}), or not at all. Requests to decide by a deadline can wait for the digest but are
        never switched off.
      </p>
      {result?.saved || saved ? (
        <p className="notice" role="status">
          Saved.
        </p>
      ) : null}
      {errors.form ? (
        <p className="error" role="alert">
          {errors.form}
        </p>
      ) : null}
      <Form method="post" className="preferences">
        {preferences.map((p) => (
          <fieldset key={p.kind} aria-describedby={errors[p.kind] ? `pref-${p.kind}-error` : undefined}>
            <legend>
              {p.label}
              {p.required ? <span className="muted"> (cannot be switched off)</span> : null}
            </legend>
            <div className="choices">
              {p.choices.map((choice) => (
                <label key={choice} className="choice">
                  <input type="radio" name={p.kind} value={choice} defaultChecked={p.delivery === choice} /> {DELIVERY_LABELS[choice]}
                </label>
              ))}
            </div>
            {errors[p.kind] ? (
              <p className="error" id={`pref-${p.kind}-error`}>
                {errors[p.kind]}
              </p>
            ) : null}
          </fieldset>
        ))}
        <button type="submit" disabled={busy}>
          Save
        </button>
      </Form>
    </section>
  );
}
