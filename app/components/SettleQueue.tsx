import { CommentLink } from "~/components/CommentLink";
import { TimeLeft } from "~/components/PreviewPanel";
import type { HomeQueues } from "~/queries/home.server";

/** A commenter's declined comments, to withdraw or hold before the clock runs out. */
export function SettleQueue({ queue }: { queue: HomeQueues["toSettle"] }) {
  return (
    <section className="card">
      <h2>Declined comments: withdraw or hold ({queue.total})</h2>
      <p className="muted">Marketing declined these. Withdraw one if the reason convinces you, or hold it: it goes to your managers when the clock runs out.</p>
      <ul className="queue" data-testid="settle-queue">
        {queue.items.map((c) => (
          <li key={c.id}>
            <CommentLink comment={c} />{" "}
            {c.clock ? <TimeLeft clock={c.clock} /> : null}
            <div className="muted clamp">{c.body}</div>
            <div className="muted clamp">Marketing: {c.reason}</div>
          </li>
        ))}
      </ul>
    </section>
  );
}
