import { Link } from "@remix-run/react";
import { TimeLeft } from "~/components/PreviewPanel";
import type { HomeQueues } from "~/queries/home.server";

/** A manager's reports' items past or near their deadline. */
export function LateQueue({ items }: { items: HomeQueues["late"] }) {
  return (
    <section className="card">
      <h2>Your reports' items running late</h2>
      {items.length === 0 ? <p className="muted">Nobody reporting to you is late.</p> : null}
      <ul className="queue" data-testid="late-queue">
        {items.map((item) => (
          <li key={item.key}>
            {item.who}: <Link to={item.link}>{item.what}</Link> <TimeLeft clock={item.clock} />
          </li>
        ))}
      </ul>
    </section>
  );
}
