import { describe, expect, it } from "vitest";
import { isUnsettled, transitionComment, type CommentAction, type CommentState } from "~/domain/materials";

const marketer = { id: 1, role: "marketer" };
const author = { id: 2, role: "sales" };
const otherRep = { id: 3, role: "sales" };

describe("comment life cycle", () => {
  it.each<[CommentState, CommentAction, { id: number; role: string }, CommentState | number]>([
    ["open", "accept", marketer, "accepted"],
    ["open", "decline", marketer, "declined"],
    ["declined", "withdraw", author, "withdrawn"],
    ["declined", "hold", author, "held"],
    // refused
    ["open", "accept", author, 403],
    ["open", "decline", otherRep, 403],
    ["accepted", "decline", marketer, 409],
    ["declined", "accept", marketer, 409],
    ["declined", "hold", otherRep, 403],
    ["declined", "withdraw", marketer, 403],
    ["open", "hold", author, 409],
    ["held", "withdraw", author, 409],
    ["withdrawn", "hold", author, 409],
  ])("%s + %s by %o → %s", (state, action, actor, expected) => {
    const result = transitionComment({ state, authorId: author.id }, action, actor);
    if (typeof expected === "number") {
      expect(result).toMatchObject({ ok: false, status: expected });
    } else {
      expect(result).toMatchObject({ ok: true, state: expected });
    }
  });

  it("carries open, declined and held comments to the next version, not settled ones", () => {
    expect(["open", "declined", "held", "accepted", "withdrawn"].map((s) => isUnsettled(s as CommentState))).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});
