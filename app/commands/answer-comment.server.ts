import type { Database } from "../lib/db.server";
import type { Actor } from "../lib/permissions";
import { requirePermission } from "../lib/permissions";
import { changeCommentState } from "./change-comment-state.server";

type Answer = { commentId: number; answer: "accept" } | { commentId: number; answer: "decline"; reason: string };

/** Marketing answers a comment: accept ("will change") or decline with a reason. */
export async function answerComment(database: Database, actor: Actor, materialId: number, input: Answer, at: Date) {
  requirePermission(actor, "comment:answer");
  return changeCommentState(database, actor, materialId, input.commentId, input.answer, at, input.answer === "decline" ? input.reason : undefined);
}
