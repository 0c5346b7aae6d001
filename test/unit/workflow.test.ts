import { describe, expect, it } from "vitest";
import {
  decideArchive,
  decideReseat,
  previewStatus,
  decideCheck,
  decideEdit,
  decideWithdrawPreview,
  isToCheck,
  type CheckFacts,
  type MaterialFacts,
  decideCloseRound,
  decideCommentAction,
  decideEscalationAction,
  decideMemberDecision,
  decideNewComment,
  decideRelease,
  decideSubmit,
  firstLevel,
  nextLevel,
  releaseBlock,
  seesBrief,
  type CommentAction,
  type CommentFacts,
  type EscalationAction,
  type EscalationFacts,
  type ReleaseFacts,
  type SubmitFacts,
} from "~/domain/workflow";
import type { CommentState } from "~/domain/materials";

const NOW = new Date("2026-11-24T15:00:00Z");
const marketer = { id: 1, role: "marketer" as const, active: true };
const author = { id: 2, role: "sales" as const, active: true };
const otherRep = { id: 3, role: "sales" as const, active: true };
const managerA = { id: 10, role: "manager" as const, active: true };
const managerB = { id: 11, role: "manager" as const, active: true };
const repManager = { id: 12, role: "sales" as const, active: true };
const admin = { id: 99, role: "admin" as const, active: true };

describe("a new comment needs an open round", () => {
  const base = { versionNumber: 2, mayComment: true, openRound: null, endedRound: null, newerVersion: null, timeZone: "America/New_York" };
  it.each([
    ["open round", { openRound: { id: 7 } }, { ok: true, changes: { roundId: 7 } }],
    ["not on the committee", { mayComment: false, openRound: { id: 7 } }, { ok: false, code: "forbidden" }],
    ["round closed", { endedRound: { closedAt: NOW, state: "closed" } }, { ok: false, code: "conflict", message: expect.stringMatching(/closed on Tue 24 Nov, 10:00 \(America\/New_York\).*Reply in an existing thread/) }],
    ["round withdrawn", { endedRound: { closedAt: NOW, state: "withdrawn" } }, { ok: false, code: "conflict", message: expect.stringContaining("was withdrawn by marketing") }],
    ["closed, newer version exists", { endedRound: { closedAt: NOW, state: "closed" }, newerVersion: 3 }, { ok: false, message: expect.stringContaining("Version 3 is the one to comment on") }],
    ["never submitted", {}, { ok: false, code: "conflict", message: expect.stringContaining("has not been submitted for preview yet") }],
    ["never previewed, newer exists", { newerVersion: 3 }, { ok: false, message: "Version 2 was never previewed. Version 3 is the one to comment on." }],
  ])("%s", (_name, facts, expected) => {
    expect(decideNewComment({ ...base, ...facts } as never, author)).toMatchObject(expected);
  });
});

describe("comment transitions: state × action × who", () => {
  const facts = (state: CommentState, extra: Partial<CommentFacts> = {}): CommentFacts => ({
    id: 5,
    state,
    kind: "comment",
    authorId: author.id,
    roundEnded: false,
    calendar: { timeZone: "UTC", holidays: new Set() },
    escalation: null,
    ...extra,
  });
  type Row = [string, CommentFacts, CommentAction, typeof marketer | typeof author, string];
  it.each<Row>([
    ["marketing accepts an open comment", facts("open"), "accept", marketer, "accepted"],
    ["marketing declines an open comment", facts("open"), "decline", marketer, "declined"],
    ["the author withdraws a declined comment", facts("declined"), "withdraw", author, "withdrawn"],
    ["the author holds a declined comment", facts("declined"), "hold", author, "held"],
    ["the author withdraws a held comment", facts("held"), "withdraw", author, "withdrawn"],
    ["a rep cannot accept", facts("open"), "accept", author, "forbidden"],
    ["another rep cannot decline", facts("open"), "decline", otherRep, "forbidden"],
    ["an accepted comment is not declined", facts("accepted"), "decline", marketer, "conflict"],
    ["a declined comment is not accepted", facts("declined"), "accept", marketer, "conflict"],
    ["another rep cannot hold", facts("declined"), "hold", otherRep, "forbidden"],
    ["marketing cannot withdraw", facts("declined"), "withdraw", marketer, "forbidden"],
    ["an open comment is not held", facts("open"), "hold", author, "conflict"],
    ["an open comment is not withdrawn", facts("open"), "withdraw", author, "conflict"],
    ["a withdrawn comment is not held", facts("withdrawn"), "hold", author, "conflict"],
    ["a held comment is not held again", facts("held"), "hold", author, "conflict"],
    ["a decided comment is not withdrawn", facts("resolved", { escalation: { id: 9, state: "decided", addressedNow: [10] } }), "withdraw", author, "conflict"],
    ["an objection is not answered like a comment", facts("held", { kind: "objection" }), "accept", marketer, "conflict"],
    ["an objection is not withdrawn like a comment", facts("held", { kind: "objection" }), "withdraw", author, "conflict"],
  ])("%s", (_name, f, action, actor, expected) => {
    const verdict = decideCommentAction(f, action, actor, NOW, { reason: "It is right." });
    if (verdict.ok) expect(verdict.changes.state).toBe(expected);
    else expect(verdict.code).toBe(expected);
  });

  it("a decline needs a reason, and tells the commenter", () => {
    expect(decideCommentAction(facts("open"), "decline", marketer, NOW, { reason: "  " })).toMatchObject({ ok: false, code: "invalid", field: "reason" });
    expect(decideCommentAction(facts("open"), "decline", marketer, NOW, { reason: "No." })).toMatchObject({ ok: true, notices: [{ kind: "comment_declined", to: author.id }] });
  });

  it("a decline after the round closed escalates one business day later (Friday → Monday)", () => {
    const friday = new Date("2026-11-27T15:00:00Z");
    const verdict = decideCommentAction(facts("open", { roundEnded: true }), "decline", marketer, friday, { reason: "No." });
    expect(verdict).toMatchObject({ ok: true, changes: { escalateAt: new Date("2026-11-30T15:00:00Z") } });
    const inRound = decideCommentAction(facts("open"), "decline", marketer, friday, { reason: "No." });
    expect(inRound.ok && inRound.changes.escalateAt).toBeFalsy();
  });

  it("withdrawing an escalated comment ends its escalation and tells the managers addressed", () => {
    const verdict = decideCommentAction(facts("held", { escalation: { id: 9, state: "open", addressedNow: [10, 11] } }), "withdraw", author, NOW);
    expect(verdict).toMatchObject({
      ok: true,
      changes: { state: "withdrawn", endEscalation: 9 },
      notices: [
        { kind: "escalation_withdrawn", to: 10 },
        { kind: "escalation_withdrawn", to: 11 },
      ],
    });
    expect(verdict.ok && verdict.audit.map((a) => a.action)).toEqual(["comment.withdrawn", "escalation.withdrawn"]);
  });
});

describe("a committee member's decision and the close", () => {
  const round = (state: "open" | "closed", decisions: { userId: number; decision: "pending" | "approved" | "changes_requested" | "no_objection" }[]) => ({
    id: 3,
    state,
    closedAt: state === "closed" ? NOW : null,
    submittedById: marketer.id,
    decisions,
  });
  const input = { decision: "approved" as const, summary: "Fine." };
  it.each([
    ["a pending member decides; others pending", round("open", [{ userId: 2, decision: "pending" }, { userId: 3, decision: "pending" }]), author, { ok: true, changes: { closes: false } }],
    ["the last pending member closes the round", round("open", [{ userId: 2, decision: "pending" }, { userId: 3, decision: "approved" }]), author, { ok: true, changes: { closes: true } }],
    ["a rep not asked", round("open", [{ userId: 3, decision: "pending" }]), author, { ok: false, code: "forbidden" }],
    ["deciding twice", round("open", [{ userId: 2, decision: "approved" }, { userId: 3, decision: "pending" }]), author, { ok: false, code: "conflict", message: "You have already decided this preview." }],
    ["after the round closed", round("closed", [{ userId: 2, decision: "no_objection" }]), author, { ok: false, code: "conflict", message: expect.stringContaining("closed on") }],
  ])("%s", (_name, r, actor, expected) => {
    expect(decideMemberDecision(r, input, actor, "UTC")).toMatchObject(expected);
  });

  it("a material's status follows its rounds", () => {
    expect([previewStatus({ open: 1, closed: 3 }), previewStatus({ open: 0, closed: 1 }), previewStatus({ open: 0, closed: 0 })]).toEqual(["in_preview", "closed", "draft"]);
  });

  it("closing records the silent as no objection and tells the submitter and the committee", () => {
    const verdict = decideCloseRound(round("open", [{ userId: 2, decision: "pending" }, { userId: 3, decision: "approved" }]), "deadline");
    expect(verdict).toMatchObject({ ok: true, changes: { noObjection: [2] } });
    expect(verdict.ok && verdict.notices).toEqual([{ kind: "round_closed", to: marketer.id }, { kind: "round_closed", to: 2 }, { kind: "round_closed", to: 3 }]);
    expect(decideCloseRound(round("closed", []), "deadline")).toMatchObject({ ok: false, code: "conflict" });
  });
});

describe("release respects the committee", () => {
  const facts = (extra: Partial<ReleaseFacts> = {}, decisions: ReleaseFacts["rounds"][number]["decisions"] = [{ userId: 2, name: "Emma", decision: "approved", summary: "ok" }]): ReleaseFacts => ({
    materialId: 1,
    title: "Deck",
    latest: { id: 20, number: 2 },
    releasedVersionNumber: null,
    teams: [{ id: 1, name: "East" }],
    rounds: [{ id: 3, teamId: 1, state: "closed", dueAt: NOW, decisions }],
    comments: [],
    objection: null,
    audience: [2, 3, 4],
    timeZone: "UTC",
    ...extra,
  });
  const objecting = [
    { userId: 2, name: "Emma", decision: "changes_requested" as const, summary: "Price is wrong." },
    { userId: 3, name: "Ethan", decision: "no_objection" as const, summary: null },
  ];
  it.each<[string, ReleaseFacts, string | null]>([
    ["approved and nothing open", facts(), null],
    ["no objection by deadline counts as consent", facts({}, [{ userId: 2, name: "Emma", decision: "no_objection", summary: null }]), null],
    ["no file", facts({ latest: null }), "There is no file to release."],
    ["archived", facts({ archived: true }), "This material is archived"],
    ["already released", facts({ releasedVersionNumber: 2 }), "Version 2 has already been released."],
    ["never previewed", facts({ rounds: [] }), "has not been previewed yet"],
    ["one team missing", facts({ teams: [{ id: 1, name: "East" }, { id: 2, name: "West" }] }), "has not been previewed by West"],
    ["still running", facts({ rounds: [{ id: 3, teamId: 1, state: "open", dueAt: NOW, decisions: [] }] }), "still running"],
    ["withdrawn preview", facts({ rounds: [{ id: 3, teamId: 1, state: "withdrawn", dueAt: NOW, decisions: [] }] }), "was withdrawn. Submit it for preview again."],
    [
      "withdrawn for one team, previewed by the other",
      facts({ teams: [{ id: 1, name: "East" }, { id: 2, name: "West" }], rounds: [{ id: 3, teamId: 1, state: "closed", dueAt: NOW, decisions: [] }, { id: 4, teamId: 2, state: "withdrawn", dueAt: NOW, decisions: [] }] }),
      "was withdrawn for West. Submit it for preview again.",
    ],
    [
      "withdrawn, then previewed again",
      facts({ rounds: [{ id: 3, teamId: 1, state: "withdrawn", dueAt: NOW, decisions: [] }, { id: 4, teamId: 1, state: "closed", dueAt: NOW, decisions: [{ userId: 2, name: "Emma", decision: "approved", summary: null }] }] }),
      null,
    ],
    ["a comment waits for marketing", facts({ comments: [{ state: "open", kind: "comment", escalation: null, roundId: 3 }] }), "1 comment still waits for marketing's answer"],
    ["an escalation is open", facts({ comments: [{ state: "held", kind: "comment", escalation: "open", roundId: 3 }] }), "1 escalation is waiting"],
    ["a dispute not escalated yet", facts({ comments: [{ state: "declined", kind: "comment", escalation: null, roundId: 3 }] }), "still disputed"],
    ["a member requested changes", facts({}, objecting), "Emma requested changes"],
    ["the objection is before the managers", facts({ objection: { escalationId: 9, state: "open", decision: null, note: null, level: 1 } }, objecting), "before the managers (level 1)"],
    ["the managers upheld the objection", facts({ objection: { escalationId: 9, state: "decided", decision: "uphold", note: null, level: 1 } }, objecting), "upheld"],
    ["the managers agreed a compromise", facts({ objection: { escalationId: 9, state: "decided", decision: "compromise", note: "Fix the price.", level: 1 } }, objecting), "Fix the price."],
    ["the managers overruled the objection", facts({ objection: { escalationId: 9, state: "decided", decision: "overrule", note: null, level: 1 } }, objecting), null],
    ["settled comments do not block", facts({ comments: [{ state: "accepted", kind: "comment", escalation: null, roundId: 3 }, { state: "resolved", kind: "comment", escalation: "decided", roundId: 3 }] }), null],
  ])("%s", (_name, f, expected) => {
    const block = releaseBlock(f);
    if (expected === null) expect(block).toBeNull();
    else expect(block?.message).toContain(expected);
  });

  it("a plain release is refused while members object, and offered over their objection", () => {
    const f = facts({}, objecting);
    expect(decideRelease(f, { overObjection: false }, marketer)).toMatchObject({ ok: false, code: "conflict" });
    expect(releaseBlock(f)?.overObjection).toEqual({ objectors: ["Emma"] });
  });

  it("releasing over the objection needs a reason, and becomes a dispute told to the objectors", () => {
    const f = facts({}, objecting);
    expect(decideRelease(f, { overObjection: true, reason: " " }, marketer)).toMatchObject({ ok: false, code: "invalid", field: "reason" });
    expect(decideRelease(f, { overObjection: true, reason: "Legal approved this price." }, marketer)).toMatchObject({
      ok: true,
      changes: { kind: "objection", roundId: 3, authorId: 2, body: "Emma requested changes: Price is wrong.", reason: "Legal approved this price." },
      notices: [{ kind: "release_objection", to: 2 }],
    });
  });

  it("over the objection is refused when nobody objects, or something else blocks", () => {
    expect(decideRelease(facts(), { overObjection: true, reason: "x" }, marketer)).toMatchObject({ ok: false, message: expect.stringContaining("Nobody on the committee objects") });
    expect(decideRelease(facts({ comments: [{ state: "open", kind: "comment", escalation: null, roundId: 3 }] }, objecting), { overObjection: true, reason: "x" }, marketer)).toMatchObject({
      ok: false,
      message: expect.stringContaining("waits for marketing"),
    });
  });

  it("a release tells the whole audience but the actor, and only marketing releases", () => {
    expect(decideRelease(facts(), { overObjection: false }, marketer)).toMatchObject({ ok: true, changes: { kind: "release", versionId: 20 } });
    const verdict = decideRelease(facts({ audience: [1, 2, 3] }), { overObjection: false }, marketer);
    expect(verdict.ok && verdict.notices.map((n) => n.to)).toEqual([2, 3]);
    expect(decideRelease(facts(), { overObjection: false }, author)).toMatchObject({ ok: false, code: "forbidden" });
  });
});

describe("escalation: who decides, and how", () => {
  const facts = (extra: Partial<EscalationFacts> = {}): EscalationFacts => ({
    id: 9,
    state: "open",
    level: 1,
    addressedNow: [10, 11],
    everAddressed: [10, 11],
    parties: [1, 2],
    openProposal: null,
    ...extra,
  });
  const propose = (decision: "uphold" | "overrule" | "compromise", note = ""): EscalationAction => ({ type: "propose", decision, note });
  type Row = [string, EscalationFacts, EscalationAction, { id: number; role: "manager" | "sales" | "admin" | "marketer"; active: boolean }, object];
  it.each<Row>([
    ["one person addressed decides alone", facts({ addressedNow: [10], everAddressed: [10] }), propose("overrule"), managerA, { ok: true, changes: { kind: "decided", decision: "overrule" } }],
    ["a rep someone reports to decides what is addressed to them", facts({ addressedNow: [12], everAddressed: [12] }), propose("uphold"), repManager, { ok: true, changes: { kind: "decided" } }],
    ["two addressed: the first proposes", facts(), propose("uphold"), managerA, { ok: true, changes: { kind: "proposed", supersedes: null }, notices: [{ kind: "escalation_proposed", to: 11 }, { kind: "escalation_proposed", to: 1 }, { kind: "escalation_proposed", to: 2 }] }],
    ["the other counter-proposes", facts({ openProposal: { id: 4, proposedById: 10, decision: "uphold", note: null } }), propose("compromise", "Add a date."), managerB, { ok: true, changes: { kind: "proposed", supersedes: 4, note: "Add a date." } }],
    ["the other agrees: it is decided", facts({ openProposal: { id: 4, proposedById: 10, decision: "compromise", note: "Add a date." } }), { type: "agree", proposalId: 4 }, managerB, { ok: true, changes: { kind: "decided", decision: "compromise", note: "Add a date.", agreedProposalId: 4 } }],
    ["agreeing to a superseded proposal", facts({ openProposal: { id: 5, proposedById: 11, decision: "uphold", note: null } }), { type: "agree", proposalId: 4 }, managerA, { ok: false, code: "conflict", message: expect.stringContaining("replaced by a newer one") }],
    ["agreeing to one's own proposal", facts({ openProposal: { id: 4, proposedById: 10, decision: "uphold", note: null } }), { type: "agree", proposalId: 4 }, managerA, { ok: false, code: "conflict" }],
    ["agreeing when nothing is proposed", facts(), { type: "agree", proposalId: 4 }, managerB, { ok: false, code: "conflict" }],
    ["a compromise needs its text", facts({ addressedNow: [10] }), propose("compromise", " "), managerA, { ok: false, code: "invalid", field: "note" }],
    ["a manager no longer addressed", facts({ level: 2, addressedNow: [20, 21], everAddressed: [10, 11, 20, 21] }), propose("uphold"), managerA, { ok: false, code: "forbidden", message: expect.stringContaining("moved up to level 2") }],
    ["someone never addressed", facts(), propose("uphold"), admin, { ok: false, code: "forbidden", message: "This escalation is not addressed to you." }],
    ["already decided", facts({ state: "decided" }), propose("uphold"), managerA, { ok: false, code: "conflict" }],
    ["withdrawn by the commenter", facts({ state: "withdrawn" }), propose("uphold"), managerA, { ok: false, code: "conflict", message: expect.stringContaining("withdrew") }],
  ])("%s", (_name, f, action, actor, expected) => {
    expect(decideEscalationAction(f, action, actor)).toMatchObject(expected);
  });

  it("a decision is told to everyone ever addressed and both parties, never the actor", () => {
    const verdict = decideEscalationAction(facts({ everAddressed: [10, 11, 20], openProposal: { id: 4, proposedById: 10, decision: "uphold", note: null } }), { type: "agree", proposalId: 4 }, managerB);
    expect(verdict.ok && verdict.notices.map((n) => `${n.kind}:${n.to}`)).toEqual(["escalation_decided:10", "escalation_decided:20", "escalation_decided:1", "escalation_decided:2"]);
  });

  it("the brief is for the parties, every manager ever addressed, and admins", () => {
    const f = facts({ everAddressed: [10, 11, 20] });
    expect([author, managerA, { ...managerA, id: 20 }, admin].map((a) => seesBrief(a, f))).toEqual([true, true, true, true]);
    expect([otherRep, { ...managerA, id: 30 }].map((a) => seesBrief(a, f))).toEqual([false, false]);
  });
});

describe("escalation levels up both chains of command", () => {
  // rep 2 → east 10 → vp sales 20; marketer 1 → mm 11 → vp marketing 21; 30 is above both VPs in the second org.
  const chains = (extra: Record<number, number | null> = {}) => {
    const managerOf: Record<number, number | null> = { 2: 10, 10: 20, 20: null, 1: 11, 11: 21, 21: null, ...extra };
    return (id: number) => managerOf[id] ?? null;
  };
  it("level 1 is the commenter's and the marketer's manager, one person when the same", () => {
    expect(firstLevel({ id: 2, reportsToId: 10 }, { id: 1, reportsToId: 11 })).toEqual([{ userId: 10, side: "sales" }, { userId: 11, side: "marketing" }]);
    expect(firstLevel({ id: 2, reportsToId: 10 }, { id: 1, reportsToId: 10 })).toEqual([{ userId: 10, side: "both" }]);
    expect(firstLevel({ id: 2, reportsToId: null }, null)).toEqual([]);
  });
  it("moves one level up both chains; only the newly addressed are told", () => {
    const next = nextLevel([{ userId: 10, side: "sales" }, { userId: 11, side: "marketing" }], [10, 11], chains());
    expect(next).toEqual({ overdue: false, assignees: [{ userId: 20, side: "sales" }, { userId: 21, side: "marketing" }], newlyAddressed: [20, 21] });
  });
  it("a side at the top of its chain stays, and is not told again", () => {
    const next = nextLevel([{ userId: 20, side: "sales" }, { userId: 11, side: "marketing" }], [10, 11, 20], chains());
    expect(next).toEqual({ overdue: false, assignees: [{ userId: 20, side: "sales" }, { userId: 21, side: "marketing" }], newlyAddressed: [21] });
  });
  it("where the chains meet, the lowest manager above both decides alone", () => {
    const next = nextLevel([{ userId: 20, side: "sales" }, { userId: 21, side: "marketing" }], [20, 21], chains({ 20: 30, 21: 30 }));
    expect(next).toEqual({ overdue: false, assignees: [{ userId: 30, side: "both" }], newlyAddressed: [30] });
    const uneven = nextLevel([{ userId: 20, side: "sales" }, { userId: 11, side: "marketing" }], [20, 11], chains({ 11: 20 }));
    expect(uneven.assignees).toEqual([{ userId: 20, side: "both" }]);
  });
  it("with nobody higher on either chain it stays, flagged overdue", () => {
    expect(nextLevel([{ userId: 20, side: "sales" }, { userId: 21, side: "marketing" }], [20, 21], chains())).toMatchObject({ overdue: true, newlyAddressed: [] });
  });
});

describe("submitting for preview", () => {
  const facts = (extra: Partial<SubmitFacts> = {}): SubmitFacts => ({
    materialId: 1,
    latest: { id: 20, number: 2 },
    latestRounds: [],
    anyOpenRound: false,
    planBlocker: null,
    teams: [{ id: 1, name: "East", committee: [2, 3] }],
    ...extra,
  });
  it.each<[string, SubmitFacts, object]>([
    ["a new version (also of a released material)", facts(), { ok: true, changes: { versionId: 20 } }],
    ["again after the preview was withdrawn", facts({ latestRounds: [{ teamId: 1, state: "withdrawn" }] }), { ok: true }],
    [
      "only to the team whose round was withdrawn, when another's had closed",
      facts({ teams: [{ id: 1, name: "East", committee: [2] }, { id: 2, name: "West", committee: [5] }], latestRounds: [{ teamId: 1, state: "closed" }, { teamId: 2, state: "withdrawn" }] }),
      { ok: true, changes: { teams: [{ id: 2, name: "West", committee: [5] }] } },
    ],
    ["no file", facts({ latest: null }), { ok: false, code: "conflict" }],
    ["an archived material", facts({ archived: true }), { ok: false, code: "conflict", message: expect.stringContaining("archived") }],
    ["already running", facts({ anyOpenRound: true }), { ok: false, code: "conflict" }],
    ["already previewed", facts({ latestRounds: [{ teamId: 1, state: "closed" }] }), { ok: false, message: expect.stringContaining("Upload a new version") }],
    ["a team with no committee", facts({ teams: [{ id: 1, name: "East", committee: [] }] }), { ok: false, message: expect.stringContaining("East has no committee") }],
    ["an annual plan not ready", facts({ planBlocker: "Explain the deviations." }), { ok: false, message: "Explain the deviations." }],
  ])("%s", (_name, f, expected) => {
    expect(decideSubmit(f, marketer)).toMatchObject(expected);
  });
  it("asks each committee member, and for an annual plan tells the rest of the team, each about their team's round", () => {
    const f = facts({ kind: "annual_plan", teams: [{ id: 1, name: "East", committee: [2, 3], reps: [2, 3, 4] }] });
    expect(decideSubmit(f, marketer)).toMatchObject({
      ok: true,
      notices: [
        { kind: "preview_requested", to: 2, about: 1 },
        { kind: "preview_requested", to: 3, about: 1 },
        { kind: "plan_preview_opened", to: 4, about: 1 },
      ],
    });
    const collateral = decideSubmit(facts({ teams: [{ id: 1, name: "East", committee: [2], reps: [2, 4] }] }), marketer);
    expect(collateral.ok && collateral.notices.map((n) => n.kind)).toEqual(["preview_requested"]);
  });

  it("only marketing submits", () => {
    expect(decideSubmit(facts(), author)).toMatchObject({ ok: false, code: "forbidden" });
  });
});

describe("marketing controls its material", () => {
  const facts = (extra: Partial<MaterialFacts> = {}): MaterialFacts => ({
    id: 1,
    kind: "collateral",
    status: "draft",
    releasedVersionId: null,
    archivedAt: null,
    openRounds: [],
    submittedTeamIds: [],
    ...extra,
  });
  const edit = { title: "T", description: "", teamIds: [1] };
  it.each<[string, () => unknown, object]>([
    ["a draft is edited", () => decideEdit(facts(), edit, marketer), { ok: true }],
    ["not by a rep", () => decideEdit(facts(), edit, author), { ok: false, code: "forbidden" }],
    ["not once submitted", () => decideEdit(facts({ status: "in_preview" }), edit, marketer), { ok: false, code: "conflict", message: expect.stringContaining("Only a draft") }],
    ["not when released", () => decideEdit(facts({ status: "released" }), edit, marketer), { ok: false, code: "conflict" }],
    ["needs a team", () => decideEdit(facts(), { ...edit, teamIds: [] }, marketer), { ok: false, code: "invalid", field: "teamIds" }],
    ["an annual plan keeps one team", () => decideEdit(facts({ kind: "annual_plan" }), { ...edit, teamIds: [1, 2] }, marketer), { ok: false, field: "teamIds" }],
    ["after a withdrawn preview, a team that was asked stays", () => decideEdit(facts({ submittedTeamIds: [1], teamNames: { 1: "East" } }), { ...edit, teamIds: [2] }, marketer), { ok: false, code: "invalid", message: expect.stringContaining("East already had a preview") }],
    ["after a withdrawn preview, a team can be added", () => decideEdit(facts({ submittedTeamIds: [1] }), { ...edit, teamIds: [1, 2] }, marketer), { ok: true }],
    ["a running preview is withdrawn, its committee told", () => decideWithdrawPreview(facts({ status: "in_preview", openRounds: [{ id: 3, members: [2, 3] }] }), marketer), { ok: true, changes: { roundIds: [3] }, notices: [{ kind: "preview_withdrawn", to: 2 }, { kind: "preview_withdrawn", to: 3 }] }],
    ["nothing running to withdraw", () => decideWithdrawPreview(facts({ status: "closed" }), marketer), { ok: false, code: "conflict" }],
    ["a rep does not withdraw", () => decideWithdrawPreview(facts({ openRounds: [{ id: 3, members: [2] }] }), author), { ok: false, code: "forbidden" }],
    ["a released material is archived", () => decideArchive(facts({ status: "released", releasedVersionId: 9 }), marketer), { ok: true }],
    ["an unreleased one is not", () => decideArchive(facts({ status: "closed" }), marketer), { ok: false, code: "conflict" }],
    ["nor archived twice", () => decideArchive(facts({ status: "released", releasedVersionId: 9, archivedAt: NOW }), marketer), { ok: false, code: "conflict" }],
  ])("%s", (_name, run, expected) => {
    expect(run()).toMatchObject(expected);
  });
});

describe("'to check' items on the next version", () => {
  const facts = (extra: Partial<CheckFacts> = {}): CheckFacts => ({
    commentId: 5,
    authorId: author.id,
    state: "accepted",
    decision: "accepted",
    checkState: null,
    onVersion: 1,
    latestVersion: 2,
    committee: [otherRep.id],
    openRound: { id: 8 },
    ...extra,
  });
  it.each<[string, Partial<CheckFacts>, boolean]>([
    ["accepted, newer version", {}, true],
    ["upheld", { state: "resolved", decision: "uphold" }, true],
    ["a compromise", { state: "resolved", decision: "compromise" }, true],
    ["overruled: settled", { state: "resolved", decision: "overrule" }, false],
    ["withdrawn", { state: "withdrawn", decision: null }, false],
    ["no newer version yet", { latestVersion: 1 }, false],
    ["already ticked off", { checkState: "done" }, false],
  ])("%s → %s", (_name, extra, expected) => {
    expect(isToCheck(facts(extra))).toBe(expected);
  });
  it.each<[string, CheckFacts, "done" | "reopen", typeof author, string, object]>([
    ["the commenter ticks it off", facts(), "done", author, "", { ok: true, changes: { checkState: "done", reopen: null } }],
    ["a committee member of the team ticks it off", facts(), "done", otherRep, "", { ok: true }],
    ["someone else may not", facts({ committee: [] }), "done", otherRep, "", { ok: false, code: "forbidden" }],
    ["not twice", facts({ checkState: "done" }), "done", author, "", { ok: false, code: "conflict" }],
    ["nothing to check on an overruled comment", facts({ state: "resolved", decision: "overrule" }), "done", author, "", { ok: false, code: "conflict" }],
    ["reopened into the open round", facts(), "reopen", author, "Still wrong.", { ok: true, changes: { checkState: "reopened", reopen: { roundId: 8, body: "Still wrong." } } }],
    ["reopening needs a note", facts(), "reopen", author, " ", { ok: false, code: "invalid", field: "note" }],
    ["reopening needs an open round", facts({ openRound: null }), "reopen", author, "Still wrong.", { ok: false, code: "conflict", message: expect.stringContaining("not in preview") }],
  ])("%s", (_name, f, action, actor, note, expected) => {
    expect(decideCheck(f, action, actor, note)).toMatchObject(expected);
  });
});

describe("a comment marketing never answered", () => {
  it("accepted after it escalated, ends the escalation and tells the commenter and the managers", () => {
    const verdict = decideCommentAction(
      { id: 5, state: "open", kind: "comment", authorId: author.id, roundEnded: true, calendar: { timeZone: "UTC", holidays: new Set() }, escalation: { id: 9, state: "open", addressedNow: [10, 11] } },
      "accept",
      marketer,
      NOW,
    );
    expect(verdict).toMatchObject({
      ok: true,
      changes: { state: "accepted", endEscalation: 9 },
      notices: [{ kind: "comment_accepted", to: author.id }, { kind: "escalation_withdrawn", to: 10 }, { kind: "escalation_withdrawn", to: 11 }],
    });
  });
  it("declined after it escalated, keeps its escalation (no second clock)", () => {
    const verdict = decideCommentAction(
      { id: 5, state: "open", kind: "comment", authorId: author.id, roundEnded: true, calendar: { timeZone: "UTC", holidays: new Set() }, escalation: { id: 9, state: "open", addressedNow: [10] } },
      "decline",
      marketer,
      NOW,
      { reason: "No." },
    );
    expect(verdict.ok && verdict.changes).toMatchObject({ state: "declined" });
    expect(verdict.ok && verdict.changes.escalateAt).toBeUndefined();
  });
});

describe("a committee seat changes while a round is open", () => {
  const round = (decisions: { userId: number; decision: "pending" | "approved" }[], state: "open" | "closed" = "open") => ({ id: 3, state, decisions });
  it.each<[string, ReturnType<typeof round>, number[], object]>([
    ["the pending decision moves to the new member", round([{ userId: 2, decision: "pending" }, { userId: 3, decision: "approved" }]), [3, 4], { moves: [{ from: 2, to: 4 }], drops: [], adds: [], closes: false }],
    ["a decided member's decision stays", round([{ userId: 2, decision: "approved" }, { userId: 3, decision: "pending" }]), [3, 4], { moves: [], drops: [], adds: [4], closes: false }],
    ["nobody to take it: dropped", round([{ userId: 2, decision: "pending" }, { userId: 3, decision: "pending" }]), [3], { moves: [], drops: [2], adds: [], closes: false }],
    ["the last pending one dropped closes the round", round([{ userId: 2, decision: "pending" }, { userId: 3, decision: "approved" }]), [3], { drops: [2], closes: true }],
    ["nothing changed", round([{ userId: 2, decision: "pending" }]), [2], { moves: [], drops: [], adds: [] }],
  ])("%s", (_name, r, committee, expected) => {
    expect(decideReseat(r, committee)).toMatchObject({ ok: true, changes: expected });
  });
  it("tells the old member and the new one", () => {
    const verdict = decideReseat(round([{ userId: 2, decision: "pending" }]), [4]);
    expect(verdict.ok && verdict.notices).toEqual([{ kind: "decision_moved", to: 2 }, { kind: "decision_handed", to: 4 }]);
  });
  it("a closed round keeps its decisions", () => {
    expect(decideReseat(round([{ userId: 2, decision: "pending" }], "closed"), [4])).toMatchObject({ ok: false, code: "conflict" });
  });
});
