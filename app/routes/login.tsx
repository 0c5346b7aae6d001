import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { Field, FormError } from "~/components/Field";
import { formValues, invalid, readForm } from "~/lib/actions.server";
import { now } from "~/lib/clock.server";
import { db } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { clientAddress, deviceCookie, getUser, readDeviceToken, safeRedirect, startSession } from "~/lib/session.server";
import { LoginSchema } from "~/schemas/user";
import { signIn } from "~/commands/sign-in.server";
import { trustDevice } from "~/commands/trust-device.server";

export const meta: MetaFunction = () => [{ title: "Sign in · Collateral Preview" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getUser(request)) throw redirect("/");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const values = formValues(formData);
  const parsed = parseForm(LoginSchema, formData);
  if (!parsed.ok) return invalid(parsed.errors, 400, values);

  // Decided before the password is checked: whatever it was, the answer is a redirect that works.
  const target = safeRedirect(parsed.data.redirectTo);
  const database = db();
  const at = now();
  const device = readDeviceToken(request);
  const result = await signIn(
    database,
    { email: parsed.data.email, password: parsed.data.password, address: clientAddress(request), device },
    at,
  );
  if (!result.ok) return invalid({ [result.field]: result.message }, result.status, values);

  const headers = new Headers();
  headers.append("Set-Cookie", await startSession(database, request, result.user.id, at));
  headers.append("Set-Cookie", deviceCookie(await trustDevice(database, result.user.id, device, at)));
  return redirect(target, { headers });
}

export default function Login() {
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const errors = actionData?.errors ?? {};
  return (
    <section className="card narrow">
      <h1>Sign in</h1>
      {params.get("reason") === "signed-out" ? <p className="notice">You have signed out.</p> : null}
      {params.get("reason") === "password-set" ? (
        <p className="notice">Your password is set. Sign in with it.</p>
      ) : null}
      <FormError error={errors.form} />
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <Field name="email" label="Email" error={errors.email}>
          {(p) => (
            <input {...p} type="email" autoComplete="username" defaultValue={actionData?.values?.email} required autoFocus />
          )}
        </Field>
        <Field name="password" label="Password" error={errors.password}>
          {(p) => <input {...p} type="password" autoComplete="current-password" required />}
        </Field>
        <button type="submit" disabled={navigation.state === "submitting"}>
          {navigation.state === "submitting" ? "Signing in…" : "Sign in"}
        </button>
      </Form>
      <p className="muted">
        No account yet? Your administrator creates accounts and sends you a link to set your password.
      </p>
    </section>
  );
}
