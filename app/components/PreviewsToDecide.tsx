import { DecisionQueue } from "~/components/Queues";
import type { HomeQueues } from "~/queries/home.server";

/** The committee member's previews still waiting for their decision. */
export function PreviewsToDecide({ queue }: { queue: HomeQueues["decisions"] }) {
  return (
    <section className="card">
      <h2>Previews waiting for your decision</h2>
      <DecisionQueue queue={queue} />
    </section>
  );
}
