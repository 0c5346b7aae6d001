import { Op, QueryTypes } from "sequelize";
import type { User } from "../../models/index";
import { sweeperStatus } from "./sweepers.server";
import type { Database } from "../lib/db.server";
import { MATERIAL_STATUSES, type MaterialStatus } from "../domain/materials";
import { clock } from "./workflow-views.server";
import { REQUEST_INCLUDE, requestRow, type LoadedRequest } from "./requests.server";
import { marketingHeadIds } from "../rules/plan-facts.server";
import { localDate } from "../domain/business-time";

const LIST = 8;

/** A marketer's materials grouped by status, the most recently changed first in each. */
export async function myMaterialsByStatus(database: Database, viewer: User) {
  const groups = await Promise.all(
    MATERIAL_STATUSES.map(async (status) => {
      const [count, rows] = await Promise.all([
        database.models.Material.count({ where: { ownerId: viewer.id, status } }),
        database.models.Material.findAll({ where: { ownerId: viewer.id, status }, attributes: ["id", "title", "updatedAt"], order: [["updatedAt", "DESC"]], limit: LIST }),
      ]);
      return { status: status as MaterialStatus, count, items: rows.map((m) => ({ id: m.id, title: m.title })) };
    }),
  );
  return groups;
}

/** How many items a home queue lists; the total is always shown beside them. */
const QUEUE = 20;

/** Comments on the marketer's materials that marketing has not answered yet, oldest first, with the total. */
export async function commentsAwaitingAnswer(database: Database, viewer: User) {
  const mine = await database.models.Material.findAll({ where: { ownerId: viewer.id }, attributes: ["id", "title"] });
  if (mine.length === 0) return { items: [], total: 0 };
  const where = { materialId: { [Op.in]: mine.map((m) => m.id) }, parentId: null, state: "open" as const, kind: "comment" as const };
  const [total, rows] = await Promise.all([
    database.models.Comment.count({ where }),
    database.models.Comment.findAll({ where, include: [{ association: "author", attributes: ["name"] }], order: [["createdAt", "ASC"]], limit: QUEUE }),
  ]);
  const title = new Map(mine.map((m) => [m.id, m.title]));
  return {
    items: rows.map((c) => ({ id: c.id, materialId: c.materialId, material: title.get(c.materialId) ?? "", author: c.author?.name ?? "", body: c.body, page: c.page })),
    total,
  };
}

/**
 * A marketer's previews they withdrew and have not submitted again: the comments left
 * open in them wait for that (nothing escalates from a withdrawn preview).
 */
export async function withdrawnPreviewsOf(database: Database, viewer: User) {
  const rows = await database.sequelize.query<{ id: number; title: string; waiting: number | string }>(
    `SELECT m.id, m.title,
       (SELECT COUNT(*) FROM comments c JOIN preview_rounds cr ON cr.id = c."roundId" AND cr.state = 'withdrawn'
         WHERE c."materialId" = m.id AND c."parentId" IS NULL AND c.state IN ('open', 'declined', 'held')) AS waiting
     FROM materials m
     WHERE m."ownerId" = :ownerId AND m."archivedAt" IS NULL
       AND EXISTS (SELECT 1 FROM preview_rounds r WHERE r."materialId" = m.id AND r.state = 'withdrawn'
         AND NOT EXISTS (SELECT 1 FROM preview_rounds later WHERE later."materialId" = m.id AND later."teamId" = r."teamId" AND later.id > r.id))
     ORDER BY m."updatedAt" DESC`,
    { replacements: { ownerId: viewer.id }, type: QueryTypes.SELECT },
  );
  return rows.map((r) => ({ id: r.id, title: r.title, waiting: Number(r.waiting) }));
}

/**
 * A commenter's comments that marketing declined and that wait for them: withdraw, or
 * hold. Each shows when it escalates by itself if left as it is (the round's close, or a
 * late decline's own clock).
 */
export async function declinedAwaitingAuthor(database: Database, viewer: User, at: Date) {
  const { models } = database;
  const where = { authorId: viewer.id, parentId: null, state: "declined" as const, kind: "comment" as const, escalatedAt: null };
  const [total, rows] = await Promise.all([
    models.Comment.count({ where }),
    models.Comment.findAll({ where, order: [["answeredAt", "ASC"]], limit: QUEUE }),
  ]);
  const [materials, rounds] = await Promise.all([
    rows.length ? models.Material.findAll({ where: { id: { [Op.in]: rows.map((c) => c.materialId) } }, attributes: ["id", "title"] }) : [],
    rows.length ? models.PreviewRound.findAll({ where: { id: { [Op.in]: rows.map((c) => c.roundId ?? -1) } }, attributes: ["id", "state", "dueAt"] }) : [],
  ]);
  const title = new Map(materials.map((m) => [m.id, m.title]));
  const roundOf = new Map(rounds.map((r) => [r.id, r]));
  return {
    items: rows.map((c) => {
      const round = c.roundId ? roundOf.get(c.roundId) : undefined;
      const due = round?.state === "open" ? round.dueAt : (c.escalateAt ?? null);
      return {
        id: c.id,
        materialId: c.materialId,
        material: title.get(c.materialId) ?? "",
        body: c.body,
        reason: c.declineReason ?? "",
        page: c.page,
        clock: due ? clock(due, at, viewer.timeZone) : null,
      };
    }),
    total,
  };
}

/**
 * A manager's reports who are running late: escalations addressed to them past their
 * decide-by date, and previews they have not decided after the reminder went out.
 */
export async function reportsRunningLate(database: Database, viewer: User, at: Date) {
  const { models } = database;
  const reports = await models.User.findAll({ where: { reportsToId: viewer.id, active: true }, attributes: ["id", "name", "timeZone"] });
  if (reports.length === 0) return [];
  const name = new Map(reports.map((r) => [r.id, r.name]));
  const ids = reports.map((r) => r.id);
  const [assigned, pending] = await Promise.all([
    models.EscalationAssignee.findAll({ where: { userId: { [Op.in]: ids } }, attributes: ["escalationId", "userId", "level"] }),
    models.RoundDecision.findAll({ where: { userId: { [Op.in]: ids }, decision: "pending" }, attributes: ["roundId", "userId"] }),
  ]);
  const escalations = assigned.length
    ? await models.Escalation.findAll({ where: { id: { [Op.in]: assigned.map((a) => a.escalationId) }, state: "open", decideBy: { [Op.lt]: at } } })
    : [];
  const rounds = pending.length
    ? await models.PreviewRound.findAll({ where: { id: { [Op.in]: pending.map((p) => p.roundId) }, state: "open", reminderAt: { [Op.lte]: at } } })
    : [];
  const titles = new Map(
    (await models.Material.findAll({ where: { id: { [Op.in]: [...escalations.map((e) => e.materialId), ...rounds.map((r) => r.materialId)] } }, attributes: ["id", "title"] })).map((m) => [m.id, m.title]),
  );
  return [
    ...escalations.flatMap((e) =>
      assigned
        .filter((a) => a.escalationId === e.id && a.level === e.level)
        .map((a) => ({ key: `e${e.id}-${a.userId}`, who: name.get(a.userId) ?? "", what: `escalation on ${titles.get(e.materialId)}`, link: `/escalations/${e.id}`, clock: clock(e.decideBy, at, viewer.timeZone) })),
    ),
    ...rounds.flatMap((r) =>
      pending
        .filter((p) => p.roundId === r.id)
        .map((p) => ({ key: `r${r.id}-${p.userId}`, who: name.get(p.userId) ?? "", what: `decision on ${titles.get(r.materialId)}`, link: `/materials/${r.materialId}`, clock: clock(r.dueAt, at, viewer.timeZone) })),
    ),
  ];
}

/**
 * What the administrator checks each morning: mail waiting or failed, when the scheduler
 * last ran, and how many sweepers have gone silent (the same rule as the admin home's list).
 */
export async function systemHealth(database: Database, at: Date, sweepIntervalS: number) {
  const { models } = database;
  const [pending, failed, oldest, lastSweep, sweepers] = await Promise.all([
    models.OutboxMessage.count({ where: { state: "pending" } }),
    models.OutboxMessage.count({ where: { state: "failed" } }),
    models.OutboxMessage.findOne({ where: { state: "pending" }, order: [["createdAt", "ASC"]], attributes: ["createdAt"] }),
    models.AppSetting.findByPk("last_sweep_at"),
    sweeperStatus(database, at, sweepIntervalS),
  ]);
  const last = lastSweep ? new Date(lastSweep.value) : null;
  return {
    pending,
    failed,
    oldestPendingMinutes: oldest ? Math.floor((at.getTime() - oldest.createdAt.getTime()) / 60_000) : null,
    lastSweepAt: last?.toISOString() ?? null,
    /** No sweep by any process for longer than the silent rule allows: the scheduler is not running. */
    sweepLate: last ? at.getTime() - last.getTime() > sweepers.silentAfterS * 1000 : true,
    silentSweepers: sweepers.silent,
  };
}

/**
 * The department heads' queue of requests past their date and still open or accepted: a
 * marketing head sees every team's, a sales manager their own teams'. Others get null (no
 * queue). The date is compared on each requester's calendar; the query first narrows to
 * requests that are late somewhere on Earth (the state-and-date index).
 */
export async function overdueRequestsFor(database: Database, viewer: User, at: Date) {
  if (viewer.role !== "manager") return null;
  const [heads, managed] = await Promise.all([
    marketingHeadIds(database),
    database.models.SalesTeam.findAll({ where: { salesManagerId: viewer.id }, attributes: ["id"] }),
  ]);
  const allTeams = heads.has(viewer.id);
  if (!allTeams && managed.length === 0) return null;
  const earliestToday = localDate(at, "Etc/GMT+12");
  const rows = (await database.models.MaterialRequest.findAll({
    where: {
      state: { [Op.in]: ["open", "accepted"] },
      neededBy: { [Op.lte]: earliestToday },
      ...(allTeams ? {} : { teamId: { [Op.in]: managed.map((t) => t.id) } }),
    },
    include: REQUEST_INCLUDE,
    order: [["neededBy", "ASC"], ["id", "ASC"]],
    limit: 500,
  })) as LoadedRequest[];
  const items = rows.map((r) => requestRow(r, localDate(at, r.requester?.timeZone ?? "UTC"))).filter((r) => r.overdue);
  return { total: items.length, items: items.slice(0, 20) };
}
