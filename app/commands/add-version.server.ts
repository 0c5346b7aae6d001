import { Op, type Transaction } from "sequelize";
import { lockRow, type Database } from "../lib/db.server";
import { allow, isToCheck, notify, type EscalationDecision } from "../domain/workflow/index";
import { Effects } from "./effects.server";
import { InputError } from "../lib/errors";
import type { Actor } from "../lib/permissions";
import { requirePermission } from "../lib/permissions";
import { recordAudit } from "../lib/audit.server";
import { fileFields } from "./file-fields.server";
import { loadVisibleMaterial } from "../rules/material-access.server";
import type { ReceivedFile } from "../lib/http/receive-upload.server";

/**
 * Each commenter whose accepted or upheld comments are "to check" on the new version is
 * told, once, with the list.
 */
async function tellWhatToCheck(database: Database, t: Transaction, actor: Actor, materialId: number, latestVersion: number, at: Date) {
  const { models } = database;
  const [material, versions, comments, decided] = [
    await models.Material.findByPk(materialId, { attributes: ["id", "title"], transaction: t }),
    await models.MaterialVersion.findAll({ where: { materialId }, attributes: ["id", "number"], transaction: t }),
    await models.Comment.findAll({
      where: { materialId, parentId: null, kind: "comment", checkState: null, state: { [Op.in]: ["accepted", "resolved"] } },
      attributes: ["id", "authorId", "versionId", "state", "body", "checkState"],
      transaction: t,
    }),
    await models.Escalation.findAll({ where: { materialId, state: "decided" }, attributes: ["commentId", "decision"], transaction: t }),
  ];
  const numberOf = new Map(versions.map((v) => [v.id, v.number]));
  const decisionOf = new Map(decided.map((e) => [e.commentId, e.decision]));
  const byAuthor = new Map<number, string[]>();
  for (const c of comments) {
    const due = isToCheck({ state: c.state!, decision: (decisionOf.get(c.id) as EscalationDecision | undefined) ?? null, checkState: c.checkState ?? null, onVersion: numberOf.get(c.versionId) ?? 0, latestVersion });
    if (due) byAuthor.set(c.authorId, [...(byAuthor.get(c.authorId) ?? []), c.body]);
  }
  const effects = new Effects();
  for (const [authorId, bodies] of byAuthor) {
    effects.add(allow(null, [], notify("to_check", { commenter: [authorId] }, actor.id, authorId)), actor.id, at, {
      material: { id: materialId, title: material?.title ?? "" },
      checks: { version: latestVersion, comments: bodies },
    });
  }
  await effects.flush(database, t, at);
}

/**
 * A marketer uploads a new file for a material: version N+1 with a change note. Earlier
 * versions stay as they were; their unsettled comments show on the new one as carried over.
 */
export async function addVersion(database: Database, actor: Actor, materialId: number, changeNote: string, file: ReceivedFile, at: Date) {
  requirePermission(actor, "material:add-version");
  await loadVisibleMaterial(database, actor, materialId);
  return database.write(async (t) => {
    // The same form sent twice (a double click) adds one version: refused when the latest
    // is this very file with this note, from this person. The lock holds it on PostgreSQL.
    await lockRow(database, t, "materials", materialId);
    const latest = await database.models.MaterialVersion.findOne({ where: { materialId }, order: [["number", "DESC"]], transaction: t });
    if (latest && latest.sha256 === file.sha256 && latest.changeNote === changeNote && latest.uploadedById === actor.id) {
      throw new InputError({ file: `You have already uploaded this file as version ${latest.number}, with the same note.` }, 409);
    }
    const number = (latest?.number ?? 0) + 1;
    const version = await database.models.MaterialVersion.create(
      { materialId, number, uploadedById: actor.id, changeNote, createdAt: at, ...fileFields(file) },
      { transaction: t },
    );
    await database.models.Material.update({ updatedAt: at }, { where: { id: materialId }, transaction: t, silent: true });
    await tellWhatToCheck(database, t, actor, materialId, number, at);
    await recordAudit(database, t, {
      actorId: actor.id,
      action: "material.version_added",
      entityType: "material",
      entityId: materialId,
      after: { version: number, changeNote, sha256: file.sha256, size: file.size },
      at,
    });
    return version;
  });
}
