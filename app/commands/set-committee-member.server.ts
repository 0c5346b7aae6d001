import type { Database } from "../lib/db.server";
import { InputError } from "../lib/errors";
import type { Actor } from "../lib/permissions";
import { notFound } from "../lib/errors";
import { recordAudit } from "../lib/audit.server";
import { assertCommitteeSeat, loadTeamForUpdate } from "../rules/team-rules.server";
import { reseatOpenRounds } from "./reseat-open-rounds.server";

/** Puts a team member on the committee or takes them off it; a third seat is refused. */
export async function setCommitteeMember(
  database: Database,
  actor: Actor,
  teamId: number,
  userId: number,
  isCommittee: boolean,
  at: Date,
) {
  return database.write(async (t) => {
    await loadTeamForUpdate(database, t, teamId);
    const membership = await database.models.TeamMembership.findOne({
      where: { teamId, userId },
      include: [{ association: "user" }],
      transaction: t,
    });
    if (!membership) notFound("team member");
    if (membership.isCommittee === isCommittee) return membership;
    if (isCommittee) {
      if (membership.user?.role !== "sales") {
        throw new InputError({ userId: `${membership.user?.name} is not a sales rep.` });
      }
      await assertCommitteeSeat(database, t, teamId, userId);
    }
    await membership.update({ isCommittee }, { transaction: t });
    await reseatOpenRounds(database, t, teamId, at);
    await recordAudit(database, t, {
      actorId: actor.id,
      action: isCommittee ? "team.committee_added" : "team.committee_removed",
      entityType: "team",
      entityId: teamId,
      before: { userId, isCommittee: !isCommittee },
      after: { userId, isCommittee },
      at,
    });
    return membership;
  });
}
