import type { Database } from "../lib/db.server";
import { InputError } from "../lib/errors";
import type { Actor } from "../lib/permissions";
import { assertCommitteeSeat, loadTeamForUpdate } from "../rules/team-rules.server";
import { recordMembershipChange } from "./record-membership-change.server";

/**
 * Adds a sales rep to a team, optionally straight onto its committee (at most two members).
 */
export async function addTeamMember(
  database: Database,
  actor: Actor,
  teamId: number,
  input: { userId: number; isCommittee: boolean },
  at: Date,
) {
  return database.write(async (t) => {
    const team = await loadTeamForUpdate(database, t, teamId);
    const user = await database.models.User.findByPk(input.userId, { transaction: t });
    if (!user || !user.active) throw new InputError({ userId: "That person does not exist." });
    if (user.role !== "sales") {
      throw new InputError({ userId: `${user.name} is not a sales rep; only sales reps are team members.` });
    }
    const existing = await database.models.TeamMembership.findOne({
      where: { teamId, userId: user.id },
      transaction: t,
    });
    if (existing) throw new InputError({ userId: `${user.name} is already in ${team.name}.` });
    if (input.isCommittee) await assertCommitteeSeat(database, t, teamId, user.id);
    const membership = await database.models.TeamMembership.create(
      { teamId, userId: user.id, isCommittee: input.isCommittee },
      { transaction: t },
    );
    await recordMembershipChange(database, t, actor, teamId, { joined: { userId: user.id, isCommittee: input.isCommittee } }, at);
    return membership;
  });
}
