import { createHash } from "node:crypto";
import { QueryTypes, type QueryInterface } from "sequelize";

/** Stands in the stored email for the one-time link (app/lib/email.server.ts, ONE_TIME_LINK_PLACEHOLDER). */
const LINK_PLACEHOLDER = "one-time-link-minted-when-sent";

/**
 * Hardening. A set-password email no longer keeps its link in the outbox: it refers to the
 * link's token row, and the link is minted when the email is sent. Emails queued before
 * this keep their place in the queue; the token in their text is replaced by the
 * placeholder and becomes the reference (the token's digest is its row's id).
 */
export async function up({ context: qi }: { context: QueryInterface }) {
  const sql = qi.sequelize;
  await sql.query(`ALTER TABLE outbox_messages ADD COLUMN "passwordTokenId" VARCHAR(64)`);
  const rows = await sql.query<{ id: number; text: string; html: string }>(
    `SELECT id, text, html FROM outbox_messages WHERE kind = 'set_password'`,
    { type: QueryTypes.SELECT },
  );
  for (const row of rows) {
    const token = row.text.match(/\/set-password\/([A-Za-z0-9_-]{20,100})/)?.[1];
    if (!token || token === LINK_PLACEHOLDER) continue;
    const hidden = (s: string) => s.split(`/set-password/${token}`).join(`/set-password/${LINK_PLACEHOLDER}`);
    await sql.query(`UPDATE outbox_messages SET text = :text, html = :html, "passwordTokenId" = :ref WHERE id = :id`, {
      replacements: { text: hidden(row.text), html: hidden(row.html), ref: createHash("sha256").update(token).digest("hex"), id: row.id },
    });
  }
}

export async function down({ context: qi }: { context: QueryInterface }) {
  await qi.sequelize.query(`ALTER TABLE outbox_messages DROP COLUMN "passwordTokenId"`);
}
