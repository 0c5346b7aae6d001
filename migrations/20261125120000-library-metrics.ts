import type { QueryInterface } from "sequelize";

/** Indexes for the sales library (released material, newest first) and the metrics (rounds by team and month). */
export async function up({ context: qi }: { context: QueryInterface }) {
  await qi.addIndex("materials", ["status", "updatedAt"], { name: "materials_status_updated" });
  await qi.addIndex("preview_rounds", ["teamId", "openedAt"], { name: "rounds_team_opened" });
  // A round's first comment, read from the index alone.
  await qi.addIndex("comments", ["roundId", "parentId", "createdAt"], { name: "comments_round_first" });
}

export async function down({ context: qi }: { context: QueryInterface }) {
  await qi.removeIndex("comments", "comments_round_first");
  await qi.removeIndex("preview_rounds", "rounds_team_opened");
  await qi.removeIndex("materials", "materials_status_updated");
}
