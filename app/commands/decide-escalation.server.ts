import type { Database } from "../lib/db.server";
import type { Actor } from "../lib/permissions";
import type { EscalationDecision } from "../domain/workflow/index";
import { actOnEscalation } from "./act-on-escalation.server";

/** The form's decision: alone, it is the decision; with two addressed, a proposal (or counter-proposal). */
export async function decideEscalation(database: Database, actor: Actor, escalationId: number, input: { decision: EscalationDecision; note: string }, at: Date) {
  return actOnEscalation(database, actor, escalationId, { type: "propose", ...input }, at);
}
