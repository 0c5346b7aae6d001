import { Op, QueryTypes } from "sequelize";
import type { Database } from "../lib/db.server";
import { execute } from "../lib/db.server";
import { appUrl, queueEmail } from "../lib/email.server";
import { digestDay, groupDigest, nextDigestAt } from "../domain/digest";
import { plural } from "../domain/workflow";

/** People whose digest is due, handled per sweep; the rest wait for the next. */
const PEOPLE_PER_SWEEP = 500;

/**
 * Sends each person whose held notices are due one digest email, grouped by material.
 * The day is claimed first (one row per person and local day, unique), in the same
 * transaction that takes the items and queues the email: two sweepers at once, a sweep
 * that crashes half-way, or one that runs hours late still send it exactly once. Items
 * that come due after today's digest went out wait for tomorrow's.
 */
export async function sendDigests(database: Database, now: Date): Promise<number> {
  const { models, sequelize } = database;
  const due = (await models.DigestItem.findAll({
    attributes: ["userId"],
    where: { digestId: null, dueAt: { [Op.lte]: now } },
    group: ["userId"],
    limit: PEOPLE_PER_SWEEP,
    raw: true,
  })) as unknown as { userId: number }[];
  let sent = 0;
  for (const { userId } of due) {
    const done = await database.write(async (t) => {
      const user = await models.User.findByPk(userId, { attributes: ["id", "name", "email", "timeZone", "active"], transaction: t });
      if (!user) return false;
      const day = digestDay(now, user.timeZone);
      const claimed = await sequelize.query<{ id: number }>(
        `INSERT INTO digests ("userId", day, items, "createdAt") VALUES (:userId, :day, 0, :now) ON CONFLICT ("userId", day) DO NOTHING RETURNING id`,
        { replacements: { userId, day, now }, type: QueryTypes.SELECT, transaction: t },
      );
      if (claimed.length === 0) {
        // Today's digest has gone out already: these wait for tomorrow's.
        await execute(database, t, `UPDATE digest_items SET "dueAt" = :next WHERE "userId" = :userId AND "digestId" IS NULL AND "dueAt" <= :now`, {
          next: nextDigestAt(now, user.timeZone),
          userId,
          now,
        });
        return false;
      }
      const digestId = Number(claimed[0].id);
      const taken = await execute(database, t, `UPDATE digest_items SET "digestId" = :digestId WHERE "userId" = :userId AND "digestId" IS NULL AND "dueAt" <= :now`, { digestId, userId, now });
      if (taken === 0) return false;
      await execute(database, t, `UPDATE digests SET items = :taken WHERE id = :digestId`, { taken, digestId });
      if (!user.active) return false;
      const items = await models.DigestItem.findAll({ where: { digestId }, order: [["createdAt", "ASC"], ["id", "ASC"]], transaction: t });
      const groups = groupDigest(items);
      const lines = groups.flatMap((group) => [
        `${group.title}`,
        ...group.entries.map((e) => `• ${e.subject}\n${e.text}\n${e.link.startsWith("http") ? e.link : `${appUrl()}${e.link}`}`),
      ]);
      await queueEmail(
        database,
        t,
        user,
        "digest",
        {
          subject: `Your daily digest: ${plural(items.length, "update")} on ${plural(groups.length, "material")}`,
          lines: [`What happened since your last digest, by material. Anything with a deadline says by when.`, ...lines],
          link: "/notifications",
          linkLabel: "See all your notifications",
          unsubscribe: { why: "the notices you chose to get in a daily digest", preferences: "/account/notifications" },
        },
        now,
        // Each notice was already shown in the app when it happened.
        { notify: false },
      );
      return true;
    });
    if (done) sent++;
  }
  return sent;
}
