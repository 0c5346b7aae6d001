import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { formRules } from "~/lib/form-rules.server";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { TeamForm } from "~/components/TeamForm";
import { attempt, formValues, invalid, readForm } from "~/lib/actions.server";
import { now } from "~/lib/clock.server";
import { db } from "~/lib/db.server";
import { parseForm, timeZoneNames } from "~/lib/forms";
import { requireUserWith } from "~/lib/permissions.server";
import { TeamFormSchema } from "~/schemas/team";
import { createTeam } from "~/commands/create-team.server";
import { listManagers } from "~/queries/team-directory.server";

export const meta: MetaFunction = () => [{ title: "New sales team · Admin · Collateral Preview" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWith(request, "team:manage");
  return { managers: await listManagers(db()), timeZones: timeZoneNames(), rules: formRules(TeamFormSchema) };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireUserWith(request, "team:manage");
  const formData = await readForm(request);
  const values = formValues(formData);
  const parsed = parseForm(TeamFormSchema, formData);
  if (!parsed.ok) return invalid(parsed.errors, 400, values);
  const result = await attempt(() => createTeam(db(), actor, parsed.data, now()));
  if (!result.ok) return invalid(result.errors, result.status, values);
  return redirect(`/admin/teams/${result.value.id}`);
}

export default function NewTeam() {
  const { managers, timeZones, rules } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <section className="card">
      <h1>New sales team</h1>
      <TeamForm
        values={actionData?.values ?? {}}
        errors={actionData?.errors ?? {}}
        managers={managers}
        timeZones={timeZones}
        rules={rules}
        submitLabel="Create team"
      />
    </section>
  );
}
