import { randomBytes } from "node:crypto";
import type { QueryInterface } from "sequelize";

/** The app_settings row of the installation's signing key (app/lib/signing.server.ts). */
const SIGNING_KEY = "signing_secret";

/**
 * Extra mail headers per outbox message (a JSON object: a Reply-To that lets the reader
 * answer in the thread, List-Unsubscribe), and the installation's signing key, which signs
 * reply addresses and one-click links. Written here, the key exists before any email is
 * queued, so no transaction that queues one has to create it.
 */
export async function up({ context: qi }: { context: QueryInterface }) {
  await qi.sequelize.query(`ALTER TABLE outbox_messages ADD COLUMN headers TEXT`);
  await qi.bulkInsert("app_settings", [{ key: SIGNING_KEY, value: randomBytes(32).toString("base64url") }]);
}

export async function down({ context: qi }: { context: QueryInterface }) {
  // Messages still waiting go out without their extra headers: a reply then reaches MAIL_FROM, not the thread.
  await qi.bulkDelete("app_settings", { key: SIGNING_KEY });
  await qi.sequelize.query(`ALTER TABLE outbox_messages DROP COLUMN headers`);
}
