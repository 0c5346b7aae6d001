import type { Transaction } from "sequelize";
import type { Database } from "../lib/db.server";
import type { Actor } from "../lib/permissions";
import { recordAudit } from "../lib/audit.server";
import { reseatOpenRounds } from "./reseat-open-rounds.server";

/**
 * What follows a person joining or leaving a team, in the same transaction: when a
 * committee seat changed, the open rounds are reseated to the committee as it now is; the
 * change is audited with the member before (left) or after (joined).
 */
export async function recordMembershipChange(
  database: Database,
  t: Transaction,
  actor: Actor,
  teamId: number,
  change: { joined: { userId: number; isCommittee: boolean } } | { left: { userId: number; isCommittee: boolean } },
  at: Date,
) {
  const member = "joined" in change ? change.joined : change.left;
  if (member.isCommittee) await reseatOpenRounds(database, t, teamId, at);
  await recordAudit(database, t, {
    actorId: actor.id,
    action: "joined" in change ? "team.member_added" : "team.member_removed",
    entityType: "team",
    entityId: teamId,
    ...("joined" in change ? { after: member } : { before: member }),
    at,
  });
}
