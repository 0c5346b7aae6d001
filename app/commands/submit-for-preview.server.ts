import { Op } from "sequelize";
import type { Database } from "../lib/db.server";
import type { Actor } from "../lib/permissions";
import { requirePermission } from "../lib/permissions";
import { teamCalendar } from "../lib/working-calendar.server";
import { roundSchedule } from "../domain/business-time";
import { loadVisibleMaterial } from "../rules/material-access.server";
import { planSubmissionBlocker } from "../rules/plan-facts.server";
import { allow, decideSubmit, notify } from "../domain/workflow/index";
import { marketingHeadIds } from "../rules/plan-facts.server";
import { Effects, orRefuse } from "./effects.server";

/**
 * A marketer submits the latest version for preview: one round per target team, due after
 * the team's window in its own time zone and calendar. Each committee member gets the
 * request with the deadline in their own time zone.
 */
export async function submitForPreview(database: Database, actor: Actor, materialId: number, at: Date) {
  requirePermission(actor, "material:submit");
  const { material, targetTeamIds } = await loadVisibleMaterial(database, actor, materialId);
  return database.write(async (t) => {
    const { models } = database;
    const version = await models.MaterialVersion.findOne({ where: { materialId }, order: [["number", "DESC"]], transaction: t });
    // One after another: inside a transaction they share one connection.
    const latestRounds = version ? await models.PreviewRound.findAll({ where: { versionId: version.id }, attributes: ["teamId", "state"], transaction: t }) : [];
    const open = await models.PreviewRound.count({ where: { materialId, state: "open" }, transaction: t });
    const planBlocker = await planSubmissionBlocker(database, material, t);
    const teams = await models.SalesTeam.findAll({ where: { id: { [Op.in]: targetTeamIds.length ? targetTeamIds : [-1] } }, transaction: t });
    const committees = await models.TeamMembership.findAll({
      where: { teamId: { [Op.in]: targetTeamIds.length ? targetTeamIds : [-1] } },
      include: [{ association: "user" }],
      transaction: t,
    });
    const activeCommittee = committees.filter((m) => m.user?.active && m.isCommittee);
    const activeMembers = committees.filter((m) => m.user?.active);
    const verdict = orRefuse(
      decideSubmit(
        {
          materialId,
          latest: version ? { id: version.id, number: version.number } : null,
          latestRounds,
          anyOpenRound: open > 0,
          planBlocker,
          teams: targetTeamIds.map((id) => ({
            id,
            name: teams.find((x) => x.id === id)?.name ?? "",
            committee: activeCommittee.filter((m) => m.teamId === id).map((m) => m.userId),
            reps: activeMembers.filter((m) => m.teamId === id).map((m) => m.userId),
          })),
          kind: material.kind,
          archived: Boolean(material.archivedAt),
        },
        actor,
      ),
    );
    const rounds = [];
    const roundOfTeam = new Map<number, { dueAt: Date; name: string }>();
    for (const { id: teamId } of verdict.changes.teams) {
      const team = teams.find((x) => x.id === teamId);
      const members = activeCommittee.filter((m) => m.teamId === teamId);
      const calendar = await teamCalendar(database, teamId, t);
      const { dueAt, reminderAt } = roundSchedule(at, calendar.window, calendar.timeZone, calendar.holidays);
      const round = await models.PreviewRound.create(
        { materialId, versionId: verdict.changes.versionId, teamId, submittedById: actor.id, state: "open", openedAt: at, dueAt, reminderAt },
        { transaction: t },
      );
      await models.RoundDecision.bulkCreate(members.map((member) => ({ roundId: round.id, userId: member.userId, decision: "pending" as const })), { transaction: t });
      roundOfTeam.set(teamId, { dueAt, name: team?.name ?? "" });
      // Comments left unsettled by a withdrawn preview of this team belong to the new round:
      // it gives them their owner and their clock again.
      const withdrawn = await models.PreviewRound.findAll({ where: { materialId, teamId, state: "withdrawn" }, attributes: ["id"], transaction: t });
      if (withdrawn.length) {
        await models.Comment.update(
          { roundId: round.id },
          { where: { roundId: { [Op.in]: withdrawn.map((r) => r.id) }, parentId: null, state: { [Op.in]: ["open", "declined", "held"] }, escalatedAt: null }, transaction: t },
        );
      }
      rounds.push(round);
    }
    // The audit row names the rounds opened, which only exist now.
    for (const entry of verdict.audit) entry.after = { ...entry.after, rounds: rounds.map((r) => ({ id: r.id, teamId: r.teamId, dueAt: r.dueAt.toISOString() })) };
    const effects = new Effects();
    effects.add(verdict, actor.id, at, (teamId) => ({
      material: { id: materialId, title: material.title },
      team: roundOfTeam.get(teamId ?? -1)?.name,
      version: version!.number,
      round: { dueAt: roundOfTeam.get(teamId ?? -1)?.dueAt },
    }));
    if (material.kind === "annual_plan" && material.prePlanId) {
      // Both heads agreed the pre-plan the plan is measured against; they hear it is in preview.
      const prePlan = await models.PrePlan.findByPk(material.prePlanId, { attributes: ["year"], transaction: t });
      const heads = await marketingHeadIds(database, t);
      for (const team of verdict.changes.teams) {
        const salesManager = teams.find((x) => x.id === team.id)?.salesManagerId;
        effects.add(allow(null, [], notify("plan_submitted", { heads: [...heads, salesManager] }, actor.id, team.id)), actor.id, at, {
          material: { id: materialId, title: material.title },
          plan: { teamId: team.id, team: team.name, year: prePlan?.year ?? 0, dueAt: roundOfTeam.get(team.id)?.dueAt },
        });
      }
    }
    await effects.flush(database, t, at);
    // A released material stays released (the library keeps its released version) while the new one is previewed.
    await models.Material.update({ status: "in_preview", updatedAt: at }, { where: { id: materialId, status: { [Op.ne]: "released" } }, transaction: t, silent: true });
    return rounds;
  });
}
