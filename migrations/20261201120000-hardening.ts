import { createHash } from "node:crypto";
import { DataTypes, QueryTypes, type QueryInterface } from "sequelize";

/** Stands in the stored email for the one-time link (app/lib/email.server.ts, ONE_TIME_LINK_PLACEHOLDER). */
const LINK_PLACEHOLDER = "one-time-link-minted-when-sent";

/**
 * Hardening. A set-password email no longer keeps its link in the outbox: it refers to the
 * link's token row, and the link is minted when the email is sent. Emails queued before
 * this keep their place in the queue; the token in their text is replaced by the
 * placeholder and becomes the reference (the token's digest is its row's id).
 *
 * And the browsers people have signed in from (trusted_devices), which other people's
 * failed guesses at an account do not slow down.
 */
export async function up({ context: qi }: { context: QueryInterface }) {
  const sql = qi.sequelize;
  await sql.query(`ALTER TABLE outbox_messages ADD COLUMN "passwordTokenId" VARCHAR(64)`);
  await qi.createTable("trusted_devices", {
    id: { type: DataTypes.STRING(64), primaryKey: true },
    userId: { type: DataTypes.INTEGER, allowNull: false, references: { model: "users", key: "id" }, onDelete: "CASCADE" },
    createdAt: { type: DataTypes.DATE, allowNull: false },
    lastUsedAt: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex("trusted_devices", ["userId"], { name: "trusted_devices_user" });
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
  await qi.dropTable("trusted_devices");
  // A queued email without its link cannot be sent by the code before this migration.
  await qi.sequelize.query(
    `UPDATE outbox_messages SET state = 'failed', "lastError" = 'Not sent: queued with a link minted when sent, which this version cannot do. Issue a new link.' WHERE "passwordTokenId" IS NOT NULL AND state = 'pending'`,
  );
  await qi.sequelize.query(`ALTER TABLE outbox_messages DROP COLUMN "passwordTokenId"`);
}
