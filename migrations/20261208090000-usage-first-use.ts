import type { QueryInterface } from "sequelize";

/**
 * The first opening (and first use) of each material by each team, for the metrics after
 * release: an index on (material, team, kind, time) answers each MIN by reading one entry,
 * where the (material, kind) index read every event of the material.
 */
export async function up({ context: qi }: { context: QueryInterface }) {
  await qi.addIndex("usage_events", ["materialId", "teamId", "kind", "createdAt"], { name: "usage_events_first_use" });
}

export async function down({ context: qi }: { context: QueryInterface }) {
  await qi.removeIndex("usage_events", "usage_events_first_use");
}
