import type { Database } from "../lib/db.server";
import { InputError } from "../lib/errors";
import type { Actor } from "../lib/permissions";
import { notFound } from "../lib/errors";
import { recordAudit } from "../lib/audit.server";
import { checkCommitteeSize } from "../domain/organisation";
import { loadTeamForUpdate } from "../rules/team-rules.server";
import { reseatOpenRounds } from "./reseat-open-rounds.server";

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
    if (input.isCommittee) await reseatOpenRounds(database, t, teamId, at);
    await recordAudit(database, t, {
      actorId: actor.id,
      action: "team.member_added",
      entityType: "team",
      entityId: teamId,
      after: { userId: user.id, isCommittee: input.isCommittee },
      at,
    });
    return membership;
  });
}

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

async function assertCommitteeSeat(
  database: Database,
  t: Parameters<Parameters<Database["write"]>[0]>[0],
  teamId: number,
  userId: number,
) {
  const seats = await database.models.TeamMembership.findAll({
    where: { teamId, isCommittee: true },
    attributes: ["userId"],
    transaction: t,
  });
  const rule = checkCommitteeSize(
    seats.map((s) => s.userId),
    userId,
  );
  if (!rule.ok) throw new InputError({ userId: rule.message });
}
