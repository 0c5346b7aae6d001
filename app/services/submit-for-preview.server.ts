import { Op } from "sequelize";
import type { Database } from "../lib/db.server";
import type { Actor } from "../lib/permissions";
import { requirePermission } from "../lib/permissions";
import { recordAudit } from "../lib/audit.server";
import { teamCalendar } from "../lib/calendar.server";
import { queueEmail } from "../lib/email.server";
import { formatDeadline, roundSchedule } from "../domain/business-time";
import { loadVisibleMaterial } from "./material-access.server";
import { planSubmissionBlocker } from "./plan-deviations.server";
import { decideSubmit } from "../domain/workflow";
import { orRefuse } from "./workflow-effects.server";

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
    const [latestRounds, open, planBlocker, teams, committees] = await Promise.all([
      version ? models.PreviewRound.findAll({ where: { versionId: version.id }, attributes: ["teamId", "state"], transaction: t }) : [],
      models.PreviewRound.count({ where: { materialId, state: "open" }, transaction: t }),
      planSubmissionBlocker(database, material, t),
      models.SalesTeam.findAll({ where: { id: { [Op.in]: targetTeamIds.length ? targetTeamIds : [-1] } }, transaction: t }),
      models.TeamMembership.findAll({
        where: { teamId: { [Op.in]: targetTeamIds.length ? targetTeamIds : [-1] }, isCommittee: true },
        include: [{ association: "user" }],
        transaction: t,
      }),
    ]);
    const activeCommittee = committees.filter((m) => m.user?.active);
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
          })),
        },
        actor,
      ),
    );
    const rounds = [];
    for (const { id: teamId } of verdict.changes.teams) {
      const team = teams.find((x) => x.id === teamId);
      const members = activeCommittee.filter((m) => m.teamId === teamId);
      const calendar = await teamCalendar(database, teamId, t);
      const { dueAt, reminderAt } = roundSchedule(at, calendar.window, calendar.timeZone, calendar.holidays);
      const round = await models.PreviewRound.create(
        { materialId, versionId: verdict.changes.versionId, teamId, submittedById: actor.id, state: "open", openedAt: at, dueAt, reminderAt },
        { transaction: t },
      );
      for (const member of members) {
        await models.RoundDecision.create({ roundId: round.id, userId: member.userId, decision: "pending" }, { transaction: t });
        await queueEmail(
          database,
          t,
          member.user!,
          "preview_requested",
          {
            subject: `Preview requested: ${material.title} (${team?.name})`,
            lines: [
              `Marketing asks the ${team?.name} committee to preview "${material.title}", version ${version!.number}.`,
              `Please comment and decide by ${formatDeadline(dueAt, member.user!.timeZone)}. If you do not decide by then, you are recorded as having no objection.`,
            ],
            link: `/materials/${materialId}`,
            linkLabel: "Open the preview",
          },
          at,
        );
      }
      if (material.kind === "annual_plan") {
        // The whole sales team previews the annual plan: every rep may read and comment.
        const reps = await models.TeamMembership.findAll({ where: { teamId, isCommittee: false }, include: [{ association: "user" }], transaction: t });
        for (const rep of reps.filter((r) => r.user?.active)) {
          await queueEmail(
            database,
            t,
            rep.user!,
            "plan_preview_opened",
            {
              subject: `The ${team?.name} annual plan is open for your comments`,
              lines: [
                `Marketing has submitted "${material.title}" for preview by the whole ${team?.name} team.`,
                `Read it and pin your comments on the page by ${formatDeadline(dueAt, rep.user!.timeZone)}. The committee decides.`,
              ],
              link: `/materials/${materialId}`,
              linkLabel: "Read the plan",
            },
            at,
          );
        }
      }
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
    // A released material stays released (the library keeps its released version) while the new one is previewed.
    await models.Material.update({ status: "in_preview", updatedAt: at }, { where: { id: materialId, status: { [Op.ne]: "released" } }, transaction: t, silent: true });
    await recordAudit(database, t, {
      actorId: actor.id,
      action: "material.submitted",
      entityType: "material",
      entityId: materialId,
      after: { version: version!.number, rounds: rounds.map((r) => ({ id: r.id, teamId: r.teamId, dueAt: r.dueAt.toISOString() })) },
      at,
    });
    return rounds;
  });
}
