import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { DocumentViewer } from "~/components/DocumentViewer";
import type { Placement } from "~/components/PageSurface";
import type { Fit } from "~/components/viewer-types";
import { Field, FormError } from "~/components/Field";
import { PageNav } from "~/components/PageNav";
import { UploadForm } from "~/components/UploadForm";
import { ConfirmAction } from "~/components/ConfirmAction";
import { EscalationBadge, PreviewPanel } from "~/components/PreviewPanel";
import {
  COMMENT_CATEGORIES,
  COMMENT_CATEGORY_LABELS,
  COMMENT_STATE_LABELS,
  MATERIAL_KIND_LABELS,
  MAX_COMMENT_LENGTH,
} from "~/domain/materials";
import { attempt, invalid, readForm } from "~/lib/actions.server";
import { now } from "~/lib/clock.server";
import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { parseForm } from "~/lib/forms";
import { requireId, requirePermission, requireUserWith } from "~/lib/permissions.server";
import { AnswerFormSchema, CheckFormSchema, CommentFormSchema, MaterialEditSchema, ReplyFormSchema, SettleFormSchema } from "~/schemas/material";
import { checkComment } from "~/commands/check-comment.server";
import { archiveMaterial } from "~/commands/archive-material.server";
import { editMaterial } from "~/commands/edit-material.server";
import { withdrawPreview } from "~/commands/withdraw-preview.server";
import { ReleaseOverObjectionSchema, RoundDecisionSchema } from "~/schemas/workflow";
import { decideRound } from "~/commands/decide-round.server";
import { releaseMaterial } from "~/commands/release-material.server";
import { submitForPreview } from "~/commands/submit-for-preview.server";
import { loadPreviewPanel } from "~/queries/workflow-views.server";
import { addComment } from "~/commands/add-comment.server";
import { replyToComment } from "~/commands/reply-to-comment.server";
import { answerComment } from "~/commands/answer-comment.server";
import { settleComment } from "~/commands/settle-comment.server";
import { loadMaterialPage, type CommentView } from "~/queries/material-page.server";
import { formatMegabytes } from "~/lib/format";
import { MentionTextarea } from "~/components/MentionTextarea";
import type { Mentionable } from "~/domain/mentions";
import { mentionableOnMaterial } from "~/rules/mentions.server";
import { maxUploadBytes } from "~/lib/http/receive-upload.server";
import { UsageCard, usePageReporter } from "~/components/UsageCard";
import { UsedFormSchema } from "~/schemas/usage";
import { recordUse, usageOnMaterialPage } from "~/queries/usage.server";

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
  return { ...page, preview, people, usage, maxBytes: maxUploadBytes() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUserWith(request, "material:list");
  const materialId = requireId(params.materialId, "material");
  const formData = await readForm(request);
  const intent = formData.get("intent");
  const database = db();
  const at = now();
  const run = async (fn: () => Promise<unknown>) => {
    const result = await attempt(fn);
    return result.ok ? { ok: true as const, errors: {} } : invalid(result.errors, result.status);
  };
  // Marketing's own intents answer 403 to everyone else before their form is read.
  if (intent === "release" || intent === "release_over_objection" || intent === "archive") requirePermission(user, "material:release");
  if (intent === "edit") requirePermission(user, "material:create");
  if (intent === "withdraw_preview") requirePermission(user, "material:submit");

  if (intent === "comment") {
    const parsed = parseForm(CommentFormSchema, formData);
    if (!parsed.ok) return invalid(parsed.errors);
    const result = await attempt(() => addComment(database, user, materialId, parsed.data, at));
    return result.ok ? { ok: true as const, errors: {}, commentId: result.value.id } : invalid(result.errors, result.status);
  }
  if (intent === "reply") {
    const parsed = parseForm(ReplyFormSchema, formData);
    if (!parsed.ok) return invalid(parsed.errors);
    return run(() => replyToComment(database, user, materialId, parsed.data, at));
  }
  if (intent === "answer") {
    const parsed = parseForm(AnswerFormSchema, formData);
    if (!parsed.ok) return invalid(parsed.errors);
    return run(() => answerComment(database, user, materialId, parsed.data, at));
  }
  if (intent === "settle") {
    const parsed = parseForm(SettleFormSchema, formData);
    if (!parsed.ok) return invalid(parsed.errors);
    return run(() => settleComment(database, user, materialId, parsed.data, at));
  }
  if (intent === "check") {
    const parsed = parseForm(CheckFormSchema, formData);
    if (!parsed.ok) return invalid(parsed.errors);
    return run(() => checkComment(database, user, materialId, parsed.data, at));
  }
  if (intent === "edit") {
    const parsed = parseForm(MaterialEditSchema, formData);
    if (!parsed.ok) return invalid(parsed.errors);
    return run(() => editMaterial(database, user, materialId, parsed.data, at));
  }
  if (intent === "withdraw_preview") return run(() => withdrawPreview(database, user, materialId, at));
  if (intent === "archive") return run(() => archiveMaterial(database, user, materialId, at));
  if (intent === "submit") return run(() => submitForPreview(database, user, materialId, at));
  if (intent === "release") {
    if (formData.get("confirm") !== "yes") return invalid({ form: "Confirm the release: open “Release to the sales teams…” and press “Yes, release it”." });
    return run(() => releaseMaterial(database, user, materialId, at));
  }
  if (intent === "release_over_objection") {
    const parsed = parseForm(ReleaseOverObjectionSchema, formData);
    if (!parsed.ok) return invalid(parsed.errors);
    return run(() => releaseMaterial(database, user, materialId, at, { overObjection: true, reason: parsed.data.reason }));
  }
  if (intent === "used") {
    const parsed = parseForm(UsedFormSchema, formData);
    if (!parsed.ok) return invalid(parsed.errors);
    return run(() => recordUse(database, user, materialId, parsed.data, at));
  }
  if (intent === "decide") {
    const parsed = parseForm(RoundDecisionSchema, formData);
    if (!parsed.ok) return invalid(parsed.errors);
    return run(() => decideRound(database, user, materialId, parsed.data, at));
  }
  return invalid({ form: "That action is not available on this page." });
}

type Draft = Placement | null;

/** Zoom choices: a fit, or a multiple of the width fit. Kept in the URL as `zoom`. */
const ZOOM_STEPS = [0.5, 0.75, 1.25, 1.5, 2, 3];
type ZoomState = { fit: Fit; zoom: number };
const FIT_WIDTH: ZoomState = { fit: "width", zoom: 1 };

function readZoom(raw: string | null): ZoomState {
  if (raw === "fit-page") return { fit: "page", zoom: 1 };
  const percent = Number(raw);
  if (raw && ZOOM_STEPS.includes(percent / 100)) return { fit: "width", zoom: percent / 100 };
  return FIT_WIDTH;
}
function zoomParam(z: ZoomState) {
  if (z.fit === "page") return "fit-page";
  return z.zoom === 1 ? "fit-width" : String(Math.round(z.zoom * 100));
}
function describePlacement(p: Placement) {
  return p.w && p.h ? `an area of page ${p.page}` : `page ${p.page}`;
}

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
  const zoomBy = (direction: 1 | -1) =>
    setZoom((z) => {
      const current = z.fit === "page" ? 1 : z.zoom;
      const steps = [...ZOOM_STEPS, 1].sort((a, b) => a - b);
      const next = direction > 0 ? steps.find((s) => s > current) : [...steps].reverse().find((s) => s < current);
      return next === undefined ? z : { fit: "width", zoom: next };
    });

  return (
    <div className="material-layout">
      <section className="viewer" aria-label="Preview">
        <div className="viewer-toolbar">
          <PageNav page={page} pages={version.pageCount} onChange={onPageChange} />
          <span className="spacer" />
          <span className="zoom-controls">
            <button type="button" className="secondary" onClick={() => zoomBy(-1)} aria-label="Zoom out" disabled={zoom.fit === "width" && zoom.zoom <= ZOOM_STEPS[0]}>
              −
            </button>
            <label className="visually-hidden" htmlFor="zoom-choice">
              Zoom
            </label>
            <select id="zoom-choice" value={zoomParam(zoom)} onChange={(event) => setZoom(readZoom(event.target.value))} data-testid="zoom">
              <option value="fit-width">Fit width</option>
              <option value="fit-page">Fit page</option>
              {ZOOM_STEPS.map((step) => (
                <option key={step} value={String(step * 100)}>
                  {step * 100}%
                </option>
              ))}
            </select>
            <button type="button" className="secondary" onClick={() => zoomBy(1)} aria-label="Zoom in" disabled={zoom.fit === "width" && zoom.zoom >= ZOOM_STEPS[ZOOM_STEPS.length - 1]}>
              +
            </button>
          </span>
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
        {data.can.edit ? <EditDraft material={material} allTeams={data.allTeams} /> : null}
        {data.can.archive ? <ArchiveMaterial /> : null}

        {data.can.comment && (draft || wholeDocument) ? (
          <NewComment
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
              <Thread
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

type ActionResult = { ok?: true; errors?: Record<string, string> };

function NewComment({ versionId, draft, people, onDone }: { versionId: number; draft: Draft; people: Mentionable[]; onDone(commentId?: number): void }) {
  const fetcher = useFetcher<ActionResult & { commentId?: number }>();
  const errors = fetcher.data?.errors ?? {};
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) onDone(fetcher.data.commentId);
  }, [fetcher.state, fetcher.data, onDone]);
  // Placing a pin or choosing the whole document leads straight to the form.
  useEffect(() => {
    form.current?.querySelector<HTMLElement>("select, textarea")?.focus();
  }, [draft]);
  return (
    <section className="card" aria-label="New comment">
      <h2>{draft ? `New comment on ${describePlacement(draft)}` : "New comment on the whole document"}</h2>
      <fetcher.Form method="post" noValidate ref={form}>
        <input type="hidden" name="intent" value="comment" />
        <input type="hidden" name="versionId" value={versionId} />
        <input type="hidden" name="page" value={draft?.page ?? ""} />
        <input type="hidden" name="x" value={draft ? draft.x.toFixed(4) : ""} />
        <input type="hidden" name="y" value={draft ? draft.y.toFixed(4) : ""} />
        <input type="hidden" name="w" value={draft?.w ? draft.w.toFixed(4) : ""} />
        <input type="hidden" name="h" value={draft?.h ? draft.h.toFixed(4) : ""} />
        <FormError error={errors.form ?? errors.page ?? errors.x ?? errors.y ?? errors.w ?? errors.versionId} />
        <Field name="category" label="Category" error={errors.category}>
          {(p) => (
            <select {...p} defaultValue="">
              <option value="" disabled>
                Choose…
              </option>
              {COMMENT_CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {COMMENT_CATEGORY_LABELS[c]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="body" label="Comment" error={errors.body}>
          {(p) => <MentionTextarea {...p} people={people} rows={4} maxLength={MAX_COMMENT_LENGTH} />}
        </Field>
        <div className="row">
          <button type="submit" disabled={fetcher.state !== "idle"}>
            Post comment
          </button>
          <button type="button" className="secondary" onClick={() => onDone()}>
            Cancel
          </button>
        </div>
      </fetcher.Form>
    </section>
  );
}

function Thread({
  comment: c,
  escalation,
  selected,
  canAnswer,
  canReply,
  canCheck,
  isAuthor,
  people,
  onSelect,
}: {
  comment: CommentView;
  people: Mentionable[];
  canCheck: boolean;
  escalation: { id: number; label: string; state: string } | null;
  selected: boolean;
  canAnswer: boolean;
  canReply: boolean;
  isAuthor: boolean;
  onSelect(): void;
}) {
  const answer = useFetcher<ActionResult>();
  const settle = useFetcher<ActionResult>();
  const reply = useFetcher<ActionResult>();
  const [declining, setDeclining] = useState(false);
  const answerErrors = answer.data?.errors ?? {};
  return (
    <li id={`comment-${c.id}`} className={`thread${selected ? " selected" : ""}`} data-testid={`comment-${c.number}`} tabIndex={-1}>
      <button type="button" className="link-button thread-head" onClick={onSelect}>
        <span className={`pin-badge pin-${c.state}`}>{c.number}</span> {COMMENT_CATEGORY_LABELS[c.category]} ·{" "}
        {c.page ? (c.w && c.h ? `area on page ${c.page}` : `page ${c.page}`) : "whole document"} · {c.author.name}
      </button>
      {c.page && c.x !== null && c.y !== null ? <PlaceOnPage x={c.x} y={c.y} w={c.w} h={c.h} /> : null}
      {c.carriedFrom && !c.toCheck && !c.decided ? <span className="badge">Carried over from version {c.carriedFrom}</span> : null}
      {c.follows ? <span className="badge">Reopened from an earlier version</span> : null}
      {c.toCheck ? (
        <p className="to-check" data-testid="to-check">
          <strong>To check on this version.</strong> {c.decided}
        </p>
      ) : c.decided ? (
        <p className="muted" data-testid="settled">
          {c.checkState === "done" ? "Checked: done. " : c.checkState === "reopened" ? "Reopened as a new comment. " : "Settled. "}
          {c.decided}
        </p>
      ) : null}
      <p className="prewrap">{c.body}</p>
      <p className="state" data-testid="comment-state">
        {COMMENT_STATE_LABELS[c.state]}
      </p>
      {escalation ? <EscalationBadge escalation={escalation} /> : null}
      {c.declineReason ? (
        <p className="prewrap decline-reason">
          <strong>Marketing's reason ({c.answeredBy}):</strong> {c.declineReason}
        </p>
      ) : null}
      {c.replies.length ? (
        <ul className="replies">
          {c.replies.map((r) => (
            <li key={r.id}>
              <strong>{r.author}:</strong> <span className="prewrap">{r.body}</span>
            </li>
          ))}
        </ul>
      ) : null}

      {canAnswer && c.state === "open" ? (
        <answer.Form method="post" noValidate className="answer">
          <input type="hidden" name="intent" value="answer" />
          <input type="hidden" name="commentId" value={c.id} />
          <FormError error={answerErrors.form} />
          {declining ? (
            <>
              <Field name="reason" label="Why marketing declines" error={answerErrors.reason}>
                {(p) => <textarea {...p} rows={3} maxLength={2000} />}
              </Field>
              <div className="row">
                <button type="submit" name="answer" value="decline" className="danger">
                  Decline with this reason
                </button>
                <button type="button" className="secondary" onClick={() => setDeclining(false)}>
                  Cancel
                </button>
              </div>
            </>
          ) : (
            <div className="row">
              <button type="submit" name="answer" value="accept">
                Accept: will change
              </button>
              <button type="button" className="secondary" onClick={() => setDeclining(true)}>
                Decline…
              </button>
            </div>
          )}
        </answer.Form>
      ) : null}

      {c.toCheck && (isAuthor || canCheck) ? <CheckItem commentId={c.id} /> : null}

      {isAuthor && (c.state === "declined" || c.state === "held") ? (
        <settle.Form method="post" className="row">
          <input type="hidden" name="intent" value="settle" />
          <input type="hidden" name="commentId" value={c.id} />
          <FormError error={settle.data?.errors?.form} />
          <button type="submit" name="settle" value="withdraw" className="secondary">
            Withdraw
          </button>
          {c.state === "declined" ? (
            <button type="submit" name="settle" value="hold">
              Hold: I still disagree
            </button>
          ) : null}
        </settle.Form>
      ) : null}

      {canReply ? (
        <reply.Form method="post" noValidate className="reply" key={c.replies.length}>
          <input type="hidden" name="intent" value="reply" />
          <input type="hidden" name="commentId" value={c.id} />
          <label className="visually-hidden" htmlFor={`reply-${c.id}`}>
            Reply to comment {c.number}
          </label>
          <MentionTextarea id={`reply-${c.id}`} name="body" rows={1} placeholder="Reply… (@ to mention)" maxLength={MAX_COMMENT_LENGTH} people={people} />
          {reply.data?.errors?.body || reply.data?.errors?.form ? (
            <div className="field-error" role="alert">
              {reply.data.errors.body ?? reply.data.errors.form}
            </div>
          ) : null}
          <button type="submit" className="secondary">
            Reply
          </button>
        </reply.Form>
      ) : null}
    </li>
  );
}

/** Ticks a "to check" item off as done, or reopens it with a note (a new comment linked to it). */
function CheckItem({ commentId }: { commentId: number }) {
  const fetcher = useFetcher<ActionResult>();
  const [reopening, setReopening] = useState(false);
  const errors = fetcher.data?.errors ?? {};
  return (
    <fetcher.Form method="post" noValidate className="check">
      <input type="hidden" name="intent" value="check" />
      <input type="hidden" name="commentId" value={commentId} />
      <FormError error={errors.form} />
      {reopening ? (
        <>
          <Field name="note" label="What is still wrong on this version" error={errors.note}>
            {(p) => <textarea {...p} rows={3} maxLength={5000} />}
          </Field>
          <div className="row">
            <button type="submit" name="check" value="reopen" disabled={fetcher.state !== "idle"}>
              Reopen as a new comment
            </button>
            <button type="button" className="secondary" onClick={() => setReopening(false)}>
              Cancel
            </button>
          </div>
        </>
      ) : (
        <div className="row">
          <button type="submit" name="check" value="done" disabled={fetcher.state !== "idle"}>
            Done: it is changed
          </button>
          <button type="button" className="secondary" onClick={() => setReopening(true)}>
            Reopen…
          </button>
        </div>
      )}
    </fetcher.Form>
  );
}

/** Marketing edits a draft: title, description and (for collateral) the target teams. */
function EditDraft({ material, allTeams }: { material: { title: string; description: string; kind: string; teams: { id: number }[] }; allTeams: { id: number; name: string }[] }) {
  const fetcher = useFetcher<ActionResult>();
  const errors = fetcher.data?.errors ?? {};
  const chosen = new Set(material.teams.map((t) => t.id));
  return (
    <details className="card" data-testid="edit-draft">
      <summary>Edit this draft</summary>
      <fetcher.Form method="post" noValidate>
        <input type="hidden" name="intent" value="edit" />
        <FormError error={errors.form} />
        <Field name="title" label="Title" error={errors.title}>
          {(p) => <input {...p} defaultValue={material.title} maxLength={200} />}
        </Field>
        <Field name="description" label="Description" error={errors.description}>
          {(p) => <textarea {...p} defaultValue={material.description} rows={3} maxLength={5000} />}
        </Field>
        {material.kind === "collateral" ? (
          <fieldset>
            <legend>Sales teams it is for</legend>
            {allTeams.map((t) => (
              <label key={t.id} className="checkbox">
                <input type="checkbox" name="teamIds" value={t.id} defaultChecked={chosen.has(t.id)} /> {t.name}
              </label>
            ))}
            {errors.teamIds ? (
              <div className="field-error" role="alert">
                {errors.teamIds}
              </div>
            ) : null}
          </fieldset>
        ) : (
          material.teams.map((t) => <input key={t.id} type="hidden" name="teamIds" value={t.id} />)
        )}
        <button type="submit" disabled={fetcher.state !== "idle"}>
          Save the draft
        </button>
      </fetcher.Form>
    </details>
  );
}

/** Marketing archives a released material: out of the library, still readable here. */
function ArchiveMaterial() {
  return (
    <ConfirmAction className="card" summary="Archive this material…" intent="archive" button="Archive it" danger>
      <p className="muted">It leaves the sales library. Everyone who could open it still can, with the date it was archived.</p>
    </ConfirmAction>
  );
}

/** Where on its page a comment sits: a small outline of the page with the point or the area marked. */
function PlaceOnPage({ x, y, w, h }: { x: number; y: number; w: number | null; h: number | null }) {
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  return (
    <span className="place-on-page" aria-hidden data-testid="place-on-page">
      {w && h ? <span className="place-area" style={{ left: pct(x), top: pct(y), width: pct(w), height: pct(h) }} /> : <span className="place-point" style={{ left: pct(x), top: pct(y) }} />}
    </span>
  );
}
