import type { QueryInterface } from "sequelize";

/**
 * A commenter's own comments by state, oldest answer first: the home's "declined, waiting
 * for you" queue. With only the state index, the database read every declined comment of
 * everyone to find one person's.
 */
export async function up({ context: qi }: { context: QueryInterface }) {
  await qi.addIndex("comments", ["authorId", "state", "answeredAt"], { name: "comments_author_state" });
}

export async function down({ context: qi }: { context: QueryInterface }) {
  await qi.removeIndex("comments", "comments_author_state");
}
