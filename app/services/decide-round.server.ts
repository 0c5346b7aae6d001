import { data } from "@remix-run/node";
import type { Database } from "../lib/db.server";
import { InputError } from "../lib/errors";
import type { Actor } from "../lib/permissions";
import { notFound, requirePermission } from "../lib/permissions.server";
import { recordAudit } from "../lib/audit.server";
import { closeRound } from "./close-round.server";
import { loadVisibleMaterial } from "./material-access.server";

export interface DecisionInput {
  roundId: number;
  decision: "approved" | "changes_requested";
  summary: string;
}

/**
 * A committee member decides: approve, or request changes, with a summary. Once. The
 * round closes as soon as every member has decided.
 */
export async function decideRound(database: Database, actor: Actor, materialId: number, input: DecisionInput, at: Date) {
  requirePermission(actor, "round:decide");
  // A material aimed at another team is the same 404 as one that does not exist.
  await loadVisibleMaterial(database, actor, materialId);
  return database.write(async (t) => {
    const { models } = database;
    const round = await models.PreviewRound.findOne({ where: { id: input.roundId, materialId }, transaction: t });
    if (!round) notFound("preview round");
    const mine = await models.RoundDecision.findOne({ where: { roundId: round.id, userId: actor.id }, transaction: t });
    if (!mine) throw data({ message: "Only the committee members asked to preview this round can decide it." }, { status: 403 });
    if (round.state !== "open") throw new InputError({ form: "This preview has closed; decisions are no longer taken." }, 409);
    const [changed] = await models.RoundDecision.update(
      { decision: input.decision, summary: input.summary, decidedAt: at },
      { where: { id: mine.id, decision: "pending" }, transaction: t },
    );
    if (changed !== 1) throw new InputError({ form: "You have already decided this preview." }, 409);
    await recordAudit(database, t, {
      actorId: actor.id,
      action: "round.decided",
      entityType: "round",
      entityId: round.id,
      after: { decision: input.decision, summary: input.summary },
      at,
    });
    const pending = await models.RoundDecision.count({ where: { roundId: round.id, decision: "pending" }, transaction: t });
    if (pending === 0) await closeRound(database, t, round, at, "all_decided");
  });
}
