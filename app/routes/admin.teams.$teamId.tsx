import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { formRules } from "~/lib/form-rules.server";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormError } from "~/components/Field";
import { TeamForm } from "~/components/TeamForm";
import { attempt, formValues, invalid, readForm } from "~/lib/actions.server";
import { now } from "~/lib/clock.server";
import { db } from "~/lib/db.server";
import { parseForm, timeZoneNames } from "~/lib/forms";
import { notFound, requireId, requireUserWith } from "~/lib/permissions.server";
import { MAX_COMMITTEE_SIZE } from "~/domain/organisation";
import { MemberFormSchema, TeamFormSchema } from "~/schemas/team";
import { addTeamMember } from "~/commands/add-team-member.server";
import { removeTeamMember } from "~/commands/remove-team-member.server";
import { setCommitteeMember } from "~/commands/set-committee-member.server";
import { listManagers } from "~/queries/team-directory.server";
import { updateTeam } from "~/commands/update-team.server";
import { Options } from "~/components/Options";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.team.name ?? "Sales team"} · Admin · Collateral Preview` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUserWith(request, "team:manage");
  const teamId = requireId(params.teamId, "sales team");
  const { models } = db();
  const team = await models.SalesTeam.findByPk(teamId, {
    include: [{ association: "memberships", include: [{ association: "user", attributes: ["id", "name", "email", "active"] }] }],
  });
  if (!team) notFound("sales team");
  const memberIds = new Set((team.memberships ?? []).map((m) => m.userId));
  const reps = await models.User.findAll({
    where: { role: "sales", active: true },
    attributes: ["id", "name"],
    order: [["name", "ASC"]],
  });
  return {
    team: {
      id: team.id,
      name: team.name,
      timeZone: team.timeZone,
      salesManagerId: team.salesManagerId ? String(team.salesManagerId) : "",
    },
    members: (team.memberships ?? [])
      .map((m) => ({ userId: m.userId, name: m.user?.name ?? "", email: m.user?.email ?? "", isCommittee: m.isCommittee }))
      .sort((a, b) => Number(b.isCommittee) - Number(a.isCommittee) || a.name.localeCompare(b.name)),
    candidates: reps.filter((r) => !memberIds.has(r.id)).map((r) => ({ id: r.id, name: r.name })),
    managers: await listManagers(db()),
    timeZones: timeZoneNames(),
    rules: formRules(TeamFormSchema),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireUserWith(request, "team:manage");
  const teamId = requireId(params.teamId, "sales team");
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "");
  const values = formValues(formData);
  const database = db();
  const at = now();
  const back = () => redirect(`/admin/teams/${teamId}`);

  if (intent === "save") {
    const parsed = parseForm(TeamFormSchema, formData);
    if (!parsed.ok) return invalid(parsed.errors, 400, values);
    const result = await attempt(() => updateTeam(database, actor, teamId, parsed.data, at));
    return result.ok ? back() : invalid(result.errors, result.status, values);
  }
  if (intent === "add-member") {
    const parsed = parseForm(MemberFormSchema, formData);
    if (!parsed.ok) return invalid(parsed.errors, 400, values);
    const result = await attempt(() => addTeamMember(database, actor, teamId, parsed.data, at));
    return result.ok ? back() : invalid(result.errors, result.status, values);
  }
  if (intent === "committee-on" || intent === "committee-off" || intent === "remove-member") {
    const parsed = parseForm(MemberFormSchema, formData);
    if (!parsed.ok) return invalid(parsed.errors, 400, values);
    const userId = parsed.data.userId;
    const result = await attempt<unknown>(() =>
      intent === "remove-member"
        ? removeTeamMember(database, actor, teamId, userId, at)
        : setCommitteeMember(database, actor, teamId, userId, intent === "committee-on", at),
    );
    return result.ok ? back() : invalid(result.errors, result.status, values);
  }
  return invalid({ form: "That action is not available on this page." });
}

export default function TeamPage() {
  const { team, members, candidates, managers, timeZones, rules } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors ?? {};
  const intent = actionData?.values?.intent;
  const committeeCount = members.filter((m) => m.isCommittee).length;
  return (
    <>
      <p>
        <Link to="/admin/teams">← All sales teams</Link>
      </p>
      <section className="card">
        <h1>{team.name}</h1>
        <TeamForm
          values={intent === "save" ? actionData!.values! : team}
          errors={intent === "save" ? errors : {}}
          managers={managers}
          timeZones={timeZones}
          rules={rules}
          submitLabel="Save team"
        />
      </section>

      <section className="card" aria-labelledby="members-heading">
        <h2 id="members-heading">Members and committee</h2>
        <p className="muted">
          The committee previews every material aimed at this team: one or two reps, at most {MAX_COMMITTEE_SIZE}.{" "}
          <span data-testid="committee-count">
            {committeeCount} of {MAX_COMMITTEE_SIZE} seats taken.
          </span>
        </p>
        {intent && intent !== "save" && intent !== "add-member" ? (
          <FormError error={errors.userId ?? errors.form} />
        ) : null}
        {members.length === 0 ? <p className="muted">Nobody in this team yet.</p> : null}
        <table>
          <tbody>
            {members.map((m) => (
              <tr key={m.userId} data-testid={`member-${m.email}`}>
                <td>{m.name}</td>
                <td className="muted">{m.email}</td>
                <td>{m.isCommittee ? <span className="badge">Committee</span> : null}</td>
                <td className="actions">
                  <Form method="post">
                    <input type="hidden" name="userId" value={m.userId} />
                    <button type="submit" name="intent" value={m.isCommittee ? "committee-off" : "committee-on"} className="secondary">
                      {m.isCommittee ? "Take off committee" : "Put on committee"}
                    </button>
                  </Form>
                  <Form method="post">
                    <input type="hidden" name="userId" value={m.userId} />
                    <button type="submit" name="intent" value="remove-member" className="danger">
                      Remove
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>

        <h3>Add a sales rep</h3>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="add-member" />
          {intent === "add-member" ? <FormError error={errors.form} /> : null}
          <div className="row">
            <Field name="userId" label="Sales rep" error={intent === "add-member" ? errors.userId : undefined}>
              {(p) => (
                <select {...p} defaultValue="">
                  <Options empty="Choose…" emptyDisabled items={candidates} />
                </select>
              )}
            </Field>
            <label className="checkbox">
              <input type="checkbox" name="isCommittee" /> On the committee
            </label>
            <button type="submit">Add to team</button>
          </div>
        </Form>
      </section>
    </>
  );
}
