import type { Database } from "../lib/db.server";
import { answerStep, type Actor } from "./request-answers.server";

/** Marketing declines an open or accepted request, with the reason the requester and their manager read. */
export function declineRequest(database: Database, actor: Actor, requestId: number, input: { reason: string }, at: Date) {
  return answerStep(database, actor, requestId, at, {
    action: "decline",
    audit: "request.declined",
    kind: "request_declined",
    change: async () => ({ values: { state: "declined", declineReason: input.reason, declinedAt: at }, facts: { request: { declineReason: input.reason } } }),
  });
}
