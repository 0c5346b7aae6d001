import { Op } from "sequelize";
import { data } from "@remix-run/node";
import type { Database } from "../lib/db.server";
import { InputError } from "../lib/errors";
import type { Actor } from "../lib/permissions";
import { requirePermission } from "../lib/permissions.server";
import { recordAudit } from "../lib/audit.server";
import { teamCalendar } from "../lib/calendar.server";
import { queueEmail } from "../lib/email.server";
import { formatDeadline, roundSchedule } from "../domain/business-time";
import { loadVisibleMaterial } from "./material-access.server";
import { planSubmissionBlocker } from "./plan-deviations.server";

/**
 * A marketer submits the latest version for preview: one round per target team, due after
 * the team's window in its own time zone and calendar. Each committee member gets the
 * request with the deadline in their own time zone.
 */
export async function submitForPreview(database: Database, actor: Actor, materialId: number, at: Date) {
  requirePermission(actor, "material:submit");
  const { material, targetTeamIds } = await loadVisibleMaterial(database, actor, materialId);
  if (material.status === "released") {
    throw new InputError({ form: "This material has been released. Upload a new version to preview it again." }, 409);
  }
  return database.write(async (t) => {
    const { models } = database;
    const version = await models.MaterialVersion.findOne({ where: { materialId }, order: [["number", "DESC"]], transaction: t });
    if (!version) throw data({ message: "This material has no file yet." }, { status: 404 });
    const open = await models.PreviewRound.count({ where: { materialId, state: "open" }, transaction: t });
    if (open > 0) throw new InputError({ form: "A preview of this material is already running. Wait for it to close." }, 409);
    const blocker = await planSubmissionBlocker(database, material, t);
    if (blocker) throw new InputError({ form: blocker }, 409);
    const already = await models.PreviewRound.count({ where: { versionId: version.id }, transaction: t });
    if (already > 0) {
      throw new InputError({ form: `Version ${version.number} has already been previewed. Upload a new version to preview again.` }, 409);
    }

    const rounds = [];
    for (const teamId of targetTeamIds) {
      const team = await models.SalesTeam.findByPk(teamId, { transaction: t });
      const committee = await models.TeamMembership.findAll({
        where: { teamId, isCommittee: true },
        include: [{ association: "user" }],
        transaction: t,
      });
      const members = committee.filter((m) => m.user?.active);
      if (members.length === 0) {
        throw new InputError({ form: `${team?.name} has no committee yet, so nobody could preview this. Ask the administrator to name one or two reps.` }, 409);
      }
      const calendar = await teamCalendar(database, teamId, t);
      const { dueAt, reminderAt } = roundSchedule(at, calendar.window, calendar.timeZone, calendar.holidays);
      const round = await models.PreviewRound.create(
        { materialId, versionId: version.id, teamId, submittedById: actor.id, state: "open", openedAt: at, dueAt, reminderAt },
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
              `Marketing asks the ${team?.name} committee to preview "${material.title}", version ${version.number}.`,
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
      // Comments already written on this version by the team's committee belong to its round.
      await models.Comment.update(
        { roundId: round.id },
        { where: { versionId: version.id, roundId: null, authorId: { [Op.in]: members.map((m) => m.userId) } }, transaction: t },
      );
      rounds.push(round);
    }
    await material.update({ status: "in_preview", updatedAt: at }, { transaction: t, silent: true });
    await recordAudit(database, t, {
      actorId: actor.id,
      action: "material.submitted",
      entityType: "material",
      entityId: materialId,
      after: { version: version.number, rounds: rounds.map((r) => ({ id: r.id, teamId: r.teamId, dueAt: r.dueAt.toISOString() })) },
      at,
    });
    return rounds;
  });
}
