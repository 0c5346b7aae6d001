import type { QueryInterface } from "sequelize";

/**
 * What a PDF's author restricted (printing, copying, editing), read by the viewer's engine
 * when the file is uploaded: such PDFs open without a password and are accepted, and the
 * material page says what is restricted. Null for files without restrictions, and for the
 * versions uploaded before, which were refused if they had any.
 */
export async function up({ context: qi }: { context: QueryInterface }) {
  await qi.sequelize.query(`ALTER TABLE material_versions ADD COLUMN "restrictions" VARCHAR(200)`);
}

export async function down({ context: qi }: { context: QueryInterface }) {
  await qi.sequelize.query(`ALTER TABLE material_versions DROP COLUMN "restrictions"`);
}
