import type { Database } from "../lib/db.server";
import type { Actor } from "../lib/permissions";
import { changeCommentState } from "./change-comment-state.server";

type Settle = { commentId: number; settle: "withdraw" | "hold" };

/** The commenter withdraws a declined or held comment (ending any escalation of it), or holds it (a dispute). */
export async function settleComment(database: Database, actor: Actor, materialId: number, input: Settle, at: Date) {
  return changeCommentState(database, actor, materialId, input.commentId, input.settle, at);
}
