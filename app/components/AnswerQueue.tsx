import { CommentLink } from "~/components/CommentLink";
import { OldestOf } from "~/components/OldestOf";
import type { HomeQueues } from "~/queries/home.server";

/** Comments on a marketer's materials still waiting for an answer, oldest first. */
export function AnswerQueue({ queue }: { queue: HomeQueues["toAnswer"] }) {
  return (
    <section className="card">
      <h2>Comments waiting for your answer ({queue.total})</h2>
      {queue.total === 0 ? <p className="muted">Every comment on your materials has an answer.</p> : null}
      <OldestOf shown={queue.items.length} total={queue.total} />
      <ul className="queue" data-testid="answer-queue">
        {queue.items.map((c) => (
          <li key={c.id}>
            <CommentLink comment={c} />{" "}
            <span className="muted">{c.author}</span>
            <div className="muted clamp">{c.body}</div>
          </li>
        ))}
      </ul>
    </section>
  );
}
