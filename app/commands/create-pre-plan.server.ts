import type { Database } from "../lib/db.server";
import { InputError } from "../lib/errors";
import type { Actor } from "../lib/permissions";
import { recordAudit } from "../lib/audit.server";
import type { PrePlanInput } from "../schemas/plan";
import { checkAgainstTheWorld, columns, loadTeam, requireEditor, writeStrategies } from "./pre-plan-steps.server";

/** Writes the first pre-plan of a team and year; a second one for the same team and year is refused. */
export async function createPrePlan(database: Database, actor: Actor, teamId: number, year: number, input: PrePlanInput, at: Date) {
  return database.write(async (t) => {
    const team = await loadTeam(database, teamId, t);
    await requireEditor(database, actor, team, t);
    const existing = await database.models.PrePlan.findOne({ where: { teamId, year }, transaction: t });
    if (existing) throw new InputError({ form: `${team.name} already has a pre-plan for ${year}. Edit that one instead.` }, 409);
    await checkAgainstTheWorld(database, team, year, input, at, t);
    const prePlan = await database.models.PrePlan.create({ teamId, year, ...columns(input), createdById: actor.id, createdAt: at, updatedAt: at }, { transaction: t });
    await writeStrategies(database, prePlan.id, input, t);
    await recordAudit(database, t, { actorId: actor.id, action: "preplan.created", entityType: "preplan", entityId: prePlan.id, after: { teamId, year }, at });
    return prePlan;
  });
}
