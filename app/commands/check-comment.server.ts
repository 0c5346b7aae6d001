import type { Database } from "../lib/db.server";
import { InputError, notFound } from "../lib/errors";
import type { User } from "../../models/index";
import { recordAudit } from "../lib/audit.server";
import { decideCheck, type EscalationDecision } from "../domain/workflow/index";
import { loadVisibleMaterial } from "../rules/material-access.server";
import { orRefuse } from "./effects.server";

type Actor = Pick<User, "id" | "role" | "active" | "timeZone">;

/**
 * A "to check" item on a later version is ticked off as done, or reopened with a note: the
 * note becomes a new comment, in the latest version's open round of the same team, pinned
 * where the old one was and linked to it.
 */
export async function checkComment(database: Database, actor: Actor, materialId: number, input: { commentId: number; check: "done" | "reopen"; note: string }, at: Date) {
  await loadVisibleMaterial(database, actor, materialId);
  return database.write(async (t) => {
    const { models } = database;
    const comment = await models.Comment.findOne({ where: { id: input.commentId, materialId, parentId: null, kind: "comment" }, transaction: t });
    if (!comment || !comment.state) notFound("comment");
    const version = await models.MaterialVersion.findByPk(comment.versionId, { attributes: ["number"], transaction: t });
    const latest = await models.MaterialVersion.findOne({ where: { materialId }, order: [["number", "DESC"]], attributes: ["id", "number"], transaction: t });
    const round = comment.roundId ? await models.PreviewRound.findByPk(comment.roundId, { attributes: ["teamId"], transaction: t }) : null;
    const escalation = await models.Escalation.findOne({ where: { commentId: comment.id }, attributes: ["decision"], transaction: t });
    const teamId = round?.teamId ?? null;
    const committee = teamId ? await models.TeamMembership.findAll({ where: { teamId, isCommittee: true }, attributes: ["userId"], transaction: t }) : [];
    const openRound =
      teamId && latest
        ? await models.PreviewRound.findOne({ where: { versionId: latest.id, teamId, state: "open" }, attributes: ["id"], transaction: t, lock: database.dialect === "postgres" ? t.LOCK.NO_KEY_UPDATE : undefined })
        : null;
    const decision = comment.state === "accepted" ? "accepted" : ((escalation?.decision as EscalationDecision | null) ?? null);
    const verdict = orRefuse(
      decideCheck(
        {
          commentId: comment.id,
          authorId: comment.authorId,
          state: comment.state,
          decision,
          checkState: comment.checkState ?? null,
          onVersion: version?.number ?? 0,
          latestVersion: latest?.number ?? 0,
          committee: committee.map((m) => m.userId),
          openRound: openRound ? { id: openRound.id } : null,
        },
        input.check,
        actor,
        input.note,
      ),
    );
    const [changed] = await models.Comment.update(
      { checkState: verdict.changes.checkState, checkedAt: at, checkedById: actor.id },
      { where: { id: comment.id, checkState: null }, transaction: t, silent: true },
    );
    if (changed !== 1) throw new InputError({ form: "Someone ticked this off a moment ago. Reload to see it." }, 409);
    let reopened = null;
    if (verdict.changes.reopen) {
      reopened = await models.Comment.create(
        {
          materialId,
          versionId: latest!.id,
          roundId: verdict.changes.reopen.roundId,
          parentId: null,
          followsId: comment.id,
          authorId: actor.id,
          page: comment.page,
          x: comment.x,
          y: comment.y,
          w: comment.w,
          h: comment.h,
          category: comment.category,
          body: verdict.changes.reopen.body,
          state: "open",
          answeredById: null,
          createdAt: at,
          updatedAt: at,
        },
        { transaction: t },
      );
    }
    for (const entry of verdict.audit) {
      await recordAudit(database, t, { actorId: actor.id, ...entry, after: { ...entry.after, ...(reopened ? { reopenedAs: reopened.id } : {}) }, at });
    }
    return reopened;
  });
}
