import type { Database } from "~/lib/db.server";

const CHUNK = 500;

async function nextId(database: Database, table: string) {
  const [rows] = await database.sequelize.query(`SELECT COALESCE(MAX(id), 0) AS max FROM ${table}`);
  return Number((rows as { max: number | string }[])[0].max) + 1;
}

/**
 * Inserts `count` materials, each in preview with one open round for `teamId` and a
 * pending decision per committee member; the first `dueCount` rounds are past their
 * deadline at `now`, the rest due two days later. Bulk inserts with explicit ids, in
 * chunks, in one transaction: how the sweep tests and benchmark get a large database fast.
 */
export async function seedOpenRounds(
  database: Database,
  options: { count: number; dueCount: number; teamId: number; ownerId: number; memberIds: number[]; now: Date },
) {
  const { count, dueCount, teamId, ownerId, memberIds, now } = options;
  const hour = 3_600_000;
  const ids = {
    material: await nextId(database, "materials"),
    version: await nextId(database, "material_versions"),
    round: await nextId(database, "preview_rounds"),
  };
  await database.write(async (transaction) => {
    const m = database.models;
    const opts = { transaction, validate: false, hooks: false } as const;
    for (let start = 0; start < count; start += CHUNK) {
      const n = Math.min(CHUNK, count - start);
      const range = Array.from({ length: n }, (_, i) => start + i);
      await m.Material.bulkCreate(
        range.map((i) => ({ id: ids.material + i, title: `Bulk material ${ids.material + i}`, kind: "collateral" as const, description: "", ownerId, status: "in_preview" as const, createdAt: now, updatedAt: now })),
        opts,
      );
      await m.MaterialTeam.bulkCreate(range.map((i) => ({ materialId: ids.material + i, teamId })), opts);
      await m.MaterialVersion.bulkCreate(
        range.map((i) => ({
          id: ids.version + i,
          materialId: ids.material + i,
          number: 1,
          storageKey: `versions/bulk${ids.version + i}.bin`,
          fileName: "bulk.pdf",
          contentType: "application/pdf",
          size: 1000,
          sha256: "c".repeat(64),
          pageCount: 2,
          changeNote: "",
          uploadedById: ownerId,
          createdAt: now,
        })),
        opts,
      );
      await m.PreviewRound.bulkCreate(
        range.map((i) => {
          const due = i < dueCount;
          return {
            id: ids.round + i,
            materialId: ids.material + i,
            versionId: ids.version + i,
            teamId,
            submittedById: ownerId,
            state: "open" as const,
            openedAt: new Date(now.getTime() - (due ? 50 : 1) * hour),
            dueAt: new Date(now.getTime() + (due ? -60_000 : 48 * hour)),
            reminderAt: new Date(now.getTime() + (due ? -12 * hour : 36 * hour)),
            // Reminders went out already: the sweep under test only closes rounds.
            remindedAt: due ? new Date(now.getTime() - 12 * hour) : null,
          };
        }),
        opts,
      );
      await m.RoundDecision.bulkCreate(
        range.flatMap((i) => memberIds.map((userId) => ({ roundId: ids.round + i, userId, decision: "pending" as const }))),
        opts,
      );
    }
  });
  return { firstRoundId: ids.round, lastRoundId: ids.round + count - 1 };
}
