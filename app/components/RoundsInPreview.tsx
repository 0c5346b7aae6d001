import { RoundQueue } from "~/components/Queues";
import type { HomeQueues } from "~/queries/home.server";

/** A marketer's materials in preview, the soonest to close first. */
export function RoundsInPreview({ items }: { items: HomeQueues["rounds"] }) {
  return (
    <section className="card">
      <h2>Your materials in preview, closing soonest first</h2>
      <RoundQueue items={items} />
    </section>
  );
}
