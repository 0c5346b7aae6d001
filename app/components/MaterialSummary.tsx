import { MATERIAL_KIND_LABELS } from "~/domain/materials";
import type { MaterialPageView } from "~/queries/material-page.server";

/** The material's title, kind, teams, owner and description. */
export function MaterialSummary({ material }: { material: MaterialPageView["material"] }) {
  return (
    <section className="card">
      <h1>{material.title}</h1>
      <p className="muted">
        {MATERIAL_KIND_LABELS[material.kind]} · for {material.teams.map((t) => t.name).join(", ")} · by {material.owner}
      </p>
      {material.description ? <p className="prewrap">{material.description}</p> : null}
    </section>
  );
}
