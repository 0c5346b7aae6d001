import { Link } from "@remix-run/react";
import { FileField } from "~/components/FileField";
import { Field } from "~/components/Field";
import { UploadForm } from "~/components/UploadForm";
import { formatMegabytes } from "~/lib/format";
import type { FormRules } from "~/lib/form-rules";
import type { MaterialPageView } from "~/queries/material-page.server";

/** The material's versions, newest first, with their files, a comparison link and the upload of a new one. */
export function VersionsCard({
  materialId,
  versions,
  currentId,
  canUpload,
  maxBytes,
  rules,
}: {
  materialId: number;
  versions: MaterialPageView["versions"];
  currentId: number;
  canUpload: boolean;
  maxBytes: number;
  rules?: FormRules;
}) {
  return (
    <section className="card" aria-labelledby="versions-heading">
      <h2 id="versions-heading">Versions</h2>
      <ol className="versions">
        {versions.map((v) => (
          <li key={v.id} className={v.id === currentId ? "current" : undefined} data-testid={`version-${v.number}`}>
            <Link to={`?v=${v.number}`}>Version {v.number}</Link> · {v.pageCount} page{v.pageCount === 1 ? "" : "s"} ·{" "}
            {formatMegabytes(v.size)} · {v.uploadedBy}, <time dateTime={v.createdAt}>{v.createdAt.slice(0, 10)}</time>
            {v.changeNote ? <div className="prewrap muted">{v.changeNote}</div> : null}
            {v.restrictions ? <div className="muted" data-testid={`version-${v.number}-restrictions`}>{v.restrictions}</div> : null}
            <div>
              <a href={`/files/${v.id}?download`} className="muted">
                Download {v.fileName}
              </a>
            </div>
          </li>
        ))}
      </ol>
      {versions.length > 1 ? (
        <p>
          <Link to={`/materials/${materialId}/compare?a=${versions[1].number}&b=${versions[0].number}`}>
            Compare version {versions[1].number} with {versions[0].number}
          </Link>
        </p>
      ) : null}
      {canUpload ? (
        <details>
          <summary>Upload a new version</summary>
          <UploadForm action={`/materials/${materialId}/upload`} maxBytes={maxBytes} submitLabel="Upload new version" rules={rules}>
            {(errors, attributes) => (
              <>
                <Field name="changeNote" label="What changed" error={errors.changeNote}>
                  {(p) => <textarea {...p} rows={3} {...attributes("changeNote")} />}
                </Field>
                <FileField error={errors.file} />
              </>
            )}
          </UploadForm>
        </details>
      ) : null}
    </section>
  );
}
