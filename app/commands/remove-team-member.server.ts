import type { Database } from "../lib/db.server";
import type { Actor } from "../lib/permissions";
import { notFound } from "../lib/errors";
import { loadTeamForUpdate } from "../rules/team-rules.server";
import { recordMembershipChange } from "./record-membership-change.server";

/** Removes a person from a team (and so from its committee). */
export async function removeTeamMember(database: Database, actor: Actor, teamId: number, userId: number, at: Date) {
  return database.write(async (t) => {
    await loadTeamForUpdate(database, t, teamId);
    const membership = await database.models.TeamMembership.findOne({ where: { teamId, userId }, transaction: t });
    if (!membership) notFound("team member");
    await membership.destroy({ transaction: t });
    await recordMembershipChange(database, t, actor, teamId, { left: { userId, isCommittee: membership.isCommittee } }, at);
  });
}
