import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { Card } from "./Card";
import { TimeLeft } from "./PreviewPanel";
import type { escalationsFor, openRoundsOwnedBy, pendingDecisionsFor } from "~/queries/workflow-views.server";
import type { overdueRequestsFor } from "~/queries/home-queues.server";

/** Escalations addressed to a manager, soonest deadline first. */
export function EscalationQueue({ items, empty = "Nothing is waiting for your decision.", title }: { items: Awaited<ReturnType<typeof escalationsFor>>; empty?: string; title?: string }) {
  if (items.length === 0) return titled(title, <p className="muted">{empty}</p>);
  return titled(
    title,
    <ul className="queue" data-testid="escalation-queue">
      {items.map((e) => (
        <li key={e.id}>
          <Link to={`/escalations/${e.id}`}>{e.material}</Link> <TimeLeft clock={e.clock} />
          <div className="muted clamp">
            Level {e.level} · {e.comment}
          </div>
        </li>
      ))}
    </ul>,
  );
}

/** A committee member's previews still waiting for their decision. */
export function DecisionQueue({ queue, title }: { queue: Awaited<ReturnType<typeof pendingDecisionsFor>>; title?: string }) {
  const { items, total } = queue;
  if (items.length === 0) return titled(title, <p className="muted">No preview is waiting for your decision.</p>);
  return titled(
    title,
    <>
      {total > items.length ? (
        <p className="muted">
          The {items.length} closing soonest of {total}.
        </p>
      ) : null}
      <ul className="queue" data-testid="decision-queue">
        {items.map((r) => (
          <li key={r.roundId}>
            <Link to={`/materials/${r.materialId}`}>{r.material}</Link>{" "}
            <span className="muted">
              version {r.version} · {r.team}
            </span>{" "}
            <TimeLeft clock={r.clock} />
          </li>
        ))}
      </ul>
    </>,
  );
}

/** A marketer's materials in preview: one line per team's round. */
export function RoundQueue({ items, title }: { items: Awaited<ReturnType<typeof openRoundsOwnedBy>>; title?: string }) {
  if (items.length === 0) return titled(title, <p className="muted">None of your materials is in preview.</p>);
  return titled(
    title,
    <ul className="queue" data-testid="round-queue">
      {items.map((r) => (
        <li key={r.roundId}>
          <Link to={`/materials/${r.materialId}`}>{r.material}</Link> <span className="muted">{r.team}</span> <TimeLeft clock={r.clock} />
        </li>
      ))}
    </ul>,
  );
}

/** A department head's requests past their date, still open or accepted: the whole card, nothing when there are none. */
export function OverdueRequestQueue({ queue }: { queue: Awaited<ReturnType<typeof overdueRequestsFor>> }) {
  if (!queue || queue.total === 0) return null;
  return (
    <section className="card">
      <h2>Requests for material past their date ({queue.total})</h2>
      <p className="muted">Still open or accepted after the day the rep needed them by.</p>
      <ul className="queue" data-testid="overdue-requests">
        {queue.items.map((r) => (
          <li key={r.id}>
            <Link to={`/requests/${r.id}`}>{r.need}</Link>{" "}
            <span className="muted">
              {r.team} · {r.requester} · needed by {r.neededBy}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A queue on its own, or as a card under its heading. */
function titled(title: string | undefined, queue: ReactNode) {
  return title ? <Card title={title}>{queue}</Card> : <>{queue}</>;
}
