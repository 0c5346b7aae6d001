import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Field } from "~/components/Field";
import { UploadForm } from "~/components/UploadForm";
import { now } from "~/lib/clock.server";
import { requireUserWith } from "~/lib/permissions.server";
import { formRules } from "~/lib/form-rules.server";
import { localDate } from "~/domain/business-time";
import { MAX_EXAMPLE_BYTES, MAX_EXAMPLE_MB } from "~/domain/requests";
import { RequestFormSchema } from "~/schemas/request";

export const meta: MetaFunction = () => [{ title: "Ask for material · Collateral Preview" }];


export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWith(request, "request:create");
  return { rules: formRules(RequestFormSchema), today: localDate(now(), user.timeZone), maxBytes: MAX_EXAMPLE_BYTES, maxMb: MAX_EXAMPLE_MB };
}

export default function NewRequest() {
  const { rules, today, maxBytes, maxMb } = useLoaderData<typeof loader>();
  return (
    <section className="card">
      <h1>Ask marketing for material</h1>
      <p className="muted">
        For what you keep making yourself. Marketing accepts it, declines it with a reason, or answers with a material; you and your
        manager are told, and told again when the material is released.
      </p>
      <UploadForm action="/requests/upload" maxBytes={maxBytes} submitLabel="Send the request" rules={rules}>
        {(errors, rule) => (
          <>
            <Field name="need" label="What you need" error={errors.need} hint="A one-pager on pricing, a case study, a competitor comparison …">
              {(p) => <input {...p} {...rule("need")} />}
            </Field>
            <Field name="customers" label="For which customers" error={errors.customers} hint="A segment, an industry, or named accounts.">
              {(p) => <input {...p} {...rule("customers")} />}
            </Field>
            <Field name="neededBy" label="Needed by" error={errors.neededBy}>
              {(p) => <input {...p} {...rule("neededBy")} type="date" min={today} />}
            </Field>
            <Field name="details" label="Details (optional)" error={errors.details}>
              {(p) => <textarea {...p} rows={4} {...rule("details")} />}
            </Field>
            <Field name="file" label="Your own version, as an example (optional)" error={errors.file} hint={`PDF, image, PowerPoint (PPTX) or Word (DOCX), up to ${maxMb} MB.`}>
              {(p) => <input {...p} type="file" accept="application/pdf,image/png,image/jpeg,image/webp,.pptx,.docx" />}
            </Field>
          </>
        )}
      </UploadForm>
    </section>
  );
}
