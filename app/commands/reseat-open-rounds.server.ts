import { Op, type Transaction } from "sequelize";
import type { Database } from "../lib/db.server";
import { decideReseat, type MemberDecision } from "../domain/workflow/index";
import { closeRound } from "./close-round.server";
import { applyEvents } from "./effects.server";

/**
 * After a team's committee changed (a seat given or taken, a member removed or
 * deactivated, a pre-plan agreed), its open rounds follow: pending decisions move to the
 * new members, the old ones are told, and a round with nobody left to decide closes.
 * Runs inside the transaction that changed the committee.
 */
export async function reseatOpenRounds(database: Database, t: Transaction, teamId: number, at: Date) {
  const { models } = database;
  const rounds = await models.PreviewRound.findAll({ where: { teamId, state: "open" }, include: [{ association: "decisions" }], transaction: t });
  if (rounds.length === 0) return;
  const seats = await models.TeamMembership.findAll({
    where: { teamId, isCommittee: true },
    include: [{ association: "user", attributes: ["id", "active"] }],
    attributes: ["userId"],
    transaction: t,
  });
  const committee = seats.filter((s) => s.user?.active).map((s) => s.userId);
  const team = await models.SalesTeam.findByPk(teamId, { attributes: ["name"], transaction: t });
  for (const round of rounds) {
    const verdict = decideReseat({ id: round.id, state: round.state, decisions: (round.decisions ?? []).map((d) => ({ userId: d.userId, decision: d.decision as MemberDecision })) }, committee);
    if (!verdict.ok || verdict.audit.length === 0) continue;
    for (const move of verdict.changes.moves) {
      await models.RoundDecision.update({ userId: move.to, remindedAt: null }, { where: { roundId: round.id, userId: move.from, decision: "pending" }, transaction: t });
    }
    if (verdict.changes.adds.length) {
      await models.RoundDecision.bulkCreate(verdict.changes.adds.map((userId) => ({ roundId: round.id, userId, decision: "pending" })), { transaction: t });
    }
    if (verdict.changes.drops.length) {
      await models.RoundDecision.destroy({ where: { roundId: round.id, userId: { [Op.in]: verdict.changes.drops }, decision: "pending" }, transaction: t });
    }
    const material = await models.Material.findByPk(round.materialId, { attributes: ["id", "title"], transaction: t });
    await applyEvents(database, t, verdict, null, at, { material: { id: round.materialId, title: material?.title ?? "" }, team: team?.name, round: { dueAt: round.dueAt } });
    if (verdict.changes.closes) await closeRound(database, t, round, at, "all_decided");
  }
}
