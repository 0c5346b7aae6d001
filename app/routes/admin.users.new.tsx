import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { formRules } from "~/lib/form-rules.server";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { UserForm } from "~/components/UserForm";
import { attempt, formValues, invalid, readForm } from "~/lib/actions.server";
import { now } from "~/lib/clock.server";
import { db } from "~/lib/db.server";
import { parseForm, timeZoneNames } from "~/lib/forms";
import { requireUserWith } from "~/lib/permissions.server";
import { UserFormSchema } from "~/schemas/user";
import { createUser } from "~/commands/create-user.server";
import { rememberPasswordLink } from "~/lib/http/password-link-flash.server";

export const meta: MetaFunction = () => [{ title: "New user · Admin · Collateral Preview" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWith(request, "user:manage");
  const people = await db().models.User.findAll({
    where: { active: true },
    attributes: ["id", "name"],
    order: [["name", "ASC"]],
  });
  return { people: people.map((p) => ({ id: p.id, name: p.name })), timeZones: timeZoneNames(), rules: formRules(UserFormSchema) };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireUserWith(request, "user:manage");
  const formData = await readForm(request);
  const values = formValues(formData);
  const parsed = parseForm(UserFormSchema, formData);
  if (!parsed.ok) return invalid(parsed.errors, 400, values);
  const result = await attempt(() => createUser(db(), actor, parsed.data, now()));
  if (!result.ok) return invalid(result.errors, result.status, values);
  const cookie = rememberPasswordLink(result.value.user.id, result.value.token);
  return redirect(`/admin/users/${result.value.user.id}`, { headers: { "Set-Cookie": cookie } });
}

export default function NewUser() {
  const { people, timeZones, rules } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <section className="card">
      <h1>New user</h1>
      <p className="muted">
        There is no public sign-up. After you create the account you get a one-time link to hand to the person; it lets
        them choose their password and is valid for 72 hours.
      </p>
      <UserForm
        values={actionData?.values ?? {}}
        errors={actionData?.errors ?? {}}
        people={people}
        timeZones={timeZones}
        rules={rules}
        submitLabel="Create user"
      />
    </section>
  );
}
