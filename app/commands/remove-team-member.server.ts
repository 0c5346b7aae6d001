import type { Database } from "../lib/db.server";
import type { Actor } from "../lib/permissions";
import { notFound } from "../lib/errors";
import { recordAudit } from "../lib/audit.server";
import { loadTeamForUpdate } from "../rules/team-rules.server";
import { reseatOpenRounds } from "./reseat-open-rounds.server";

/** Removes a person from a team (and so from its committee). */
export async function removeTeamMember(database: Database, actor: Actor, teamId: number, userId: number, at: Date) {
  return database.write(async (t) => {
    await loadTeamForUpdate(database, t, teamId);
    const membership = await database.models.TeamMembership.findOne({ where: { teamId, userId }, transaction: t });
    if (!membership) notFound("team member");
    await membership.destroy({ transaction: t });
    if (membership.isCommittee) await reseatOpenRounds(database, t, teamId, at);
    await recordAudit(database, t, {
      actorId: actor.id,
      action: "team.member_removed",
      entityType: "team",
      entityId: teamId,
      before: { userId, isCommittee: membership.isCommittee },
      at,
    });
  });
}
