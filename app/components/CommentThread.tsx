import type { ActionResult } from "./action-result";
import { useFetcher } from "@remix-run/react";
import { useState } from "react";
import { Field, FormError } from "~/components/Field";
import { EscalationBadge } from "~/components/PreviewPanel";
import { COMMENT_CATEGORY_LABELS, COMMENT_STATE_LABELS } from "~/domain/materials";
import { useFormRules } from "~/hooks/useFormRules";
import type { FormRules, ruleAttributes } from "~/lib/form-rules";
import type { CommentView } from "~/queries/material-page.server";
import { MentionTextarea } from "~/components/MentionTextarea";
import type { Mentionable } from "~/domain/mentions";

/** The rules of a thread's forms, by form. */
export interface ThreadRules {
  reply?: FormRules;
  decline?: FormRules;
  check?: FormRules;
}

export function CommentThread({
  comment: c,
  escalation,
  selected,
  canAnswer,
  canReply,
  canCheck,
  isAuthor,
  people,
  rules = {},
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
  /** The rules (formRules) of the thread's forms: checked before sending, with the server's messages. */
  rules?: ThreadRules;
  onSelect(): void;
}) {
  const answer = useFetcher<ActionResult>();
  const settle = useFetcher<ActionResult>();
  const reply = useFetcher<ActionResult>();
  const answerCheck = useFormRules(rules.decline);
  const replyCheck = useFormRules(rules.reply);
  const [declining, setDeclining] = useState(false);
  const answerErrors: Record<string, string | undefined> = { ...answer.data?.errors, ...answerCheck.errors };
  const replyError = replyCheck.errors.body ?? reply.data?.errors?.body ?? reply.data?.errors?.form;
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
        <answer.Form method="post" noValidate className="answer" onSubmit={answerCheck.onSubmit}>
          <input type="hidden" name="intent" value="answer" />
          <input type="hidden" name="commentId" value={c.id} />
          <FormError error={answerErrors.form} />
          {declining ? (
            <NoteStep
              note={{ name: "reason", label: "Why marketing declines", error: answerErrors.reason, attributes: answerCheck.attributes("reason") }}
              submit={{ name: "answer", value: "decline", label: "Decline with this reason", className: "danger" }}
              onCancel={() => setDeclining(false)}
            />
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

      {c.toCheck && (isAuthor || canCheck) ? <CheckItem commentId={c.id} rules={rules.check} /> : null}

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
        <reply.Form method="post" noValidate className="reply" key={c.replies.length} onSubmit={replyCheck.onSubmit}>
          <input type="hidden" name="intent" value="reply" />
          <input type="hidden" name="commentId" value={c.id} />
          <label className="visually-hidden" htmlFor={`reply-${c.id}`}>
            Reply to comment {c.number}
          </label>
          <MentionTextarea id={`reply-${c.id}`} name="body" rows={1} placeholder="Reply… (@ to mention)" {...replyCheck.attributes("body")} people={people} />
          {replyError ? (
            <div className="field-error" role="alert">
              {replyError}
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
function CheckItem({ commentId, rules }: { commentId: number; rules?: FormRules }) {
  const fetcher = useFetcher<ActionResult>();
  const check = useFormRules(rules);
  const [reopening, setReopening] = useState(false);
  const errors: Record<string, string | undefined> = { ...fetcher.data?.errors, ...check.errors };
  return (
    <fetcher.Form method="post" noValidate className="check" onSubmit={check.onSubmit}>
      <input type="hidden" name="intent" value="check" />
      <input type="hidden" name="commentId" value={commentId} />
      <FormError error={errors.form} />
      {reopening ? (
        <NoteStep
          note={{ name: "note", label: "What is still wrong on this version", error: errors.note, attributes: check.attributes("note") }}
          submit={{ name: "check", value: "reopen", label: "Reopen as a new comment", disabled: fetcher.state !== "idle" }}
          onCancel={() => setReopening(false)}
        />
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

/** The written half of a two-way answer: the note, the button that sends it, and a way back. */
function NoteStep({
  note,
  submit,
  onCancel,
}: {
  note: { name: string; label: string; error?: string; attributes: ReturnType<typeof ruleAttributes> };
  submit: { name: string; value: string; label: string; className?: string; disabled?: boolean };
  onCancel(): void;
}) {
  return (
    <>
      <Field name={note.name} label={note.label} error={note.error}>
        {(p) => <textarea {...p} rows={3} {...note.attributes} />}
      </Field>
      <div className="row">
        <button type="submit" name={submit.name} value={submit.value} className={submit.className} disabled={submit.disabled}>
          {submit.label}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </>
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
