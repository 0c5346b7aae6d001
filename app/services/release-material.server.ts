import { Op } from "sequelize";
import type { Database } from "../lib/db.server";
import { InputError } from "../lib/errors";
import type { Actor } from "../lib/permissions";
import { requirePermission } from "../lib/permissions.server";
import { recordAudit } from "../lib/audit.server";
import { queueEmail } from "../lib/email.server";
import { decisionLabel } from "./close-round.server";
import { loadVisibleMaterial } from "./material-access.server";

/** Why a material cannot be released yet, or null when it can. */
export async function releaseBlocker(database: Database, materialId: number): Promise<string | null> {
  const { models } = database;
  const latest = await models.MaterialVersion.findOne({ where: { materialId }, order: [["number", "DESC"]] });
  if (!latest) return "There is no file to release.";
  const rounds = await models.PreviewRound.findAll({ where: { versionId: latest.id } });
  if (rounds.length === 0) return `Version ${latest.number} has not been previewed yet. Submit it for preview first.`;
  if (rounds.some((r) => r.state === "open")) return "The preview is still running.";
  const escalated = await models.Escalation.count({ where: { materialId, state: "open" } });
  if (escalated > 0) return `${escalated} escalation${escalated === 1 ? " is" : "s are"} waiting for a manager's decision.`;
  const disputed = await models.Comment.count({ where: { materialId, parentId: null, state: { [Op.in]: ["held", "declined"] } } });
  if (disputed > 0) {
    return `${disputed} comment${disputed === 1 ? " is" : "s are"} still disputed: the commenter can withdraw ${disputed === 1 ? "it" : "them"}, or ${disputed === 1 ? "it goes" : "they go"} to the managers to decide.`;
  }
  return null;
}

/**
 * Releases a material: only when its latest round is closed and nothing is disputed or
 * escalated. Everyone in the target teams hears what is coming, with the committee's summary.
 */
export async function releaseMaterial(database: Database, actor: Actor, materialId: number, at: Date) {
  requirePermission(actor, "material:release");
  const { material, targetTeamIds } = await loadVisibleMaterial(database, actor, materialId);
  return database.write(async (t) => {
    const { models } = database;
    if (material.status === "released") throw new InputError({ form: "This material has already been released." }, 409);
    const blocker = await releaseBlocker(database, materialId);
    if (blocker) throw new InputError({ form: blocker }, 409);
    const [changed] = await models.Material.update(
      { status: "released", updatedAt: at },
      { where: { id: materialId, status: { [Op.ne]: "released" } }, transaction: t, silent: true },
    );
    if (changed !== 1) throw new InputError({ form: "This material has already been released." }, 409);
    const latest = await models.MaterialVersion.findOne({ where: { materialId }, order: [["number", "DESC"]], transaction: t });
    const rounds = await models.PreviewRound.findAll({ where: { versionId: latest!.id }, include: [{ association: "decisions", include: [{ association: "user" }] }], transaction: t });
    const summary = rounds.flatMap((r) => (r.decisions ?? []).map((d) => `${d.user?.name}: ${decisionLabel(d.decision)}${d.summary ? ` — ${d.summary}` : ""}`));
    const members = await models.TeamMembership.findAll({ where: { teamId: { [Op.in]: targetTeamIds } }, include: [{ association: "user" }], transaction: t });
    const seen = new Set<number>();
    for (const m of members) {
      if (!m.user?.active || seen.has(m.userId)) continue;
      seen.add(m.userId);
      await queueEmail(
        database,
        t,
        m.user,
        "material_released",
        {
          subject: `Coming to customers: ${material.title}`,
          lines: [`Marketing has released "${material.title}" (version ${latest!.number}) after your committee's preview.`, "The committee's summary:", ...summary],
          link: `/materials/${materialId}`,
          linkLabel: "See the material",
        },
        at,
      );
    }
    await recordAudit(database, t, { actorId: actor.id, action: "material.released", entityType: "material", entityId: materialId, after: { version: latest!.number }, at });
  });
}
