import { Op, type Transaction } from "sequelize";
import type { PreviewRound } from "../../models/index";
import type { Database } from "../lib/db.server";
import { recordAudit } from "../lib/audit.server";
import { queueEmail } from "../lib/email.server";
import { escalateComment } from "./escalate-comment.server";

/**
 * Closes a round — because every member decided, or because `dueAt` passed — with a
 * conditional update, so only one caller ever closes it. Members who did not decide are
 * recorded as "no objection by deadline"; the marketer gets the committee's summary; and
 * every dispute still open escalates.
 */
export async function closeRound(database: Database, t: Transaction, round: PreviewRound, at: Date, reason: "all_decided" | "deadline") {
  const { models } = database;
  const [closed] = await models.PreviewRound.update(
    { state: "closed", closedAt: at },
    { where: { id: round.id, state: "open" }, transaction: t },
  );
  if (closed !== 1) return false;
  await models.RoundDecision.update(
    { decision: "no_objection", decidedAt: at },
    { where: { roundId: round.id, decision: "pending" }, transaction: t },
  );

  const decisions = await models.RoundDecision.findAll({ where: { roundId: round.id }, include: [{ association: "user" }], transaction: t });
  const material = await models.Material.findByPk(round.materialId, { transaction: t });
  const team = await models.SalesTeam.findByPk(round.teamId, { transaction: t });
  const submitter = await models.User.findByPk(round.submittedById, { transaction: t });
  await recordAudit(database, t, {
    actorId: null,
    action: "round.closed",
    entityType: "round",
    entityId: round.id,
    after: { reason, decisions: decisions.map((d) => ({ userId: d.userId, decision: d.decision })) },
    at,
  });
  if (submitter) {
    await queueEmail(
      database,
      t,
      submitter,
      "round_closed",
      {
        subject: `Preview closed: ${material?.title} (${team?.name})`,
        lines: [
          reason === "deadline" ? "The preview window has ended." : "Every committee member has decided.",
          ...decisions.map((d) => `${d.user?.name}: ${decisionLabel(d.decision)}${d.summary ? ` — ${d.summary}` : ""}`),
        ],
        link: `/materials/${round.materialId}`,
        linkLabel: "Open the material",
      },
      at,
    );
  }

  // Disputes on this round still open now escalate by themselves.
  const disputes = await models.Comment.findAll({
    where: { roundId: round.id, parentId: null, state: { [Op.in]: ["held", "declined"] }, escalatedAt: null },
    transaction: t,
  });
  for (const comment of disputes) await escalateComment(database, t, comment, at);
  await refreshMaterialStatus(database, t, round.materialId, at);
  return true;
}

export function decisionLabel(decision: string) {
  return (
    { pending: "not decided yet", approved: "approved", changes_requested: "requested changes", no_objection: "no objection by deadline" }[decision] ??
    decision
  );
}

/** In preview while any round is open; closed once all are. */
export async function refreshMaterialStatus(database: Database, t: Transaction, materialId: number, at: Date) {
  const open = await database.models.PreviewRound.count({ where: { materialId, state: "open" }, transaction: t });
  await database.models.Material.update(
    { status: open > 0 ? "in_preview" : "closed", updatedAt: at },
    { where: { id: materialId, status: { [Op.ne]: "released" } }, transaction: t, silent: true },
  );
}
