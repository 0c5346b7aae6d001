import type { QueryInterface } from "sequelize";

/**
 * Area comments: a comment may mark a rectangle of its page (x, y its top-left corner,
 * w, h its size, fractions of the page) instead of a single point. Existing comments keep
 * their point (w and h null).
 */
export async function up({ context: qi }: { context: QueryInterface }) {
  await qi.sequelize.query(`ALTER TABLE comments ADD COLUMN w DOUBLE PRECISION`);
  await qi.sequelize.query(`ALTER TABLE comments ADD COLUMN h DOUBLE PRECISION`);
}

export async function down({ context: qi }: { context: QueryInterface }) {
  // Areas become points at their corner: the comment and its place on the page are kept.
  await qi.sequelize.query(`ALTER TABLE comments DROP COLUMN h`);
  await qi.sequelize.query(`ALTER TABLE comments DROP COLUMN w`);
}
