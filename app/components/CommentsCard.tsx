import { CommentThread, type ThreadRules } from "~/components/CommentThread";
import type { Mentionable } from "~/domain/mentions";
import type { CommentView, MaterialPageView } from "~/queries/material-page.server";

/** The comments on the version shown, each a thread, and the way to comment on the whole document. */
export function CommentsCard({
  comments,
  escalations,
  can,
  viewerId,
  people,
  selected,
  rules,
  offerWholeDocument,
  onWholeDocument,
  onSelect,
}: {
  comments: CommentView[];
  escalations: { id: number; commentId: number | null; label: string; state: string }[];
  can: MaterialPageView["can"];
  viewerId: number;
  people: Mentionable[];
  selected: number | null;
  rules?: ThreadRules;
  offerWholeDocument: boolean;
  onWholeDocument(): void;
  onSelect(comment: CommentView): void;
}) {
  return (
    <section className="card" aria-labelledby="comments-heading">
      <div className="spread">
        <h2 id="comments-heading">Comments ({comments.length})</h2>
        {offerWholeDocument ? (
          <button type="button" className="secondary" onClick={onWholeDocument}>
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
            escalation={escalations.find((e) => e.commentId === c.id) ?? null}
            selected={selected === c.id}
            canAnswer={can.answer}
            canReply={can.reply || c.author.id === viewerId}
            canCheck={can.check}
            isAuthor={c.author.id === viewerId}
            people={people}
            rules={rules}
            onSelect={() => onSelect(c)}
          />
        ))}
      </ol>
    </section>
  );
}
