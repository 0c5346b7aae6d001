import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, FieldError } from "~/components/Field";
import { SaveForm } from "~/components/SaveForm";
import { attempt, invalid, readForm } from "~/lib/actions.server";
import { now } from "~/lib/clock.server";
import { db } from "~/lib/db.server";
import { formRules } from "~/lib/form-rules.server";
import { parseForm } from "~/lib/forms";
import { requireUserWith } from "~/lib/permissions.server";
import { SegmentArchiveSchema, SegmentFormSchema, SegmentRenameSchema } from "~/schemas/feedback";
import { addSegment } from "~/commands/add-segment.server";
import { renameSegment } from "~/commands/rename-segment.server";
import { archiveSegment } from "~/commands/archive-segment.server";
import { listSegments } from "~/queries/feedback.server";

export const meta: MetaFunction = () => [{ title: "Customer segments · Admin · Collateral Preview" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWith(request, "segment:manage");
  return { segments: await listSegments(db()), rules: formRules(SegmentFormSchema) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWith(request, "segment:manage");
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const values = { intent, segmentId: String(form.get("segmentId") ?? ""), name: String(form.get("name") ?? "").slice(0, 200) };
  const database = db();
  const at = now();
  const run = async (fn: () => Promise<unknown>) => {
    const result = await attempt(fn);
    return result.ok ? { ok: true as const, intent, errors: {} } : invalid(result.errors, result.status, values);
  };
  if (intent === "save") {
    const parsed = parseForm(SegmentFormSchema, form);
    if (!parsed.ok) return invalid(parsed.errors, 400, values);
    return run(() => addSegment(database, user, parsed.data, at));
  }
  if (intent === "rename") {
    const parsed = parseForm(SegmentRenameSchema, form);
    if (!parsed.ok) return invalid(parsed.errors, 400, values);
    return run(() => renameSegment(database, user, parsed.data, at));
  }
  if (intent === "archive") {
    const parsed = parseForm(SegmentArchiveSchema, form);
    if (!parsed.ok) return invalid(parsed.errors, 400, values);
    return run(() => archiveSegment(database, user, parsed.data, at));
  }
  return invalid({ form: "That action is not available on this page." }, 400, values);
}

type Result = { ok?: true; intent?: string; errors?: Record<string, string>; values?: Record<string, string> };

/** The customer segments and industries reps file field feedback under. */
export default function Segments() {
  const { segments, rules } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const busy = useNavigation().state !== "idle";
  const intent = result?.intent ?? result?.values?.intent;
  const errorsOf = (which: string, segmentId?: number) =>
    intent === which && (segmentId === undefined || result?.values?.segmentId === String(segmentId)) ? (result?.errors ?? {}) : {};
  return (
    <>
      <h1>Customer segments</h1>
      <p className="muted">
        Reps file each piece of feedback from the field under one of these. A segment in use is archived, never deleted: it is no longer offered, and
        the feedback filed under it keeps its name.
      </p>
      <section className="card" aria-labelledby="segments-heading">
        <h2 id="segments-heading">Segments and industries</h2>
        {segments.length === 0 ? <p className="muted">No segments yet: reps cannot post feedback until there is one.</p> : null}
        <table data-testid="segments">
          <thead>
            <tr>
              <th>Name</th>
              <th>Feedback</th>
              <th>State</th>
              <th>Change</th>
            </tr>
          </thead>
          <tbody>
            {segments.map((s) => {
              const renameErrors = errorsOf("rename", s.id);
              const archiveErrors = errorsOf("archive", s.id);
              return (
                <tr key={s.id} data-testid={`segment-${s.id}`}>
                  <td>{s.name}</td>
                  <td>{s.used}</td>
                  <td>{s.archived ? "Archived" : "Active"}</td>
                  <td>
                    <Form method="post" noValidate className="row compact">
                      <input type="hidden" name="intent" value="rename" />
                      <input type="hidden" name="segmentId" value={s.id} />
                      <label className="visually-hidden" htmlFor={`rename-${s.id}`}>
                        New name for {s.name}
                      </label>
                      <input
                        id={`rename-${s.id}`}
                        name="name"
                        defaultValue={s.name}
                        maxLength={rules.name?.maxLength}
                        aria-invalid={Boolean(renameErrors.name)}
                        aria-describedby={renameErrors.name ? `rename-${s.id}-error` : undefined}
                      />
                      <button type="submit" className="secondary" disabled={busy}>
                        Rename
                      </button>
                    </Form>
                    <FieldError error={renameErrors.name ?? renameErrors.form} id={`rename-${s.id}-error`} />
                    <Form method="post" className="row compact">
                      <input type="hidden" name="intent" value="archive" />
                      <input type="hidden" name="segmentId" value={s.id} />
                      <input type="hidden" name="archived" value={s.archived ? "false" : "true"} />
                      <button type="submit" className="link-button" disabled={busy} aria-label={`${s.archived ? "Restore" : "Archive"} ${s.name}`}>
                        {s.archived ? "Restore" : "Archive"}
                      </button>
                    </Form>
                    <FieldError error={archiveErrors.form} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
      <section className="card" aria-labelledby="add-segment-heading">
        <h2 id="add-segment-heading">Add a segment</h2>
        <SaveForm key={segments.length} errors={errorsOf("save")} rules={rules} submitLabel="Add the segment">
          {(error, check) => (
            <Field name="name" label="Name" error={error("name")} hint="A customer segment or an industry, such as Mid-market or Public sector.">
              {(p) => <input {...p} {...check.attributes("name")} defaultValue={intent === "save" && result?.errors ? result.values?.name : undefined} />}
            </Field>
          )}
        </SaveForm>
      </section>
    </>
  );
}
