import type { Database } from "../lib/db.server";
import { InputError } from "../lib/errors";
import { answerStep, type Actor } from "./request-answers.server";

/**
 * Marketing answers a request by linking a material aimed at the requester's team: one
 * already released answers it as `existing` (the requester is told it is in the library,
 * and hears nothing more of it), one not released yet as `new` (they are told again at its
 * release). A material of another team, an archived one, or one that does not exist is
 * refused beside the field.
 */
export function answerRequest(database: Database, actor: Actor, requestId: number, input: { materialId: number }, at: Date) {
  return answerStep(database, actor, requestId, at, {
    action: "answer",
    audit: "request.answered",
    kind: "request_answered",
    change: async (request, t) => {
      const material = await database.models.Material.findByPk(input.materialId, { include: [{ association: "targets", attributes: ["teamId"] }], transaction: t });
      if (!material) throw new InputError({ materialId: "There is no such material. Choose one from the list." });
      if (!(material.targets ?? []).some((target) => target.teamId === request.teamId)) {
        throw new InputError({ materialId: `“${material.title}” is not aimed at the requester's team, so it cannot answer this request. Choose a material for that team, or add the team to the material first.` });
      }
      if (material.archivedAt) throw new InputError({ materialId: `“${material.title}” is archived and no longer in the library. Choose another material.` });
      const answerKind = material.releasedVersionId ? ("existing" as const) : ("new" as const);
      return {
        // Already released: the answer itself tells them it is in the library.
        values: { state: "answered", answeredMaterialId: material.id, answerKind, answeredAt: at, releaseToldAt: answerKind === "existing" ? at : null },
        facts: { material: { id: material.id, title: material.title }, request: { answerKind } },
      };
    },
  });
}
