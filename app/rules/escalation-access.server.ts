import type { Database } from "../lib/db.server";
import type { Actor } from "../lib/permissions";
import { seesBrief } from "../domain/workflow/index";
import { loadEscalationFacts } from "./escalation-facts.server";
import { loadVisibleMaterial } from "./material-access.server";

/**
 * An escalation on a material the actor cannot see is the same 404 as one that does not
 * exist — unless it concerns them: a manager it was addressed to (who may sit in another
 * team) or a party.
 */
export async function requireVisibleEscalation(database: Database, actor: Actor, escalationId: number) {
  const { escalation, facts } = await loadEscalationFacts(database, escalationId);
  if (!seesBrief(actor, facts)) await loadVisibleMaterial(database, actor, escalation.materialId);
}
