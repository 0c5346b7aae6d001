import type { Database } from "../lib/db.server";
import { answerStep, type Actor } from "./request-answers.server";

/** Marketing accepts an open request: it will make the material. The requester and their manager are told. */
export function acceptRequest(database: Database, actor: Actor, requestId: number, at: Date) {
  return answerStep(database, actor, requestId, at, {
    action: "accept",
    audit: "request.accepted",
    kind: "request_accepted",
    change: async () => ({ values: { state: "accepted", acceptedAt: at } }),
  });
}
