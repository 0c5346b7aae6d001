import { Op } from "sequelize";
import type { Material } from "../../models/index";
import type { Database } from "../lib/db.server";
import type { Actor } from "../lib/permissions";
import { notFound } from "../lib/errors";
import { memoized } from "../lib/request-memo.server";

/** Marketers, managers and admins see every material; nobody else sees beyond their teams. */
export function seesAllMaterials(actor: Actor) {
  return actor.role === "marketer" || actor.role === "manager" || actor.role === "admin";
}

export async function teamIdsOf(database: Database, userId: number, options: { committeeOnly?: boolean } = {}) {
  const rows = await database.models.TeamMembership.findAll({
    where: { userId, ...(options.committeeOnly ? { isCommittee: true } : {}) },
    attributes: ["teamId"],
  });
  return rows.map((r) => r.teamId);
}

export interface MaterialAccess {
  material: Material;
  targetTeamIds: number[];
  /** The actor sits on the committee of one of the material's target teams. */
  onCommittee: boolean;
  /** The actor is a member (committee or not) of one of the material's target teams. */
  onTeam: boolean;
}

/**
 * Who may comment: a target team's committee; on an annual plan, which the whole sales
 * team previews, any member of a target team.
 */
export function mayComment(access: MaterialAccess) {
  return access.onCommittee || (access.material.kind === "annual_plan" && access.onTeam);
}

/**
 * Loads a material the actor may see, or throws the 404 page — the same answer for a
 * material that does not exist and one aimed at someone else's team, so ids reveal nothing.
 * A page's loaders ask it once between them (the page, its use and its feedback read the
 * same answer); an action, which may change it, always reads afresh.
 */
export function loadVisibleMaterial(database: Database, actor: Actor, materialId: number): Promise<MaterialAccess> {
  return memoized(`visible-material:${actor.id}:${materialId}`, () => readVisibleMaterial(database, actor, materialId));
}

async function readVisibleMaterial(database: Database, actor: Actor, materialId: number): Promise<MaterialAccess> {
  const material = await database.models.Material.findByPk(materialId, {
    include: [{ association: "targets", include: [{ association: "team", attributes: ["id", "name"] }] }],
  });
  if (!material) notFound("material");
  const targetTeamIds = (material.targets ?? []).map((t) => t.teamId);
  const memberships = await database.models.TeamMembership.findAll({
    where: { userId: actor.id, teamId: { [Op.in]: targetTeamIds.length ? targetTeamIds : [-1] } },
  });
  if (!seesAllMaterials(actor) && memberships.length === 0) notFound("material");
  return { material, targetTeamIds, onCommittee: memberships.some((m) => m.isCommittee), onTeam: memberships.length > 0 };
}
