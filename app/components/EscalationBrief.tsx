import { Link } from "@remix-run/react";
import type { EscalationPageView } from "~/queries/workflow-views.server";

const SIDE_LABELS: Record<string, string> = { sales: "sales' manager", marketing: "marketing's manager", both: "manager of both sides" };

const PROPOSAL_STATE_LABELS: Record<string, string> = { open: "waiting for agreement", agreed: "agreed", superseded: "replaced by a counter-proposal" };

/** Both positions, who it was addressed to at each level, and the proposals made. */
export function EscalationBrief({ data, materialLink }: { data: EscalationPageView; materialLink: string }) {
  const { comment, version } = data;
  const objection = comment.kind === "objection";
  return (
    <>
      <h2>{objection ? "The committee's objection to the release" : "The comment"}</h2>
      <p className="muted">
        {objection ? "Whole round" : `${comment.category} · ${comment.page ? `page ${comment.page}` : "whole document"}`} · version {version?.number} ·{" "}
        <Link to={materialLink}>Open in the material</Link>
      </p>
      <div className="grid-2 positions">
        <Position testId="sales-position" heading={`Sales' position (${comment.author})`} text={comment.body} replies={data.sales} />
        <Position
          testId="marketing-position"
          heading={`${objection ? "Marketing's reason to release" : "Marketing's reason"} (${comment.answeredBy})`}
          text={comment.declineReason}
          replies={data.marketing}
        />
      </div>
      <h2>Addressed to</h2>
      <ol className="levels">
        {data.levels.map((l) => (
          <li key={l.level} className={l.current ? "current" : undefined}>
            Level {l.level}: {l.people.map((p) => `${p.name} (${SIDE_LABELS[p.side] ?? p.side})`).join(", ")}
          </li>
        ))}
      </ol>
      {data.proposals.length ? (
        <>
          <h2>Proposals</h2>
          <ol className="proposals" data-testid="proposals">
            {data.proposals.map((p) => (
              <li key={p.id} className={`proposal-${p.state}`}>
                Level {p.level}, {p.by}: <strong>{p.label}</strong>
                {p.note ? <span className="prewrap"> — {p.note}</span> : null} <span className="muted">({PROPOSAL_STATE_LABELS[p.state]})</span>
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </>
  );
}

/** One side's position: what it wrote first, then its replies in the thread. */
function Position({ testId, heading, text, replies }: { testId: string; heading: string; text: string; replies: EscalationPageView["sales"] }) {
  return (
    <div data-testid={testId}>
      <h3>{heading}</h3>
      <p className="prewrap">{text}</p>
      {replies.map((r) => (
        <p key={r.id} className="prewrap">
          <strong>{r.author}:</strong> {r.body}
        </p>
      ))}
    </div>
  );
}
