import { Op } from "sequelize";
import type { Database } from "../lib/db.server";
import { InputError } from "../lib/errors";
import type { User } from "../../models/index";
import { decideWithdrawPreview } from "../domain/workflow/index";
import { materialFacts } from "../rules/material-facts.server";
import { refreshMaterialStatus } from "./close-round.server";
import { applyEvents, orRefuse } from "./effects.server";

type Actor = Pick<User, "id" | "role" | "active" | "timeZone">;

/**
 * Marketing withdraws the running preview: the open rounds close as withdrawn (a
 * conditional update each), the committee hears, and no comment of them escalates later.
 */
export async function withdrawPreview(database: Database, actor: Actor, materialId: number, at: Date) {
  const { material, facts } = await materialFacts(database, actor, materialId);
  const verdict = orRefuse(decideWithdrawPreview(facts, actor));
  return database.write(async (t) => {
    const { models } = database;
    const [withdrawn] = await models.PreviewRound.update(
      { state: "withdrawn", closedAt: at },
      { where: { id: { [Op.in]: verdict.changes.roundIds }, state: "open" }, transaction: t },
    );
    if (withdrawn !== verdict.changes.roundIds.length) throw new InputError({ form: "The preview closed a moment ago, so it cannot be withdrawn any more. Reload to see it." }, 409);
    // A decline's own clock (set after a round closed) does not run for a withdrawn preview.
    await models.Comment.update({ escalateAt: null }, { where: { roundId: { [Op.in]: verdict.changes.roundIds }, escalatedAt: null }, transaction: t });
    const me = await models.User.findByPk(actor.id, { attributes: ["name"], transaction: t });
    await applyEvents(database, t, verdict, actor.id, at, { material: { id: materialId, title: material.title }, actor: me?.name });
    await refreshMaterialStatus(database, t, materialId, at);
  });
}
