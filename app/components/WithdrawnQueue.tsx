import { Link } from "@remix-run/react";
import type { HomeQueues } from "~/queries/home.server";

/** A marketer's withdrawn previews, to submit again or follow with a new version. */
export function WithdrawnQueue({ items }: { items: HomeQueues["withdrawn"] }) {
  return (
    <section className="card">
      <h2>Previews you withdrew ({items.length})</h2>
      <p className="muted">Submit each again, or upload a new version: the comments left open in them wait for that.</p>
      <ul className="queue" data-testid="withdrawn-queue">
        {items.map((m) => (
          <li key={m.id}>
            <Link to={`/materials/${m.id}`}>{m.title}</Link>{" "}
            {m.waiting ? <span className="muted">{m.waiting} comment{m.waiting === 1 ? "" : "s"} waiting</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
