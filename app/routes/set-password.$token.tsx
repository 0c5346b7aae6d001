import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormError } from "~/components/Field";
import { attempt, invalid, readForm } from "~/lib/actions.server";
import { now } from "~/lib/clock.server";
import { db } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { startSession } from "~/lib/session.server";
import { MIN_PASSWORD_LENGTH, SetPasswordSchema } from "~/schemas/user";
import { findPasswordToken } from "~/queries/password-token.server";
import { setPasswordWithToken } from "~/commands/set-password.server";

export const meta: MetaFunction = () => [{ title: "Set your password · Collateral Preview" }, { name: "referrer", content: "no-referrer" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const found = await findPasswordToken(db(), params.token ?? "", now());
  if (!found) {
    throw data(
      { message: "This set-password link has already been used or has expired. Ask your administrator for a new one." },
      { status: 410 },
    );
  }
  return { name: found.user.name, email: found.user.email, minLength: MIN_PASSWORD_LENGTH };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const parsed = parseForm(SetPasswordSchema, formData);
  if (!parsed.ok) return invalid(parsed.errors);
  const database = db();
  const at = now();
  const result = await attempt(() => setPasswordWithToken(database, params.token ?? "", parsed.data.password, at));
  if (!result.ok) return invalid(result.errors, result.status);
  const cookie = await startSession(database, request, result.value.id, at);
  return redirect("/", { headers: { "Set-Cookie": cookie } });
}

export default function SetPassword() {
  const { name, email, minLength } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors ?? {};
  return (
    <section className="card narrow">
      <h1>Set your password</h1>
      <p>
        Hello {name}. Choose the password you will use with <strong>{email}</strong>. This link works once.
      </p>
      <FormError error={errors.form} />
      <Form method="post" noValidate>
        <Field name="password" label="New password" error={errors.password} hint={`At least ${minLength} characters.`}>
          {(p) => <input {...p} type="password" autoComplete="new-password" minLength={minLength} required />}
        </Field>
        <Field name="confirm" label="The same password again" error={errors.confirm}>
          {(p) => <input {...p} type="password" autoComplete="new-password" required />}
        </Field>
        <button type="submit">Set password and sign in</button>
      </Form>
    </section>
  );
}
