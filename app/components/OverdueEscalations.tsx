import { EscalationQueue } from "~/components/Queues";
import { OldestOf } from "~/components/OldestOf";
import type { HomeQueues } from "~/queries/home.server";

/** For the administrator: escalations nobody decided in time, oldest first. */
export function OverdueEscalations({ overdue }: { overdue: HomeQueues["overdue"] }) {
  return (
    <section className="card">
      <h2>Escalations nobody decided in time ({overdue.total})</h2>
      <OldestOf shown={overdue.items.length} total={overdue.total} />
      <EscalationQueue items={overdue.items} empty="No escalation is overdue." />
    </section>
  );
}
