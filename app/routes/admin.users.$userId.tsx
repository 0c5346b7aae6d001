import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { formRules } from "~/lib/form-rules.server";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormError } from "~/components/Field";
import { UserForm } from "~/components/UserForm";
import { attempt, formValues, invalid, originOf, readForm } from "~/lib/actions.server";
import { now } from "~/lib/clock.server";
import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { parseForm, timeZoneNames } from "~/lib/forms";
import { ROLE_LABELS } from "~/domain/roles";
import { notFound, requireId, requireUserWith } from "~/lib/permissions.server";
import { UserFormSchema } from "~/schemas/user";
import { passwordLink } from "~/commands/issue-password-link.server";
import { reissuePasswordLink } from "~/commands/reissue-password-link.server";
import { rememberPasswordLink, takePasswordLink } from "~/lib/http/password-link-flash.server";
import { setUserActive } from "~/commands/set-user-active.server";
import { updateUser } from "~/commands/update-user.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.user.name ?? "User"} · Admin · Collateral Preview` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUserWith(request, "user:manage");
  const userId = requireId(params.userId, "user");
  const { models } = db();
  const user = await models.User.findByPk(userId, {
    include: [{ association: "memberships", include: [{ association: "team", attributes: ["id", "name"] }] }],
  });
  if (!user) notFound("user");
  const people = await models.User.findAll({ where: { active: true }, attributes: ["id", "name"], order: [["name", "ASC"]] });
  const flash = takePasswordLink(request, userId);
  const link = flash.token ? passwordLink(originOf(request, env().APP_URL), flash.token) : null;
  return data(
    {
      user: {
        id: user.id,
        name: user.name,
        email: user.email,
        role: user.role,
        reportsToId: user.reportsToId ? String(user.reportsToId) : "",
        timeZone: user.timeZone,
        active: user.active,
        hasPassword: Boolean(user.passwordHash),
        teams: (user.memberships ?? []).map((m) => ({ id: m.teamId, name: m.team?.name ?? "", isCommittee: m.isCommittee })),
      },
      people: people.filter((p) => p.id !== user.id).map((p) => ({ id: p.id, name: p.name })),
      timeZones: timeZoneNames(),
      rules: formRules(UserFormSchema),
      link,
    },
    { headers: flash.clear ? { "Set-Cookie": flash.clear, "Cache-Control": "no-store" } : { "Cache-Control": "no-store" } },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireUserWith(request, "user:manage");
  const userId = requireId(params.userId, "user");
  const formData = await readForm(request);
  const intent = formData.get("intent");
  const database = db();

  if (intent === "save") {
    const values = formValues(formData);
    const parsed = parseForm(UserFormSchema, formData);
    if (!parsed.ok) return invalid(parsed.errors, 400, values);
    const result = await attempt(() => updateUser(database, actor, userId, parsed.data, now()));
    if (!result.ok) return invalid(result.errors, result.status, values);
    return redirect(`/admin/users/${userId}`);
  }
  if (intent === "deactivate" || intent === "reactivate") {
    const result = await attempt(() => setUserActive(database, actor, userId, intent === "reactivate", now()));
    if (!result.ok) return invalid(result.errors, result.status);
    return redirect(`/admin/users/${userId}`);
  }
  if (intent === "issue-link") {
    const token = await reissuePasswordLink(database, actor, userId, now());
    if (!token) return invalid({ form: "A deactivated account cannot get a set-password link. Reactivate it first." });
    return redirect(`/admin/users/${userId}`, { headers: { "Set-Cookie": rememberPasswordLink(userId, token) } });
  }
  return invalid({ form: "That action is not available on this page." });
}

export default function UserPage() {
  const { user, people, timeZones, link, rules } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors ?? {};
  return (
    <>
      <p>
        <Link to="/admin/users">← All users</Link>
      </p>
      <section className="card">
        <div className="spread">
          <h1>{user.name}</h1>
          <span className={user.active ? "badge" : "badge inactive"} data-testid="user-status">
            {user.active ? (user.hasPassword ? "Active" : "Invited") : "Deactivated"}
          </span>
        </div>
        <p className="muted">
          {ROLE_LABELS[user.role]}
          {user.teams.length
            ? ` · ${user.teams.map((t) => `${t.name}${t.isCommittee ? " (committee)" : ""}`).join(", ")}`
            : ""}
        </p>
        {link ? (
          <div className="notice" data-testid="password-link">
            <p>
              <strong>One-time link for {user.name}.</strong> Send it to them; it lets them choose a password, works once
              and expires in 72 hours. It is shown only now.
            </p>
            <input readOnly value={link} aria-label="Set-password link" className="wide" />
          </div>
        ) : null}
      </section>

      <section className="card">
        <h2>Details</h2>
        <UserForm
          values={actionData?.values ?? user}
          errors={errors}
          people={people}
          timeZones={timeZones}
          rules={rules}
          submitLabel="Save changes"
        />
      </section>

      <section className="card">
        <h2>Access</h2>
        {!actionData?.values ? <FormError error={errors.form} /> : null}
        <div className="row">
          {user.active ? (
            <>
              <Form method="post">
                <input type="hidden" name="intent" value="issue-link" />
                <button type="submit" className="secondary">
                  {user.hasPassword ? "Issue a password reset link" : "Issue a new set-password link"}
                </button>
              </Form>
              <Form method="post">
                <input type="hidden" name="intent" value="deactivate" />
                <button type="submit" className="danger">
                  Deactivate
                </button>
              </Form>
            </>
          ) : (
            <Form method="post">
              <input type="hidden" name="intent" value="reactivate" />
              <button type="submit">Reactivate</button>
            </Form>
          )}
        </div>
        <p className="hint">Deactivating signs the person out everywhere at once; their history stays.</p>
      </section>
    </>
  );
}
