import { Link } from "@remix-run/react";
import { MATERIAL_STATUS_LABELS } from "~/domain/materials";
import type { HomeQueues } from "~/queries/home.server";

/** A marketer's materials, grouped by status. */
export function MaterialsByStatus({ groups }: { groups: HomeQueues["myMaterials"] }) {
  return (
    <section className="card">
      <h2>Your materials by status</h2>
      <div className="grid-4" data-testid="my-materials">
        {groups.map((g) => (
          <div key={g.status}>
            <h3>
              {MATERIAL_STATUS_LABELS[g.status]} ({g.count})
            </h3>
            <ul>
              {g.items.map((m) => (
                <li key={m.id}>
                  <Link to={`/materials/${m.id}`}>{m.title}</Link>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
    </section>
  );
}
