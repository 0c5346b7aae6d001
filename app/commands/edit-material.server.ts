import { Op } from "sequelize";
import type { Database } from "../lib/db.server";
import { InputError } from "../lib/errors";
import type { User } from "../../models/index";
import { decideEdit } from "../domain/workflow/index";
import { materialFacts } from "../rules/material-facts.server";
import { applyEvents, orRefuse } from "./effects.server";

type Actor = Pick<User, "id" | "role" | "active" | "timeZone">;

/** Marketing edits a draft's title, description and target teams. */
export async function editMaterial(database: Database, actor: Actor, materialId: number, input: { title: string; description: string; teamIds: number[] }, at: Date) {
  const { material, facts } = await materialFacts(database, actor, materialId);
  const teamIds = material.kind === "annual_plan" ? (material.targets ?? []).map((t) => t.teamId) : [...new Set(input.teamIds)];
  const verdict = orRefuse(decideEdit(facts, { ...input, teamIds }, actor));
  return database.write(async (t) => {
    const { models } = database;
    const teams = await models.SalesTeam.count({ where: { id: { [Op.in]: teamIds } }, transaction: t });
    if (teams !== teamIds.length) throw new InputError({ teamIds: "One of the chosen sales teams does not exist (any more). Choose from the list." });
    const [changed] = await models.Material.update(
      { title: input.title, description: input.description, updatedAt: at },
      { where: { id: materialId, status: "draft" }, transaction: t, silent: true },
    );
    if (changed !== 1) throw new InputError({ form: "This material was submitted a moment ago, so it can no longer be edited. Reload to see it." }, 409);
    await models.MaterialTeam.destroy({ where: { materialId, teamId: { [Op.notIn]: teamIds } }, transaction: t });
    const kept = new Set((await models.MaterialTeam.findAll({ where: { materialId }, attributes: ["teamId"], transaction: t })).map((m) => m.teamId));
    const added = teamIds.filter((id) => !kept.has(id));
    if (added.length) await models.MaterialTeam.bulkCreate(added.map((teamId) => ({ materialId, teamId })), { transaction: t });
    await applyEvents(database, t, verdict, actor.id, at, { material: { id: materialId, title: input.title } });
  });
}
