import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, FormError } from "~/components/Field";
import { attempt, invalid, readForm } from "~/lib/actions.server";
import { now } from "~/lib/clock.server";
import { db } from "~/lib/db.server";
import { parseForm } from "~/lib/forms";
import { requireId, requireUserWith } from "~/lib/permissions.server";
import { HolidaySchema, TeamWindowSchema, WindowSchema } from "~/schemas/workflow";
import { WINDOW_UNIT_LABELS } from "~/domain/business-time";
import { addHoliday } from "~/commands/add-holiday.server";
import { removeHoliday } from "~/commands/remove-holiday.server";
import { setGlobalWindow } from "~/commands/set-global-window.server";
import { setTeamWindow } from "~/commands/set-team-window.server";
import { loadCalendar } from "~/queries/working-calendar.server";
import { Options } from "~/components/Options";
import { TableHead } from "~/components/TableHead";

export const meta: MetaFunction = () => [{ title: "Review calendar · Admin · Collateral Preview" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWith(request, "calendar:manage");
  return loadCalendar(db());
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWith(request, "calendar:manage");
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const database = db();
  const at = now();
  const done = async (fn: () => Promise<unknown>) => {
    const result = await attempt(fn);
    return result.ok ? { ok: true as const, intent, errors: {} } : invalid({ ...result.errors }, result.status, { intent });
  };
  if (intent === "window") {
    const parsed = parseForm(WindowSchema, form);
    if (!parsed.ok) return invalid(parsed.errors, 400, { intent });
    return done(() => setGlobalWindow(database, user, parsed.data, at));
  }
  if (intent === "team-window") {
    const parsed = parseForm(TeamWindowSchema, form);
    if (!parsed.ok) return invalid(parsed.errors, 400, { intent, teamId: String(form.get("teamId") ?? "") });
    const value = parsed.data.unit === "inherit" ? null : { unit: parsed.data.unit, value: parsed.data.value };
    return done(() => setTeamWindow(database, user, parsed.data.teamId, value, at));
  }
  if (intent === "add-holiday") {
    const parsed = parseForm(HolidaySchema, form);
    if (!parsed.ok) return invalid(parsed.errors, 400, { intent });
    return done(() => addHoliday(database, user, parsed.data, at));
  }
  if (intent === "remove-holiday") {
    const id = requireId(String(form.get("id") ?? ""), "holiday");
    return done(() => removeHoliday(database, user, id, at));
  }
  return invalid({ form: "That action is not available on this page." });
}

type Result = { ok?: true; intent?: string; errors?: Record<string, string>; values?: Record<string, string> };

export default function Calendar() {
  const { window, teams, holidays } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const navigation = useNavigation();
  const intentOf = result?.intent ?? result?.values?.intent;
  const errorsFor = (intent: string) => (intentOf === intent ? (result?.errors ?? {}) : {});
  const busy = navigation.state !== "idle";

  return (
    <>
      <h1>Review calendar</h1>
      <p className="muted">
        A preview is due after the window, counted in business time in the team's time zone, skipping weekends and holidays. Changes
        apply to previews submitted from now on.
      </p>

      <section className="card" aria-labelledby="window-heading">
        <h2 id="window-heading">The review window</h2>
        <p>
          Now: <strong data-testid="global-window">{window.value} {WINDOW_UNIT_LABELS[window.unit]}</strong>
        </p>
        <Form method="post" noValidate className="row">
          <input type="hidden" name="intent" value="window" />
          <FormError error={errorsFor("window").form} />
          <Field name="value" label="Length" error={errorsFor("window").value}>
            {(p) => <input {...p} type="number" min={1} max={40} defaultValue={window.value} />}
          </Field>
          <Field name="unit" label="Unit" error={errorsFor("window").unit}>
            {(p) => (
              <select {...p} defaultValue={window.unit}>
                <option value="business_days">Business days</option>
                <option value="business_hours">Business hours</option>
              </select>
            )}
          </Field>
          <button type="submit" disabled={busy}>
            Save the window
          </button>
        </Form>
      </section>

      <section className="card" aria-labelledby="teams-heading">
        <h2 id="teams-heading">Each team's window</h2>
        {intentOf === "team-window" && result?.errors ? <FormError error={Object.values(result.errors)[0]} /> : null}
        <table>
          <TableHead columns={["Team", "Time zone", "Window", "Change"]} />
          <tbody>
            {teams.map((t) => (
              <tr key={t.id} data-testid={`team-window-${t.id}`}>
                <td>{t.name}</td>
                <td>{t.timeZone}</td>
                <td>{t.window ? `${t.window.value} ${WINDOW_UNIT_LABELS[t.window.unit]}` : "The global window"}</td>
                <td>
                  <Form method="post" noValidate className="row compact">
                    <input type="hidden" name="intent" value="team-window" />
                    <input type="hidden" name="teamId" value={t.id} />
                    <label className="visually-hidden" htmlFor={`value-${t.id}`}>
                      Length for {t.name}
                    </label>
                    <input id={`value-${t.id}`} name="value" type="number" min={1} max={40} defaultValue={t.window?.value ?? ""} className="short" />
                    <label className="visually-hidden" htmlFor={`unit-${t.id}`}>
                      Unit for {t.name}
                    </label>
                    <select id={`unit-${t.id}`} name="unit" defaultValue={t.window?.unit ?? "inherit"}>
                      <option value="inherit">Use the global window</option>
                      <option value="business_days">Business days</option>
                      <option value="business_hours">Business hours</option>
                    </select>
                    <button type="submit" className="secondary" disabled={busy}>
                      Save
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="card" aria-labelledby="holidays-heading">
        <h2 id="holidays-heading">Holidays</h2>
        {holidays.length === 0 ? <p className="muted">No holidays yet: only weekends are skipped.</p> : null}
        <ul className="holidays" data-testid="holidays">
          {holidays.map((h) => (
            <li key={h.id}>
              <Form method="post" className="row compact">
                <input type="hidden" name="intent" value="remove-holiday" />
                <input type="hidden" name="id" value={h.id} />
                <span>
                  <time dateTime={h.date}>{h.date}</time> · {h.name} · {h.team ?? "All teams"}
                </span>
                <button type="submit" className="link-button" aria-label={`Remove ${h.name} on ${h.date}`}>
                  Remove
                </button>
              </Form>
            </li>
          ))}
        </ul>
        <h3>Add a holiday</h3>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="add-holiday" />
          <FormError error={errorsFor("add-holiday").form} />
          <div className="row">
            <Field name="date" label="Date" error={errorsFor("add-holiday").date}>
              {(p) => <input {...p} type="date" />}
            </Field>
            <Field name="name" label="Name" error={errorsFor("add-holiday").name}>
              {(p) => <input {...p} maxLength={100} />}
            </Field>
            <Field name="teamId" label="Applies to" error={errorsFor("add-holiday").teamId}>
              {(p) => (
                <select {...p} defaultValue="">
                  <Options empty="All teams" items={teams} />
                </select>
              )}
            </Field>
          </div>
          <button type="submit" disabled={busy}>
            Add the holiday
          </button>
        </Form>
      </section>
    </>
  );
}
