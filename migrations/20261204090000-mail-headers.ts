import { randomBytes } from "node:crypto";
import type { QueryInterface } from "sequelize";

/** The app_settings key of the key that signs reply-by-email addresses (read by app/lib/reply-address.server.ts). */
const REPLY_SECRET_SETTING = "reply_address_secret";

/**
 * Extra mail headers per outbox message (a JSON object, such as a Reply-To that lets the
 * reader answer in the thread), and the key that signs those reply addresses. The key is
 * written once here, so every process of an installation signs and checks with the same
 * one without an extra setting to distribute.
 */
export async function up({ context: qi }: { context: QueryInterface }) {
  await qi.sequelize.query(`ALTER TABLE outbox_messages ADD COLUMN headers TEXT`);
  await qi.bulkInsert("app_settings", [{ key: REPLY_SECRET_SETTING, value: randomBytes(32).toString("hex") }]);
}

export async function down({ context: qi }: { context: QueryInterface }) {
  // Messages still waiting go out without their extra headers: a reply then reaches MAIL_FROM, not the thread.
  await qi.bulkDelete("app_settings", { key: REPLY_SECRET_SETTING });
  await qi.sequelize.query(`ALTER TABLE outbox_messages DROP COLUMN headers`);
}
