import { lockRow, type Database } from "../lib/db.server";
import { InputError, notFound } from "../lib/errors";
import type { User } from "../../models/index";
import { requirePermission } from "../lib/permissions";
import { decideMemberDecision, decisionLabel, type MemberDecision } from "../domain/workflow/index";
import { closeRound } from "./close-round.server";
import { loadVisibleMaterial } from "../rules/material-access.server";
import { applyEvents, orRefuse } from "./effects.server";

export interface DecisionInput {
  roundId: number;
  decision: "approved" | "changes_requested";
  summary: string;
}

/**
 * A committee member decides: approve, or request changes, with a summary. Once, while
 * the round is open. The round closes as soon as every member has decided.
 */
export async function decideRound(database: Database, actor: Pick<User, "id" | "role" | "active" | "timeZone">, materialId: number, input: DecisionInput, at: Date) {
  requirePermission(actor, "material:list");
  // A material aimed at another team is the same 404 as one that does not exist.
  await loadVisibleMaterial(database, actor, materialId);
  return database.write(async (t) => {
    const { models } = database;
    if (input.roundId) await lockRow(database, t, "preview_rounds", input.roundId);
    const round = await models.PreviewRound.findOne({ where: { id: input.roundId, materialId }, include: [{ association: "decisions" }], transaction: t });
    if (!round) notFound("preview round");
    const decisions = (round.decisions ?? []).map((d) => ({ userId: d.userId, decision: d.decision as MemberDecision }));
    const verdict = orRefuse(
      decideMemberDecision({ id: round.id, state: round.state, closedAt: round.closedAt ?? null, submittedById: round.submittedById, decisions }, input, actor, actor.timeZone),
    );
    const [changed] = await models.RoundDecision.update(
      { decision: verdict.changes.decision, summary: verdict.changes.summary, decidedAt: at },
      { where: { roundId: round.id, userId: actor.id, decision: "pending" }, transaction: t },
    );
    if (changed !== 1) throw new InputError({ form: "You have already decided this preview." }, 409);
    const material = await models.Material.findByPk(materialId, { attributes: ["id", "title"], transaction: t });
    const team = await models.SalesTeam.findByPk(round.teamId, { attributes: ["name"], transaction: t });
    const me = await models.User.findByPk(actor.id, { attributes: ["name"], transaction: t });
    await applyEvents(database, t, verdict, actor.id, at, {
      material: { id: materialId, title: material?.title ?? "" },
      team: team?.name,
      member: { name: me?.name ?? "A committee member", decision: decisionLabel(verdict.changes.decision), summary: verdict.changes.summary || null },
    });
    if (verdict.changes.closes) await closeRound(database, t, round, at, "all_decided");
  });
}
