import { Op } from "sequelize";
import type { Database } from "../lib/db.server";
import { InputError } from "../lib/errors";
import type { User } from "../../models/index";
import { decideArchive, decideEdit, decideWithdrawPreview, type MaterialFacts } from "../domain/workflow/index";
import { loadVisibleMaterial } from "../rules/material-access.server";
import { refreshMaterialStatus } from "./close-round.server";
import { applyEvents, orRefuse } from "./effects.server";

type Actor = Pick<User, "id" | "role" | "active" | "timeZone">;

async function materialFacts(database: Database, actor: Actor, materialId: number) {
  const { material } = await loadVisibleMaterial(database, actor, materialId);
  const rounds = await database.models.PreviewRound.findAll({
    where: { materialId },
    include: [{ association: "decisions", attributes: ["userId"] }, { association: "team", attributes: ["id", "name"] }],
    attributes: ["id", "state", "teamId"],
  });
  const facts: MaterialFacts = {
    id: material.id,
    kind: material.kind,
    status: material.status,
    releasedVersionId: material.releasedVersionId ?? null,
    archivedAt: material.archivedAt ?? null,
    openRounds: rounds.filter((r) => r.state === "open").map((r) => ({ id: r.id, members: (r.decisions ?? []).map((d) => d.userId) })),
    submittedTeamIds: [...new Set(rounds.map((r) => r.teamId))],
    teamNames: Object.fromEntries(rounds.map((r) => [r.teamId, r.team?.name ?? ""])),
  };
  return { material, facts };
}

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

/**
 * Marketing withdraws the running preview: the open rounds close as withdrawn (a
 * conditional update each), the committee hears, and no comment of them escalates later.
 */
export async function withdrawPreview(database: Database, actor: Actor, materialId: number, at: Date) {
  const { material, facts } = await materialFacts(database, actor, materialId);
  const verdict = orRefuse(decideWithdrawPreview(facts, actor));
  return database.write(async (t) => {
    const { models } = database;
    const [withdrawn] = await models.PreviewRound.update(
      { state: "withdrawn", closedAt: at },
      { where: { id: { [Op.in]: verdict.changes.roundIds }, state: "open" }, transaction: t },
    );
    if (withdrawn !== verdict.changes.roundIds.length) throw new InputError({ form: "The preview closed a moment ago, so it cannot be withdrawn any more. Reload to see it." }, 409);
    // A decline's own clock (set after a round closed) does not run for a withdrawn preview.
    await models.Comment.update({ escalateAt: null }, { where: { roundId: { [Op.in]: verdict.changes.roundIds }, escalatedAt: null }, transaction: t });
    const me = await models.User.findByPk(actor.id, { attributes: ["name"], transaction: t });
    await applyEvents(database, t, verdict, actor.id, at, { material: { id: materialId, title: material.title }, actor: me?.name });
    await refreshMaterialStatus(database, t, materialId, at);
  });
}

/** Marketing archives a released material: it leaves the library and shows the date it was archived. */
export async function archiveMaterial(database: Database, actor: Actor, materialId: number, at: Date) {
  const { facts } = await materialFacts(database, actor, materialId);
  const verdict = orRefuse(decideArchive(facts, actor));
  return database.write(async (t) => {
    const [changed] = await database.models.Material.update({ archivedAt: at }, { where: { id: materialId, archivedAt: null }, transaction: t, silent: true });
    if (changed !== 1) throw new InputError({ form: "This material is already archived." }, 409);
    await applyEvents(database, t, verdict, actor.id, at, { material: { id: materialId, title: "" } });
  });
}
