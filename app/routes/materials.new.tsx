import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Field } from "~/components/Field";
import { UploadForm } from "~/components/UploadForm";
import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { requireUserWith } from "~/lib/permissions.server";
import { MATERIAL_KINDS, MATERIAL_KIND_LABELS } from "~/domain/materials";

export const meta: MetaFunction = () => [{ title: "New material · Collateral Preview" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWith(request, "material:create");
  const teams = await db().models.SalesTeam.findAll({ attributes: ["id", "name"], order: [["name", "ASC"]] });
  return { teams: teams.map((t) => ({ id: t.id, name: t.name })), maxBytes: env().MAX_UPLOAD_MB * 1024 * 1024, maxMb: env().MAX_UPLOAD_MB };
}

export default function NewMaterial() {
  const { teams, maxBytes, maxMb } = useLoaderData<typeof loader>();
  return (
    <section className="card">
      <h1>New material</h1>
      <p className="muted">
        Upload a brochure, deck or one-pager (PDF, PNG, JPEG or WebP, up to {maxMb} MB). The committees of the teams you
        choose preview it and comment on the page.
      </p>
      <UploadForm action="/materials/upload" maxBytes={maxBytes} submitLabel="Upload material">
        {(errors) => (
          <>
            <Field name="title" label="Title" error={errors.title}>
              {(p) => <input {...p} maxLength={200} required />}
            </Field>
            <Field name="kind" label="Kind" error={errors.kind}>
              {(p) => (
                <select {...p} defaultValue="collateral">
                  {MATERIAL_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {MATERIAL_KIND_LABELS[k]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field name="description" label="Description" error={errors.description} hint="What it is for and who will hand it to customers.">
              {(p) => <textarea {...p} rows={3} maxLength={5000} />}
            </Field>
            <fieldset className="field">
              <legend>Sales teams it is aimed at</legend>
              {teams.map((t) => (
                <label key={t.id} className="checkbox">
                  <input type="checkbox" name="teamIds" value={t.id} /> {t.name}
                </label>
              ))}
              {errors.teamIds ? (
                <div className="field-error" id="field-teamIds-error" role="alert">
                  {errors.teamIds}
                </div>
              ) : null}
            </fieldset>
            <Field name="file" label="File" error={errors.file}>
              {(p) => <input {...p} type="file" accept="application/pdf,image/png,image/jpeg,image/webp" required />}
            </Field>
          </>
        )}
      </UploadForm>
    </section>
  );
}
