import type { ComparedComment } from "~/queries/compare-versions.server";

/** The comments of both compared versions, marked with the versions each is on. */
export function ComparedComments({ comments, a, b, selected, onSelect }: { comments: ComparedComment[]; a: number; b: number; selected: number | null; onSelect(comment: ComparedComment): void }) {
  return (
    <section className="card compare-comments" aria-labelledby="compare-comments-heading">
      <h2 id="compare-comments-heading">Comments ({comments.length})</h2>
      {comments.length === 0 ? <p className="muted">No comments on either version.</p> : null}
      {comments.some((c) => c.onA && c.onB) ? (
        <p className="muted">Comments carried over from version {a} are drawn on both sides, with the same number.</p>
      ) : null}
      <ol className="threads">
        {comments.map((c) => (
          <li key={c.id} id={`compare-comment-${c.id}`} className={`thread${selected === c.id ? " selected" : ""}`} data-testid={`compare-comment-${c.number}`}>
            <button
              type="button"
              className="link-button thread-head"
              aria-pressed={selected === c.id}
              onClick={() => onSelect(c)}
            >
              <span className={`pin-badge pin-${c.state}`}>{c.number}</span> {c.category} · {c.page ? `page ${c.page}` : "whole document"} · {c.author}
            </button>{" "}
            <span className="badge">
              {c.onA && c.onB ? `On versions ${a} and ${b}` : `On version ${c.onA ? a : b} only`}
              {c.writtenOn !== a && c.writtenOn !== b ? ` · written on version ${c.writtenOn}` : ""}
            </span>
            <p className="prewrap">{c.body}</p>
            <p className="state">{c.stateLabel}</p>
          </li>
        ))}
      </ol>
    </section>
  );
}
