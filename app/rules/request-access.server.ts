import type { Transaction } from "sequelize";
import type { MaterialRequest } from "../../models/index";
import type { Database } from "../lib/db.server";
import type { Actor } from "../lib/permissions";
import { notFound } from "../lib/errors";
import { seesAllMaterials, teamIdsOf } from "./material-access.server";

/** Marketers, managers and admins see every request; a rep sees their own teams' requests. */
export async function requestTeamScope(database: Database, actor: Actor): Promise<number[] | "all"> {
  return seesAllMaterials(actor) ? "all" : teamIdsOf(database, actor.id);
}

/**
 * Loads a request the actor may see, or throws the 404 page — the same answer for a request
 * that does not exist and one of another team, so ids reveal nothing.
 */
export async function loadVisibleRequest(database: Database, actor: Actor, requestId: number, t?: Transaction): Promise<MaterialRequest> {
  const request = await database.models.MaterialRequest.findByPk(requestId, { transaction: t });
  if (!request) notFound("request");
  const scope = await requestTeamScope(database, actor);
  if (scope !== "all" && !scope.includes(request.teamId)) notFound("request");
  return request;
}

/** What a request's notices speak of: its own words, who asked and for which team. */
export async function requestNoticeFacts(database: Database, request: MaterialRequest, t: Transaction) {
  const [requester, team] = await Promise.all([
    database.models.User.findByPk(request.requesterId, { attributes: ["id", "name", "reportsToId"], transaction: t }),
    database.models.SalesTeam.findByPk(request.teamId, { attributes: ["name"], transaction: t }),
  ]);
  return {
    managerId: requester?.reportsToId ?? null,
    request: {
      id: request.id,
      need: request.need,
      customers: request.customers,
      neededBy: request.neededBy,
      requester: requester?.name ?? "A rep",
      team: team?.name ?? "",
    },
  };
}
