import { useNavigate } from "@remix-run/react";
import { useRef, useState, type FormEvent, type ReactNode } from "react";
import { FormError } from "./Field";
import { formatBytes } from "~/lib/format";
import { checkForm, ruleAttributes, type FormRules } from "~/lib/form-rules";

interface Props {
  action: string;
  maxBytes: number;
  submitLabel: string;
  /** The schema's rules (formRules): the fields are checked before the file is sent. */
  rules?: FormRules;
  children: (errors: Record<string, string>, attributes: (name: string) => ReturnType<typeof ruleAttributes>) => ReactNode;
}

type Phase = { kind: "idle" } | { kind: "uploading"; sent: number; total: number } | { kind: "checking" };

/**
 * A form with a file that uploads with a progress bar. XMLHttpRequest rather than fetch,
 * because only XHR reports upload progress. The server answers JSON: where to go next, or
 * the errors to show beside each field.
 */
export function UploadForm({ action, maxBytes, submitLabel, rules, children }: Props) {
  const form = useRef<HTMLFormElement>(null);
  const navigate = useNavigate();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const refused = rules ? checkForm(event.currentTarget, rules) : {};
    if (Object.keys(refused).length) {
      setErrors(refused);
      const first = event.currentTarget.elements.namedItem(Object.keys(refused)[0]);
      if (first instanceof HTMLElement) first.focus();
      return;
    }
    const data = new FormData(event.currentTarget);
    const file = data.get("file");
    if (file instanceof File && file.size > maxBytes) {
      setErrors({ file: `The file is ${formatBytes(file.size)}; the limit is ${formatBytes(maxBytes)}. Make it smaller and try again.` });
      return;
    }
    setErrors({});
    const xhr = new XMLHttpRequest();
    xhr.open("POST", action);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (e) => setPhase({ kind: "uploading", sent: e.loaded, total: e.lengthComputable ? e.total : 0 });
    xhr.upload.onload = () => setPhase({ kind: "checking" });
    xhr.onload = () => {
      let body: { ok?: boolean; url?: string; errors?: Record<string, string> } = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = { errors: { form: `The upload failed (${xhr.status}). Try again.` } };
      }
      if (xhr.status < 300 && body.ok && body.url) {
        navigate(body.url);
        return;
      }
      setPhase({ kind: "idle" });
      setErrors(body.errors ?? { form: `The upload failed (${xhr.status}). Try again.` });
    };
    xhr.onerror = () => {
      setPhase({ kind: "idle" });
      setErrors({ form: "The connection broke off during the upload. Nothing was saved; try again." });
    };
    setPhase({ kind: "uploading", sent: 0, total: file instanceof File ? file.size : 0 });
    xhr.send(data);
  }

  const busy = phase.kind !== "idle";
  const percent = phase.kind === "uploading" && phase.total ? Math.floor((phase.sent / phase.total) * 100) : phase.kind === "checking" ? 100 : 0;
  return (
    <form ref={form} method="post" action={action} encType="multipart/form-data" onSubmit={submit} noValidate>
      <FormError error={errors.form} />
      {children(errors, (name) => ruleAttributes(rules?.[name]))}
      {busy ? (
        <div className="upload-progress" data-testid="upload-progress">
          <progress max={100} value={percent} aria-label="Upload progress" />
          <span>
            {phase.kind === "checking"
              ? "Uploaded. Checking the file…"
              : `Uploading… ${percent}%${phase.kind === "uploading" && phase.total ? ` (${formatBytes(phase.sent)} of ${formatBytes(phase.total)})` : ""}`}
          </span>
        </div>
      ) : null}
      <button type="submit" disabled={busy}>
        {busy ? "Uploading…" : submitLabel}
      </button>
    </form>
  );
}
