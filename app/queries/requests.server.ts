import { Op, type WhereOptions } from "sequelize";
import type { MaterialRequest, User } from "../../models/index";
import type { Database } from "../lib/db.server";
import { can } from "../lib/permissions";
import { localDate } from "../domain/business-time";
import { isRequestOverdue, type RequestState } from "../domain/requests";
import { loadVisibleRequest, requestTeamScope } from "../rules/request-access.server";

const LIST = 200;

export interface RequestRow {
  id: number;
  need: string;
  customers: string;
  neededBy: string;
  state: RequestState;
  team: string;
  requester: string;
  overdue: boolean;
  material: { id: number; title: string } | null;
}

/** A request loaded with REQUEST_INCLUDE's associations (the model declares none of them). */
export type LoadedRequest = MaterialRequest & { team?: { name: string }; requester?: { name: string; timeZone: string }; answeredMaterial?: { id: number; title: string } | null };

export function requestRow(r: LoadedRequest, today: string): RequestRow {
  return {
    id: r.id,
    need: r.need,
    customers: r.customers,
    neededBy: r.neededBy,
    state: r.state,
    team: r.team?.name ?? "",
    requester: r.requester?.name ?? "",
    overdue: isRequestOverdue(r.state, r.neededBy, today),
    material: r.answeredMaterial ? { id: r.answeredMaterial.id, title: r.answeredMaterial.title } : null,
  };
}

export const REQUEST_INCLUDE = [
  { association: "team", attributes: ["name"] },
  { association: "requester", attributes: ["name", "timeZone"] },
  { association: "answeredMaterial", attributes: ["id", "title"] },
];

/**
 * The requests a person may see (a rep: their teams'; marketing, managers and admins: all),
 * in one state or all, the soonest needed first. "Overdue" is on the requester's calendar.
 */
export async function listRequests(database: Database, viewer: User, filter: { state?: RequestState }, at: Date) {
  const scope = await requestTeamScope(database, viewer);
  const where: WhereOptions<MaterialRequest> = {
    ...(scope === "all" ? {} : { teamId: { [Op.in]: scope.length ? scope : [-1] } }),
    ...(filter.state ? { state: filter.state } : {}),
  };
  const [total, rows] = await Promise.all([
    database.models.MaterialRequest.count({ where }),
    database.models.MaterialRequest.findAll({ where, include: REQUEST_INCLUDE, order: [["neededBy", "ASC"], ["id", "ASC"]], limit: LIST }) as Promise<LoadedRequest[]>,
  ]);
  return { total, rows: rows.map((r) => requestRow(r, localDate(at, r.requester?.timeZone ?? viewer.timeZone))) };
}

/** One request's page: what was asked, its example, its answer, and what the viewer may do with it. */
export async function requestPage(database: Database, viewer: User, requestId: number, at: Date) {
  const found = await loadVisibleRequest(database, viewer, requestId);
  const r = (await database.models.MaterialRequest.findByPk(found.id, { include: REQUEST_INCLUDE })) as LoadedRequest;
  const handler = r.handledById ? await database.models.User.findByPk(r.handledById, { attributes: ["name"] }) : null;
  const mayAnswer = can(viewer, "request:answer") && (r.state === "open" || r.state === "accepted");
  // What marketing may link: materials aimed at the requester's team, not archived, newest first.
  const candidates = mayAnswer
    ? await database.models.Material.findAll({
        where: { archivedAt: null },
        include: [{ association: "targets", attributes: [], where: { teamId: r.teamId }, required: true }],
        attributes: ["id", "title", "status", "releasedVersionId", "updatedAt"],
        order: [["updatedAt", "DESC"]],
        limit: 200,
      })
    : [];
  return {
    ...requestRow(r, localDate(at, r.requester?.timeZone ?? viewer.timeZone)),
    details: r.details,
    createdAt: r.createdAt.toISOString(),
    example: r.exampleKey ? { name: r.exampleName ?? "example", size: r.exampleSize ?? 0, mime: r.exampleMime ?? "" } : null,
    declineReason: r.declineReason,
    answerKind: r.answerKind,
    handledBy: handler?.name ?? null,
    releaseToldAt: r.releaseToldAt?.toISOString() ?? null,
    mayAccept: can(viewer, "request:answer") && r.state === "open",
    mayAnswer,
    candidates: candidates.map((m) => ({ id: m.id, title: m.title, released: Boolean(m.releasedVersionId) })),
  };
}
