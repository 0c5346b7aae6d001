import type { QueryInterface } from "sequelize";

/**
 * Indexes for the metrics after release, on a table of millions of events:
 *
 * - the first opening (and first use) of each material by each team: (material, team,
 *   kind, time) answers each MIN by reading one entry, where the (material, kind) index
 *   read every event of the material;
 * - the pages seen of a material, per page and team (the owner's most and least seen
 *   pages, the material page's team totals): (material, kind, page, team, person) holds
 *   every column those counts read, so they never visit the table. It starts with
 *   (material, kind), so it replaces that index.
 */
export async function up({ context: qi }: { context: QueryInterface }) {
  await qi.addIndex("usage_events", ["materialId", "teamId", "kind", "createdAt"], { name: "usage_events_first_use" });
  await qi.addIndex("usage_events", ["materialId", "kind", "page", "teamId", "userId"], { name: "usage_events_material_pages" });
  await qi.removeIndex("usage_events", "usage_events_material_kind");
}

export async function down({ context: qi }: { context: QueryInterface }) {
  await qi.addIndex("usage_events", ["materialId", "kind"], { name: "usage_events_material_kind" });
  await qi.removeIndex("usage_events", "usage_events_material_pages");
  await qi.removeIndex("usage_events", "usage_events_first_use");
}
