import { describe, expect, it } from "vitest";
import { threadOf } from "~/commands/effects.server";

const facts = { material: { id: 1, title: "Winter brochure" }, escalation: { id: 5, decideBy: new Date("2026-12-03T21:00:00Z"), level: 1 }, post: { commentId: 9 } };

describe("the thread a notice's email can be answered in", () => {
  it.each([
    ["comment_declined", { type: "comment", id: 9 }],
    ["comment_posted", { type: "comment", id: 9 }],
    ["comment_accepted", { type: "comment", id: 9 }],
    ["comment_held", { type: "comment", id: 9 }],
    ["comment_withdrawn", { type: "comment", id: 9 }],
    ["mentioned", { type: "comment", id: 9 }],
    ["escalation", { type: "escalation", id: 5 }],
    ["escalation_moved_up", { type: "escalation", id: 5 }],
    ["escalation_proposed", { type: "escalation", id: 5 }],
    // Over, or about no thread one may post in: no Reply-To.
    ["escalation_decided", undefined],
    ["escalation_withdrawn", undefined],
    ["preview_requested", undefined],
    ["round_closed", undefined],
    ["material_released", undefined],
  ] as const)("%s → %j", (kind, expected) => {
    expect(threadOf(kind, facts)).toEqual(expected);
  });

  it("answers a mention in an escalation's discussion in that discussion", () => {
    expect(threadOf("mentioned", { ...facts, post: { where: "discussion" } })).toEqual({ type: "escalation", id: 5 });
  });

  it("gives a declined comment no thread when the caller named none", () => {
    expect(threadOf("comment_declined", { material: facts.material })).toBeUndefined();
  });
});
