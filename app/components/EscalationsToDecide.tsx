import { EscalationQueue } from "~/components/Queues";
import type { HomeQueues } from "~/queries/home.server";

/** Escalations addressed to the user at their current level. */
export function EscalationsToDecide({ items }: { items: HomeQueues["escalations"] }) {
  return (
    <section className="card">
      <h2>Escalations waiting for your decision</h2>
      <EscalationQueue items={items} />
    </section>
  );
}
