import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { FileField } from "~/components/FileField";
import { Field, FieldError } from "~/components/Field";
import { UploadForm } from "~/components/UploadForm";
import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { requireUserWith } from "~/lib/permissions.server";
import { MATERIAL_KINDS, MATERIAL_KIND_LABELS } from "~/domain/materials";
import { maxUploadBytes } from "~/lib/http/receive-upload.server";
import { formRules } from "~/lib/form-rules.server";
import { MaterialFormSchema } from "~/schemas/material";
import type { FormRules } from "~/lib/form-rules";

export const meta: MetaFunction = () => [{ title: "New material · Collateral Preview" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWith(request, "material:create");
  const teams = await db().models.SalesTeam.findAll({ attributes: ["id", "name"], order: [["name", "ASC"]] });
  // Opened from a team's plan page: this upload is that pre-plan's annual plan.
  const raw = new URL(request.url).searchParams.get("prePlan");
  const prePlan = raw && /^\d{1,9}$/.test(raw) ? await db().models.PrePlan.findByPk(Number(raw)) : null;
  return {
    teams: teams.map((t) => ({ id: t.id, name: t.name })),
    prePlan: prePlan ? { id: prePlan.id, year: prePlan.year, teamId: prePlan.teamId, team: teams.find((t) => t.id === prePlan.teamId)?.name ?? "" } : null,
    maxBytes: maxUploadBytes(),
    maxMb: env().MAX_UPLOAD_MB,
    rules: formRules(MaterialFormSchema),
  };
}

export default function NewMaterial() {
  const { teams, prePlan, maxBytes, maxMb, rules } = useLoaderData<typeof loader>();
  if (prePlan) return <NewPlan prePlan={prePlan} maxBytes={maxBytes} maxMb={maxMb} rules={rules} />;
  return (
    <section className="card">
      <h1>New material</h1>
      <p className="muted">
        Upload a brochure, deck or one-pager (PDF, PNG, JPEG or WebP, up to {maxMb} MB). The committees of the teams you
        choose preview it and comment on the page.
      </p>
      <UploadForm action="/materials/upload" maxBytes={maxBytes} submitLabel="Upload material" rules={rules}>
        {(errors, rule) => (
          <>
            <Field name="title" label="Title" error={errors.title}>
              {(p) => <input {...p} {...rule("title")} />}
            </Field>
            <Field name="kind" label="Kind" error={errors.kind}>
              {(p) => (
                <select {...p} defaultValue="collateral">
                  {MATERIAL_KINDS.filter((k) => k !== "annual_plan").map((k) => (
                    <option key={k} value={k}>
                      {MATERIAL_KIND_LABELS[k]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <p className="muted">An annual plan is uploaded from its team's page under Plans, against the agreed pre-plan.</p>
            <Field name="description" label="Description" error={errors.description} hint="What it is for and who will hand it to customers.">
              {(p) => <textarea {...p} rows={3} {...rule("description")} />}
            </Field>
            <fieldset className="field">
              <legend>Sales teams it is aimed at</legend>
              {teams.map((t) => (
                <label key={t.id} className="checkbox">
                  <input type="checkbox" name="teamIds" value={t.id} /> {t.name}
                </label>
              ))}
              <FieldError error={errors.teamIds} />
            </fieldset>
            <FileField error={errors.file} />
          </>
        )}
      </UploadForm>
    </section>
  );
}

function NewPlan({ prePlan, maxBytes, maxMb, rules }: { prePlan: { id: number; year: number; teamId: number; team: string }; maxBytes: number; maxMb: number; rules: FormRules }) {
  return (
    <section className="card">
      <h1>
        The {prePlan.team} annual plan for {prePlan.year}
      </h1>
      <p className="muted">
        Upload the plan (PDF, up to {maxMb} MB). It goes to the whole {prePlan.team} team for preview once you have explained
        every deviation from the pre-plan and submit it.
      </p>
      <UploadForm action="/materials/upload" maxBytes={maxBytes} submitLabel="Upload the plan" rules={rules}>
        {(errors, rule) => (
          <>
            <input type="hidden" name="kind" value="annual_plan" />
            <input type="hidden" name="prePlanId" value={prePlan.id} />
            <input type="hidden" name="teamIds" value={prePlan.teamId} />
            {errors.kind || errors.teamIds ? (
              <div className="form-error" role="alert">
                {errors.kind ?? errors.teamIds}
              </div>
            ) : null}
            <Field name="title" label="Title" error={errors.title}>
              {(p) => <input {...p} {...rule("title")} defaultValue={`${prePlan.team} marketing plan ${prePlan.year}`} />}
            </Field>
            <Field name="description" label="Description" error={errors.description}>
              {(p) => <textarea {...p} rows={3} {...rule("description")} />}
            </Field>
            <FileField error={errors.file} accept="application/pdf" />
          </>
        )}
      </UploadForm>
    </section>
  );
}
