import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { DocumentViewer } from "~/components/DocumentViewer";
import type { Placement } from "~/components/PageSurface";
import { Field } from "~/components/Field";
import { PageNav } from "~/components/PageNav";
import { UploadForm } from "~/components/UploadForm";
import { PreviewPanel } from "~/components/PreviewPanel";
import { MATERIAL_KIND_LABELS } from "~/domain/materials";
import { now } from "~/lib/clock.server";
import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { requireId, requireUserWith } from "~/lib/permissions.server";
import { loadPreviewPanel } from "~/queries/workflow-views.server";
import { loadMaterialPage } from "~/queries/material-page.server";
import { formatMegabytes } from "~/lib/format";
import { mentionableOnMaterial } from "~/rules/mentions.server";
import { maxUploadBytes } from "~/lib/http/receive-upload.server";
import { materialPageAction } from "~/lib/http/material-page-actions.server";
import { UsageCard, usePageReporter } from "~/components/UsageCard";
import { usageOnMaterialPage } from "~/queries/usage.server";
import { FieldFeedbackSection } from "~/components/FieldFeedback";
import { feedbackOnMaterialPage } from "~/queries/feedback.server";

import { readZoom, zoomParam, ZoomControls, type ZoomState } from "~/components/zoom";
import { describePlacement, NewCommentForm, type Draft } from "~/components/NewCommentForm";
import { CommentThread } from "~/components/CommentThread";
import { ArchiveMaterial, EditDraft } from "~/components/MaterialControls";
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.material.title ?? "Material"} · Collateral Preview` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWith(request, "material:list");
  const materialId = requireId(params.materialId, "material");
  const v = new URL(request.url).searchParams.get("v");
  const versionNumber = v && /^\d{1,6}$/.test(v) ? Number(v) : null;
  const page = await loadMaterialPage(db(), user, materialId, versionNumber);
  const preview = await loadPreviewPanel(db(), user, materialId, now());
  const people = page.can.comment || page.can.reply || page.can.answer ? await mentionableOnMaterial(db(), materialId) : [];
  const usage = await usageOnMaterialPage(db(), user, materialId, page.version.id, now(), { recording: env().USAGE_RECORDING === "on" });
  const feedback = await feedbackOnMaterialPage(db(), user, materialId);
  return { ...page, preview, people, usage, feedback, maxBytes: maxUploadBytes() };
}

/** Every form on the page posts here, named by its `intent` (see material-page-actions). */
export const action = ({ request, params }: ActionFunctionArgs) => materialPageAction(request, params.materialId);

export default function MaterialPage() {
  const data = useLoaderData<typeof loader>();
  const { material, versions, version, comments, preview } = data;
  const [params] = useSearchParams();
  const initialPage = Math.min(version.pageCount, Math.max(1, Number(params.get("page")) || 1));
  const [page, setPage] = useState(initialPage);
  const [zoom, setZoom] = useState<ZoomState>(() => readZoom(params.get("zoom")));
  const [placing, setPlacing] = useState(false);
  const [draft, setDraft] = useState<Draft>(null);
  const [wholeDocument, setWholeDocument] = useState(false);
  const [selected, setSelected] = useState<number | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const [focusComment, setFocusComment] = useState<number | null>(null);
  const pinButton = useRef<HTMLButtonElement>(null);
  const onPagesSeen = usePageReporter(data.usage.reportsPages ? `/materials/${material.id}/usage` : null, version.id);
  // Set only when a form was posted without JavaScript; the page's own forms use fetchers.
  const posted = useActionData<typeof action>();
  const postedErrors = posted && "errors" in posted ? Object.values(posted.errors ?? {}) : [];

  useEffect(() => {
    setPage((p) => Math.min(p, version.pageCount));
    setDraft(null);
    setPlacing(false);
  }, [version.id, version.pageCount]);

  // The page and the zoom live in the address, so a copied link opens the same place.
  useEffect(() => {
    const url = new URL(window.location.href);
    url.searchParams.set("page", String(page));
    const z = zoomParam(zoom);
    if (z === "fit-width") url.searchParams.delete("zoom");
    else url.searchParams.set("zoom", z);
    if (url.href !== window.location.href) window.history.replaceState(window.history.state, "", url);
  }, [page, zoom]);

  // After posting, the focus goes to the new comment once it is on the page.
  useEffect(() => {
    if (focusComment === null) return;
    const element = document.getElementById(`comment-${focusComment}`);
    if (!element) return;
    element.focus();
    setSelected(focusComment);
    setFocusComment(null);
  }, [focusComment, comments]);

  const onPageChange = useCallback((n: number) => setPage(n), []);
  const onPlace = useCallback((placement: Placement) => {
    setDraft(placement);
    setPlacing(false);
    setWholeDocument(false);
    setAnnouncement(`Placed on ${describePlacement(placement)}. Write your comment.`);
  }, []);
  const cancelPlacing = useCallback(() => {
    setPlacing(false);
    setAnnouncement("Pin mode cancelled.");
    pinButton.current?.focus();
  }, []);
  const onPinSelect = useCallback(
    (id: number) => {
      setSelected(id);
      document.getElementById(`comment-${id}`)?.scrollIntoView({ block: "nearest" });
    },
    [],
  );
  const commentDone = useCallback((commentId?: number) => {
    setDraft(null);
    setWholeDocument(false);
    if (commentId) {
      setFocusComment(commentId);
      setAnnouncement("Your comment is posted.");
    } else pinButton.current?.focus();
  }, []);

  return (
    <div className="material-layout">
      <section className="viewer" aria-label="Preview">
        <div className="viewer-toolbar">
          <PageNav page={page} pages={version.pageCount} onChange={onPageChange} />
          <span className="spacer" />
          <ZoomControls zoom={zoom} onChange={setZoom} />
          {data.can.comment ? (
            <button
              ref={pinButton}
              type="button"
              className={placing ? "" : "secondary"}
              onClick={() => {
                if (placing) cancelPlacing();
                else {
                  setPlacing(true);
                  setAnnouncement(`Pin mode on page ${page}: click or tap to pin a point, or drag to mark an area. With the keyboard, move the crosshair with the arrow keys, press Enter to pin, Space to start an area, Escape to cancel.`);
                }
              }}
              aria-pressed={placing}
            >
              {placing ? "Cancel pinning" : "Pin a comment"}
            </button>
          ) : null}
        </div>
        {placing ? (
          <p className="hint placing-hint" data-testid="placing-hint">
            Click or tap to pin a point, or drag to mark an area. Keyboard: arrows move, Enter pins, Space starts an area, Esc cancels.
          </p>
        ) : null}
        <p className="visually-hidden" aria-live="polite" data-testid="announcer">
          {announcement}
        </p>
        <DocumentViewer
          fileUrl={`/files/${version.id}`}
          contentType={version.contentType}
          pageCount={version.pageCount}
          page={page}
          zoom={zoom.zoom}
          fit={zoom.fit}
          layout="continuous"
          onPageChange={onPageChange}
          pins={comments}
          selectedPinId={selected}
          placing={placing}
          draft={draft}
          onPinSelect={onPinSelect}
          onPlace={onPlace}
          onCancelPlacing={cancelPlacing}
          onPageSeen={onPagesSeen ?? undefined}
        />
      </section>

      <aside className="side">
        {postedErrors.length ? (
          <div className="form-error" role="alert" data-testid="posted-errors">
            {postedErrors.map((message) => (
              <p key={message}>{message}</p>
            ))}
          </div>
        ) : null}
        <section className="card">
          <h1>{material.title}</h1>
          <p className="muted">
            {MATERIAL_KIND_LABELS[material.kind]} · for {material.teams.map((t) => t.name).join(", ")} · by {material.owner}
          </p>
          {material.description ? <p className="prewrap">{material.description}</p> : null}
        </section>

        <PreviewPanel data={preview} />
        <UsageCard usage={data.usage} />
        <FieldFeedbackSection data={data.feedback} />
        {data.can.edit ? <EditDraft material={material} allTeams={data.allTeams} /> : null}
        {data.can.archive ? <ArchiveMaterial /> : null}

        {data.can.comment && (draft || wholeDocument) ? (
          <NewCommentForm
            versionId={version.id}
            draft={draft}
            people={data.people}
            onDone={commentDone}
          />
        ) : null}

        <section className="card" aria-labelledby="comments-heading">
          <div className="spread">
            <h2 id="comments-heading">Comments ({comments.length})</h2>
            {data.can.comment && !draft && !wholeDocument ? (
              <button type="button" className="secondary" onClick={() => setWholeDocument(true)}>
                Comment on the whole document
              </button>
            ) : null}
          </div>
          {comments.length === 0 ? <p className="muted">No comments on this version yet.</p> : null}
          <ol className="threads">
            {comments.map((c) => (
              <CommentThread
                key={c.id}
                comment={c}
                escalation={preview.escalations.find((e) => e.commentId === c.id) ?? null}
                selected={selected === c.id}
                canAnswer={data.can.answer}
                canReply={data.can.reply || c.author.id === data.viewerId}
                canCheck={data.can.check}
                isAuthor={c.author.id === data.viewerId}
                people={data.people}
                onSelect={() => {
                  setSelected(c.id);
                  if (c.page) setPage(Math.min(c.page, version.pageCount));
                }}
              />
            ))}
          </ol>
        </section>

        <section className="card" aria-labelledby="versions-heading">
          <h2 id="versions-heading">Versions</h2>
          <ol className="versions">
            {versions.map((v) => (
              <li key={v.id} className={v.id === version.id ? "current" : undefined} data-testid={`version-${v.number}`}>
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
              <Link to={`/materials/${material.id}/compare?a=${versions[1].number}&b=${versions[0].number}`}>
                Compare version {versions[1].number} with {versions[0].number}
              </Link>
            </p>
          ) : null}
          {data.can.upload ? (
            <details>
              <summary>Upload a new version</summary>
              <UploadForm action={`/materials/${material.id}/upload`} maxBytes={data.maxBytes} submitLabel="Upload new version">
                {(errors) => (
                  <>
                    <Field name="changeNote" label="What changed" error={errors.changeNote}>
                      {(p) => <textarea {...p} rows={3} maxLength={2000} required />}
                    </Field>
                    <Field name="file" label="File" error={errors.file}>
                      {(p) => <input {...p} type="file" accept="application/pdf,image/png,image/jpeg,image/webp" required />}
                    </Field>
                  </>
                )}
              </UploadForm>
            </details>
          ) : null}
        </section>
      </aside>
    </div>
  );
}

