import { lockRow, type Database } from "../lib/db.server";
import { InputError } from "../lib/errors";
import type { Actor } from "../lib/permissions";
import { requirePermission } from "../lib/permissions";
import { recordAudit } from "../lib/audit.server";
import { fileFields } from "./create-material.server";
import { loadVisibleMaterial } from "./material-access.server";
import type { ReceivedFile } from "./receive-upload.server";

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
