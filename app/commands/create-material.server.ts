import { Op } from "sequelize";
import { lockRow, type Database } from "../lib/db.server";
import { InputError } from "../lib/errors";
import type { Actor } from "../lib/permissions";
import { requirePermission } from "../lib/permissions";
import { recordAudit } from "../lib/audit.server";
import type { MaterialFormInput } from "../schemas/material";
import type { ReceivedFile } from "../lib/http/receive-upload.server";
import { planOf } from "../rules/plan-facts.server";
import { fileFields } from "./file-fields.server";

/**
 * A marketer creates a material with its first version. The file is already in storage;
 * the caller removes it if this throws, so a refused material leaves nothing behind.
 */
export async function createMaterial(
  database: Database,
  actor: Actor,
  input: Omit<MaterialFormInput, "prePlanId"> & { prePlanId?: number | null },
  file: ReceivedFile,
  at: Date,
) {
  requirePermission(actor, "material:create");
  return database.write(async (t) => {
    let teamIds = [...new Set(input.teamIds)];
    let prePlanId: number | null = null;
    if (input.kind === "annual_plan") {
      // An annual plan answers one team's pre-plan, and goes to that team.
      const prePlan = input.prePlanId ? await database.models.PrePlan.findByPk(input.prePlanId, { transaction: t }) : null;
      if (!prePlan) throw new InputError({ kind: "An annual plan answers a pre-plan: upload it from the team's plan page (Plans)." });
      if (await planOf(database, prePlan.id, t)) {
        throw new InputError({ form: `This pre-plan already has its plan. Upload a new version of that one instead.` }, 409);
      }
      teamIds = [prePlan.teamId];
      prePlanId = prePlan.id;
    }
    const teams = await database.models.SalesTeam.findAll({ where: { id: { [Op.in]: teamIds } }, transaction: t });
    if (teams.length !== teamIds.length) {
      throw new InputError({ teamIds: "One of the chosen sales teams does not exist (any more). Choose from the list." });
    }
    // The same upload sent twice (a double click) makes one material: refused when this
    // person already has one with this title, these teams and this very file. The lock on
    // the owner makes the check hold on PostgreSQL; SQLite's writes already run one at a time.
    await lockRow(database, t, "users", actor.id);
    const twins = await database.models.Material.findAll({
      where: { ownerId: actor.id, title: input.title, kind: input.kind },
      include: [
        { association: "versions", where: { number: 1, sha256: file.sha256 }, attributes: ["id"] },
        { association: "targets", attributes: ["teamId"] },
      ],
      transaction: t,
    });
    const sameTeams = (m: (typeof twins)[number]) => {
      const ids = new Set((m.targets ?? []).map((target) => target.teamId));
      return ids.size === teamIds.length && teamIds.every((id) => ids.has(id));
    };
    if (twins.some(sameTeams)) {
      throw new InputError({ form: `You have already uploaded this file as “${input.title}” for the same teams. Open that material instead.` }, 409);
    }
    const material = await database.models.Material.create(
      { title: input.title, kind: input.kind, description: input.description, ownerId: actor.id, status: "draft", prePlanId, createdAt: at, updatedAt: at },
      { transaction: t },
    );
    await database.models.MaterialTeam.bulkCreate(
      teamIds.map((teamId) => ({ materialId: material.id, teamId })),
      { transaction: t },
    );
    const version = await database.models.MaterialVersion.create(
      { materialId: material.id, number: 1, uploadedById: actor.id, changeNote: "", createdAt: at, ...fileFields(file) },
      { transaction: t },
    );
    await recordAudit(database, t, {
      actorId: actor.id,
      action: "material.created",
      entityType: "material",
      entityId: material.id,
      after: { title: material.title, kind: material.kind, teamIds, version: 1, sha256: file.sha256, size: file.size },
      at,
    });
    return { material, version };
  });
}
