import type { Database } from "~/lib/db.server";
import { hashPassword } from "~/lib/password.server";
import { COMMENT_CATEGORIES } from "~/domain/materials";

const CHUNK = 1000;

async function inChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

/**
 * Fills a migrated database that holds the demo organisation up to the benchmark's size:
 * 200 users (extra reps spread over the two teams), 10,000 materials over the last two
 * years — most previewed and released, some in preview — and 100,000 comments, with
 * decisions and a few escalations. Bulk inserts in one transaction.
 */
export async function seedLargeDataset(database: Database, options: { materials: number; comments: number; users: number; now: Date }) {
  const m = database.models;
  const teams = await m.SalesTeam.findAll({ order: [["id", "ASC"]] });
  const demoUsers = await m.User.findAll();
  const marketers = demoUsers.filter((u) => u.role === "marketer");
  const byEmail = (e: string) => demoUsers.find((u) => u.email === e)!;
  const committees = new Map(teams.map((t) => [t.id, [] as number[]]));
  for (const membership of await m.TeamMembership.findAll({ where: { isCommittee: true } })) committees.get(membership.teamId)!.push(membership.userId);
  const passwordHash = await hashPassword("preview-demo");
  const day = 86_400_000;

  await database.write(async (transaction) => {
    const opts = { transaction, validate: false, hooks: false } as const;
    const extra = Math.max(0, options.users - demoUsers.length);
    const reps = Array.from({ length: extra }, (_, i) => {
      const team = teams[i % teams.length];
      return {
        name: `Rep ${i + 1}`,
        email: `rep${i + 1}@bench.test`,
        passwordHash,
        role: "sales" as const,
        reportsToId: team.salesManagerId,
        timeZone: team.timeZone,
        active: true,
        createdAt: options.now,
        updatedAt: options.now,
      };
    });
    await inChunks(reps, (chunk) => m.User.bulkCreate(chunk, opts));
    const created = await m.User.findAll({ where: { role: "sales" }, transaction });
    const memberRows = created
      .filter((u) => u.email.endsWith("@bench.test"))
      .map((u, i) => ({ teamId: teams[i % teams.length].id, userId: u.id, isCommittee: false }));
    await inChunks(memberRows, (chunk) => m.TeamMembership.bulkCreate(chunk, opts));

    const base = { material: 1_000_000, version: 1_000_000, round: 1_000_000, comment: 1_000_000 };
    const materials = [];
    const targets = [];
    const versions = [];
    const rounds = [];
    const decisions = [];
    for (let i = 0; i < options.materials; i++) {
      const team = teams[i % teams.length];
      const opened = new Date(options.now.getTime() - (i % 730) * day - 5 * day);
      const open = i % 50 === 0; // 2% still in preview
      const status = open ? "in_preview" : i % 10 === 0 ? "closed" : "released";
      materials.push({
        id: base.material + i,
        title: `${["Spring", "Summer", "Autumn", "Winter"][i % 4]} ${["brochure", "deck", "one-pager", "case study", "price sheet"][i % 5]} ${i}`,
        kind: "collateral" as const,
        description: `Material number ${i} for ${team.name}: ${["pricing", "security", "onboarding", "analytics"][i % 4]} story.`,
        ownerId: marketers[i % marketers.length].id,
        status: status as "released",
        createdAt: opened,
        updatedAt: new Date(opened.getTime() + 3 * day),
      });
      targets.push({ materialId: base.material + i, teamId: team.id });
      versions.push({
        id: base.version + i,
        materialId: base.material + i,
        number: 1,
        storageKey: `versions/bench${i}.bin`,
        fileName: "bench.pdf",
        contentType: "application/pdf",
        size: 1000,
        sha256: "f".repeat(64),
        pageCount: 4,
        changeNote: "",
        uploadedById: marketers[i % marketers.length].id,
        createdAt: opened,
      });
      rounds.push({
        id: base.round + i,
        materialId: base.material + i,
        versionId: base.version + i,
        teamId: team.id,
        submittedById: marketers[i % marketers.length].id,
        state: open ? ("open" as const) : ("closed" as const),
        openedAt: opened,
        dueAt: open ? new Date(options.now.getTime() + day) : new Date(opened.getTime() + 2 * day),
        reminderAt: open ? new Date(options.now.getTime() + day / 2) : new Date(opened.getTime() + 1.5 * day),
        remindedAt: null,
        closedAt: open ? null : new Date(opened.getTime() + ((i % 48) + 1) * 3_600_000),
      });
      for (const [k, userId] of committees.get(team.id)!.entries()) {
        const decision: "pending" | "approved" | "changes_requested" | "no_objection" = open ? "pending" : (["approved", "changes_requested", "no_objection"] as const)[(i + k) % 3];
        decisions.push({ roundId: base.round + i, userId, decision, summary: decision === "pending" || decision === "no_objection" ? null : "Fine for customers.", decidedAt: open ? null : opened });
      }
    }
    await inChunks(materials, (chunk) => m.Material.bulkCreate(chunk, opts));
    await inChunks(targets, (chunk) => m.MaterialTeam.bulkCreate(chunk, opts));
    await inChunks(versions, (chunk) => m.MaterialVersion.bulkCreate(chunk, opts));
    await inChunks(rounds, (chunk) => m.PreviewRound.bulkCreate(chunk, opts));
    await inChunks(decisions, (chunk) => m.RoundDecision.bulkCreate(chunk, opts));

    const perMaterial = Math.ceil(options.comments / options.materials);
    const comments = [];
    const escalations = [];
    for (let c = 0; c < options.comments; c++) {
      const i = Math.floor(c / perMaterial) % options.materials;
      const round = rounds[i];
      const author = committees.get(round.teamId)![c % 2] ?? byEmail("east.committee1@demo.test").id;
      const state = (["open", "accepted", "declined", "withdrawn", "held"] as const)[c % 5];
      const at = new Date(round.openedAt.getTime() + ((c % 40) + 1) * 3_600_000);
      comments.push({
        id: base.comment + c,
        materialId: round.materialId,
        versionId: round.versionId,
        roundId: round.id,
        parentId: null,
        authorId: author,
        page: (c % 4) + 1,
        x: 0.5,
        y: 0.5,
        category: COMMENT_CATEGORIES[c % COMMENT_CATEGORIES.length],
        body: `Comment ${c} on material ${i}.`,
        state,
        declineReason: state === "declined" || state === "held" || state === "withdrawn" ? "Marketing's reason." : null,
        answeredById: state === "open" ? null : marketers[0].id,
        createdAt: at,
        updatedAt: at,
      });
      if (state === "held" && c % 50 === 4) {
        escalations.push({
          commentId: base.comment + c,
          materialId: round.materialId,
          roundId: round.id,
          level: 1 + (c % 2),
          state: c % 3 === 0 ? ("open" as const) : ("decided" as const),
          decideBy: new Date(at.getTime() + 2 * day),
          overdue: false,
          decision: c % 3 === 0 ? null : ("overrule" as const),
          decidedById: c % 3 === 0 ? null : byEmail("vp.sales@demo.test").id,
          decidedAt: c % 3 === 0 ? null : new Date(at.getTime() + day),
          createdAt: at,
        });
      }
    }
    await inChunks(comments, (chunk) => m.Comment.bulkCreate(chunk, opts));
    await inChunks(escalations, (chunk) => m.Escalation.bulkCreate(chunk, opts));
  });
  await database.sequelize.query("ANALYZE");
}
