/**
 * The workflow's promise, rule by rule, through the services on a real database (SQLite,
 * or PostgreSQL when DATABASE_URL says so): the release respects the committee, the window
 * closes, disputes are decided by both sides behind closed doors, withdrawing ends an
 * escalation, and a released material is previewed again before a new version goes out.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/lib/db.server";
import { runSweep } from "~/jobs/sweep.server";
import { addComment } from "~/commands/add-comment.server";
import { addVersion } from "~/commands/add-version.server";
import { answerComment } from "~/commands/answer-comment.server";
import { settleComment } from "~/commands/settle-comment.server";
import { createMaterial } from "~/commands/create-material.server";
import { actOnEscalation } from "~/commands/act-on-escalation.server";
import { postEscalationMessage } from "~/commands/post-escalation-message.server";
import { decideRound } from "~/commands/decide-round.server";
import { libraryTeams, searchLibrary } from "~/queries/library.server";
import { releaseMaterial } from "~/commands/release-material.server";
import { releaseStatus } from "~/rules/release-facts.server";
import { archiveMaterial } from "~/commands/archive-material.server";
import { editMaterial } from "~/commands/edit-material.server";
import { withdrawPreview } from "~/commands/withdraw-preview.server";
import { checkComment } from "~/commands/check-comment.server";
import { addressedOnVersion } from "~/rules/escalation-facts.server";
import { submitForPreview } from "~/commands/submit-for-preview.server";
import { loadEscalation, loadPreviewPanel, pendingDecisionsFor } from "~/queries/workflow-views.server";
import { addTeamMember } from "~/commands/add-team-member.server";
import { removeTeamMember } from "~/commands/remove-team-member.server";
import { setCommitteeMember } from "~/commands/set-committee-member.server";
import { loadMaterialPage } from "~/queries/material-page.server";
import { parseLibraryFilters } from "~/schemas/filters";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { seedDemo } from "../helpers/organisation";
import { refusal } from "../helpers/refusal";

const MONDAY = new Date("2026-11-23T14:00:00Z"); // 09:00 in New York
const minutes = (at: Date, n: number) => new Date(at.getTime() + n * 60_000);
let fileNumber = 0;
const file = () => {
  fileNumber++;
  return { key: `versions/promise${fileNumber}.bin`, fileName: "deck.pdf", contentType: "application/pdf" as const, size: 1000 + fileNumber, sha256: `${fileNumber}`.padStart(64, "c"), pageCount: 3 };
};

describe("the workflow keeps its promise", () => {
  let tdb: TestDatabase;
  let db: Database;
  let demo: Awaited<ReturnType<typeof seedDemo>>;
  const east = () => demo.team("Enterprise East").id;
  const outbox = async (kind: string) =>
    (await db.models.OutboxMessage.findAll({ where: { kind }, order: [["id", "ASC"]] })).map((m) => m.toEmail.replace("@demo.test", "")).sort();
  const counts = async () => ({
    comments: await db.models.Comment.count(),
    escalations: await db.models.Escalation.count(),
    outbox: await db.models.OutboxMessage.count(),
    audit: await db.models.AuditEvent.count(),
  });

  /** A material for Enterprise East, submitted; both committee members decide as given. */
  async function previewed(title: string, decisions: ["approved" | "changes_requested", "approved" | "changes_requested"], at = MONDAY) {
    const { material, version } = await createMaterial(db, demo.user("marketer1"), { title, kind: "collateral", description: "", teamIds: [east()] }, file(), minutes(at, -60));
    const [round] = await submitForPreview(db, demo.user("marketer1"), material.id, at);
    await decideRound(db, demo.user("east.committee1"), material.id, { roundId: round.id, decision: decisions[0], summary: decisions[0] === "approved" ? "Good." : "The price on page 2 is wrong." }, minutes(at, 10));
    await decideRound(db, demo.user("east.committee2"), material.id, { roundId: round.id, decision: decisions[1], summary: decisions[1] === "approved" ? "Fine." : "Wrong audience." }, minutes(at, 20));
    return { materialId: material.id, versionId: version.id, round };
  }

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = tdb.database;
    demo = await seedDemo(db);
  });
  afterAll(() => tdb.cleanup());

  it("a release is blocked while a member requests changes, says so, and is not sent", async () => {
    const { materialId } = await previewed("Blocked deck", ["changes_requested", "approved"]);
    const status = await releaseStatus(db, materialId, "UTC");
    expect(status.block).toMatchObject({ message: expect.stringContaining("Ethan Cole requested changes"), overObjection: { objectors: ["Ethan Cole"] } });
    const before = await counts();
    const refused = await refusal(releaseMaterial(db, demo.user("marketer1"), materialId, minutes(MONDAY, 30)));
    expect(refused).toMatchObject({ status: 409, message: expect.stringContaining("release over the committee's objection") });
    expect(await refusal(releaseMaterial(db, demo.user("marketer1"), materialId, minutes(MONDAY, 30), { overObjection: true, reason: "   " }))).toMatchObject({ status: 400, fields: { reason: expect.any(String) } });
    expect(await counts()).toEqual(before);
    expect((await db.models.Material.findByPk(materialId))!.status).toBe("closed");
  });

  it("released over the objection, the managers decide; overruled, it is released and everyone hears what was decided", async () => {
    const { materialId } = await previewed("Objected deck", ["changes_requested", "approved"]);
    const at = minutes(MONDAY, 40);
    expect(await releaseMaterial(db, demo.user("marketer1"), materialId, at, { overObjection: true, reason: "Legal approved this price last week." })).toBe("objection");
    expect((await db.models.Material.findByPk(materialId))!.status).toBe("closed");
    const objection = await db.models.Comment.findOne({ where: { materialId, kind: "objection" } });
    expect(objection).toMatchObject({ state: "held", authorId: demo.user("east.committee1").id, body: "Ethan Cole requested changes: The price on page 2 is wrong.", declineReason: "Legal approved this price last week." });
    const escalation = await db.models.Escalation.findOne({ where: { commentId: objection!.id }, include: [{ association: "assignees" }] });
    expect(escalation!.assignees!.map((a) => a.userId).sort()).toEqual([demo.user("east.manager").id, demo.user("marketing.manager").id].sort());
    // The objection is not a pin on the page, and the page says what blocks the release.
    const page = await loadMaterialPage(db, demo.user("marketer1"), materialId, null);
    expect(page.comments).toEqual([]);
    expect((await releaseStatus(db, materialId, "UTC")).block?.message).toContain("before the managers (level 1)");
    expect(await outbox("release_objection")).toEqual(["east.committee1"]);

    await actOnEscalation(db, demo.user("east.manager"), escalation!.id, { type: "propose", decision: "overrule", note: "Legal's word stands." }, minutes(at, 60));
    expect((await db.models.Material.findByPk(materialId))!.status).toBe("closed");
    const proposal = await db.models.EscalationProposal.findOne({ where: { escalationId: escalation!.id, state: "open" } });
    await actOnEscalation(db, demo.user("marketing.manager"), escalation!.id, { type: "agree", proposalId: proposal!.id }, minutes(at, 90));
    const material = await db.models.Material.findByPk(materialId);
    expect(material).toMatchObject({ status: "released" });
    expect(material!.releasedVersionId).not.toBeNull();
    const mail = await db.models.OutboxMessage.findOne({ where: { kind: "material_released", toEmail: "east.rep1@demo.test" }, order: [["id", "DESC"]] });
    expect(mail!.subject).toBe("Coming to customers: Objected deck");
    expect(mail!.text).toContain("Ethan Cole: requested changes — The price on page 2 is wrong.");
    expect(mail!.text).toContain("The managers decided: Objection overruled: released — Legal's word stands.");
  });

  it("upheld, the objection keeps the material back and the page says to upload a new version", async () => {
    const { materialId } = await previewed("Upheld deck", ["approved", "changes_requested"]);
    await releaseMaterial(db, demo.user("marketer2"), materialId, minutes(MONDAY, 40), { overObjection: true, reason: "We need it out." });
    const escalation = await db.models.Escalation.findOne({ where: { materialId } });
    await actOnEscalation(db, demo.user("east.manager"), escalation!.id, { type: "propose", decision: "uphold", note: "" }, minutes(MONDAY, 50));
    const proposal = await db.models.EscalationProposal.findOne({ where: { escalationId: escalation!.id, state: "open" } });
    await actOnEscalation(db, demo.user("marketing.manager"), escalation!.id, { type: "agree", proposalId: proposal!.id }, minutes(MONDAY, 55));
    expect((await db.models.Material.findByPk(materialId))!.status).toBe("closed");
    expect((await releaseStatus(db, materialId, "UTC")).block).toMatchObject({ message: expect.stringContaining("upheld the committee's objection"), overObjection: null });
    expect((await refusal(releaseMaterial(db, demo.user("marketer2"), materialId, minutes(MONDAY, 60)))).status).toBe(409);
  });

  it("a release waits for every comment marketing has not answered; unanswered a business day after the close, it escalates", async () => {
    const { material, version } = await createMaterial(db, demo.user("marketer1"), { title: "Unanswered", kind: "collateral", description: "", teamIds: [east()] }, file(), MONDAY);
    const [round] = await submitForPreview(db, demo.user("marketer1"), material.id, MONDAY);
    await addComment(db, demo.user("east.committee1"), material.id, { versionId: version.id, category: "pricing", body: "Check the total.", pin: { page: 1, x: 0.5, y: 0.5 } }, minutes(MONDAY, 5));
    for (const who of ["east.committee1", "east.committee2"]) {
      await decideRound(db, demo.user(who), material.id, { roundId: round.id, decision: "approved", summary: "ok" }, minutes(MONDAY, 10));
    }
    expect(await refusal(releaseMaterial(db, demo.user("marketer1"), material.id, minutes(MONDAY, 20)))).toMatchObject({ status: 409, message: "1 comment still waits for marketing's answer. Accept or decline it first." });
    // The round closed at 09:10 on Monday: marketing has until Tuesday 09:10 to answer.
    const comment = await db.models.Comment.findOne({ where: { materialId: material.id } });
    expect(comment!.escalateAt!.toISOString()).toBe(minutes(MONDAY, 24 * 60 + 10).toISOString());
    await runSweep(db, { now: minutes(MONDAY, 24 * 60 + 9) });
    expect(await db.models.Escalation.count({ where: { commentId: comment!.id } })).toBe(0);
    await runSweep(db, { now: minutes(MONDAY, 24 * 60 + 10) });
    const escalation = await db.models.Escalation.findOne({ where: { commentId: comment!.id }, include: [{ association: "assignees" }] });
    // The owner's manager stands for marketing's side.
    expect(escalation!.assignees!.map((a) => a.userId).sort()).toEqual([demo.user("east.manager").id, demo.user("marketing.manager").id].sort());
    const brief = await db.models.OutboxMessage.findOne({ where: { kind: "escalation", toEmail: "east.manager@demo.test" }, order: [["id", "DESC"]] });
    expect(brief!.text).toContain("Marketing (Mila Novak) did not answer it in time.");
    // Marketing accepts after all: the escalation ends, the managers hear, and the release can go.
    await answerComment(db, demo.user("marketer1"), material.id, { commentId: comment!.id, answer: "accept" }, minutes(MONDAY, 24 * 60 + 30));
    await escalation!.reload();
    expect(escalation!.state).toBe("withdrawn");
    const ended = await db.models.OutboxMessage.findOne({ where: { kind: "escalation_withdrawn", toEmail: "east.manager@demo.test" }, order: [["id", "DESC"]] });
    expect(ended!.text).toContain("accepted the comment after all");
    expect((await releaseStatus(db, material.id, "UTC")).block).toBeNull();
  });

  it("after the window, decisions and comments are refused with when it closed; replies stay open", async () => {
    const { materialId, versionId, round } = await previewed("Closed window", ["approved", "approved"]);
    const late = await refusal(addComment(db, demo.user("east.committee1"), materialId, { versionId, category: "other", body: "Too late", pin: null }, minutes(MONDAY, 60)));
    expect(late).toMatchObject({ status: 409, message: expect.stringMatching(/^The preview of version 1 closed on Mon 23 Nov, 09:20 \(America\/New_York\), so it takes no new comments\./) });
    const decide = await refusal(decideRound(db, demo.user("east.committee1"), materialId, { roundId: round.id, decision: "changes_requested", summary: "Second thoughts" }, minutes(MONDAY, 60)));
    expect(decide).toMatchObject({ status: 409, message: expect.stringContaining("closed on Mon 23 Nov, 09:20") });
  });

  it("withdrawing an escalated comment ends its escalation, tells the managers, and no decision overwrites it", async () => {
    const { material, version } = await createMaterial(db, demo.user("marketer1"), { title: "Withdrawn dispute", kind: "collateral", description: "", teamIds: [east()] }, file(), MONDAY);
    const [round] = await submitForPreview(db, demo.user("marketer1"), material.id, MONDAY);
    const comment = await addComment(db, demo.user("east.committee2"), material.id, { versionId: version.id, category: "messaging", body: "Too salesy.", pin: null }, minutes(MONDAY, 5));
    await answerComment(db, demo.user("marketer1"), material.id, { commentId: comment.id, answer: "decline", reason: "It is the brand voice." }, minutes(MONDAY, 10));
    await settleComment(db, demo.user("east.committee2"), material.id, { commentId: comment.id, settle: "hold" }, minutes(MONDAY, 15));
    await runSweep(db, { now: round.dueAt });
    const escalation = await db.models.Escalation.findOne({ where: { commentId: comment.id } });
    expect(escalation!.state).toBe("open");
    await settleComment(db, demo.user("east.committee2"), material.id, { commentId: comment.id, settle: "withdraw" }, minutes(round.dueAt, 30));
    await escalation!.reload();
    await comment.reload();
    expect([escalation!.state, comment.state]).toEqual(["withdrawn", "withdrawn"]);
    const told = await db.models.OutboxMessage.findAll({ where: { kind: "escalation_withdrawn" } });
    expect(told.filter((m) => m.text.includes(`/escalations/${escalation!.id}`)).map((m) => m.toEmail).sort()).toEqual(["east.manager@demo.test", "marketing.manager@demo.test"]);
    const late = await refusal(actOnEscalation(db, demo.user("east.manager"), escalation!.id, { type: "propose", decision: "uphold", note: "" }, minutes(round.dueAt, 40)));
    expect(late).toMatchObject({ status: 409, message: expect.stringContaining("withdrew") });
    await comment.reload();
    expect(comment.state).toBe("withdrawn");
    // Nothing left blocks the release.
    expect((await releaseStatus(db, material.id, "UTC")).block).toBeNull();
  });

  it("an escalation addressed to a rep (someone reports to them) is theirs to decide; the brief is private", async () => {
    // east.rep1 becomes the person east.committee1 reports to; the marketer's side has the same.
    const rep = demo.user("east.rep1");
    await db.models.User.update({ reportsToId: rep.id }, { where: { id: [demo.user("east.committee1").id, demo.user("marketer2").id] } });
    try {
      const { material, version } = await createMaterial(db, demo.user("marketer2"), { title: "Rep decides", kind: "collateral", description: "", teamIds: [east()] }, file(), MONDAY);
      const [round] = await submitForPreview(db, demo.user("marketer2"), material.id, MONDAY);
      const comment = await addComment(db, demo.user("east.committee1"), material.id, { versionId: version.id, category: "audience", body: "Wrong persona.", pin: null }, minutes(MONDAY, 5));
      await answerComment(db, demo.user("marketer2"), material.id, { commentId: comment.id, answer: "decline", reason: "Persona agreed in the pre-plan." }, minutes(MONDAY, 10));
      await runSweep(db, { now: round.dueAt });
      const escalation = await db.models.Escalation.findOne({ where: { commentId: comment.id } });
      await postEscalationMessage(db, demo.user("east.committee1"), escalation!.id, "Our buyers are CFOs, not CIOs.", minutes(round.dueAt, 5));
      // A rep of the team who is not involved sees the outcome only.
      const outsider = await loadEscalation(db, demo.user("east.rep2"), escalation!.id, minutes(round.dueAt, 6));
      expect(outsider).toMatchObject({ insider: false, messages: [], levels: [], proposals: [], act: null, comment: { declineReason: "" } });
      expect(await refusal(postEscalationMessage(db, demo.user("east.rep2"), escalation!.id, "me too", minutes(round.dueAt, 6)))).toMatchObject({ status: 403 });
      const insider = await loadEscalation(db, rep, escalation!.id, minutes(round.dueAt, 6));
      expect(insider).toMatchObject({ insider: true, act: { alone: true }, messages: [{ author: "Ethan Cole", body: "Our buyers are CFOs, not CIOs." }] });
      await actOnEscalation(db, rep, escalation!.id, { type: "propose", decision: "uphold", note: "CFOs it is." }, minutes(round.dueAt, 10));
      await escalation!.reload();
      expect(escalation).toMatchObject({ state: "decided", decision: "uphold", decidedById: rep.id });
    } finally {
      await db.models.User.update({ reportsToId: demo.user("east.manager").id }, { where: { id: demo.user("east.committee1").id } });
      await db.models.User.update({ reportsToId: demo.user("marketing.manager").id }, { where: { id: demo.user("marketer2").id } });
    }
  });

  it("moving up tells only the people newly addressed, and a manager no longer addressed cannot decide", async () => {
    // marketing.manager reports to vp.sales for this test: the chains meet at vp.sales.
    await db.models.User.update({ reportsToId: demo.user("vp.sales").id }, { where: { id: demo.user("marketing.manager").id } });
    try {
      const { material, version } = await createMaterial(db, demo.user("marketer1"), { title: "Moves up", kind: "collateral", description: "", teamIds: [east()] }, file(), MONDAY);
      const [round] = await submitForPreview(db, demo.user("marketer1"), material.id, MONDAY);
      const comment = await addComment(db, demo.user("east.committee1"), material.id, { versionId: version.id, category: "pricing", body: "Discount too deep.", pin: null }, minutes(MONDAY, 5));
      await answerComment(db, demo.user("marketer1"), material.id, { commentId: comment.id, answer: "decline", reason: "Approved by finance." }, minutes(MONDAY, 10));
      await runSweep(db, { now: round.dueAt });
      const escalation = await db.models.Escalation.findOne({ where: { commentId: comment.id } });
      const movedUp = async () =>
        (await db.models.OutboxMessage.findAll({ where: { kind: "escalation_moved_up" }, order: [["id", "ASC"]] })).filter((m) => m.text.includes(`/escalations/${escalation!.id}`));
      await runSweep(db, { now: escalation!.decideBy });
      await escalation!.reload({ include: [{ association: "assignees" }] });
      // Both chains meet at vp.sales, who decides alone, and is the only one told.
      expect(escalation!.level).toBe(2);
      expect(escalation!.assignees!.filter((a) => a.level === 2).map((a) => [a.userId, a.side])).toEqual([[demo.user("vp.sales").id, "both"]]);
      expect((await movedUp()).map((m) => m.toEmail)).toEqual(["vp.sales@demo.test"]);
      expect(await refusal(actOnEscalation(db, demo.user("east.manager"), escalation!.id, { type: "propose", decision: "overrule", note: "" }, escalation!.decideBy))).toMatchObject({
        status: 403,
        message: expect.stringContaining("moved up to level 2"),
      });
      // At the top, it stays flagged overdue; nobody is told again.
      await runSweep(db, { now: escalation!.decideBy });
      await escalation!.reload();
      expect(escalation).toMatchObject({ level: 2, overdue: true });
      expect(await movedUp()).toHaveLength(1);
    } finally {
      await db.models.User.update({ reportsToId: demo.user("vp.marketing").id }, { where: { id: demo.user("marketing.manager").id } });
    }
  });

  it("a released material takes a new version through a new preview; the library keeps the released one until then", async () => {
    const { materialId, versionId } = await previewed("Evergreen", ["approved", "approved"]);
    await releaseMaterial(db, demo.user("marketer1"), materialId, minutes(MONDAY, 30));
    const v2 = await addVersion(db, demo.user("marketer1"), materialId, "New prices", file(), minutes(MONDAY, 40));
    const rep = demo.user("east.rep1");
    const teams = await libraryTeams(db, rep);
    const find = async () => {
      const result = await searchLibrary(db, teams, parseLibraryFilters(new URLSearchParams("q=Evergreen"), teams.map((t) => t.id)).filters);
      return result.items.map((i) => i.version?.id);
    };
    expect(await find()).toEqual([versionId]);
    const panel = await loadPreviewPanel(db, demo.user("marketer1"), materialId, minutes(MONDAY, 41));
    expect(panel).toMatchObject({ canSubmit: true, released: { version: 1 } });
    const [round] = await submitForPreview(db, demo.user("marketer1"), materialId, minutes(MONDAY, 45));
    expect(round.versionId).toBe(v2.id);
    expect(await find()).toEqual([versionId]);
    for (const who of ["east.committee1", "east.committee2"]) {
      await decideRound(db, demo.user(who), materialId, { roundId: round.id, decision: "approved", summary: "ok" }, minutes(MONDAY, 50));
    }
    await releaseMaterial(db, demo.user("marketer1"), materialId, minutes(MONDAY, 60));
    expect(await find()).toEqual([v2.id]);
  });

  it("marketing edits a draft, and only a draft", async () => {
    const { material } = await createMaterial(db, demo.user("marketer1"), { title: "Draft title", kind: "collateral", description: "", teamIds: [east()] }, file(), MONDAY);
    const west = demo.team("Mid-Market West").id;
    await editMaterial(db, demo.user("marketer2"), material.id, { title: "Better title", description: "For both coasts.", teamIds: [east(), west] }, minutes(MONDAY, 1));
    await material.reload({ include: [{ association: "targets" }] });
    expect([material.title, material.description, material.targets!.map((t) => t.teamId).sort()]).toEqual(["Better title", "For both coasts.", [east(), west].sort()]);
    expect(await refusal(editMaterial(db, demo.user("east.rep1"), material.id, { title: "x", description: "", teamIds: [east()] }, MONDAY))).toMatchObject({ status: 403 });
    expect(await refusal(editMaterial(db, demo.user("marketer1"), material.id, { title: "x", description: "", teamIds: [] }, MONDAY))).toMatchObject({ status: 400, fields: { teamIds: expect.any(String) } });
    await submitForPreview(db, demo.user("marketer1"), material.id, minutes(MONDAY, 2));
    const before = await counts();
    const submitted = await refusal(editMaterial(db, demo.user("marketer1"), material.id, { title: "Sneaky", description: "", teamIds: [east()] }, minutes(MONDAY, 3)));
    expect(submitted).toMatchObject({ status: 409, message: expect.stringContaining("Only a draft can be edited") });
    expect(await counts()).toEqual(before);
    expect((await db.models.Material.findByPk(material.id))!.title).toBe("Better title");
  });

  it("withdrawing a running preview closes its rounds as withdrawn, tells the committee, and nothing escalates from it", async () => {
    const { material, version } = await createMaterial(db, demo.user("marketer1"), { title: "Withdrawn preview", kind: "collateral", description: "", teamIds: [east()] }, file(), MONDAY);
    const [round] = await submitForPreview(db, demo.user("marketer1"), material.id, MONDAY);
    const comment = await addComment(db, demo.user("east.committee1"), material.id, { versionId: version.id, category: "pricing", body: "Old price.", pin: null }, minutes(MONDAY, 5));
    await answerComment(db, demo.user("marketer1"), material.id, { commentId: comment.id, answer: "decline", reason: "Current price." }, minutes(MONDAY, 6));
    const before = await db.models.OutboxMessage.count({ where: { kind: "preview_withdrawn" } });
    await withdrawPreview(db, demo.user("marketer2"), material.id, minutes(MONDAY, 10));
    await round.reload();
    expect(round.state).toBe("withdrawn");
    expect((await db.models.Material.findByPk(material.id))!.status).toBe("draft");
    const told = await db.models.OutboxMessage.findAll({ where: { kind: "preview_withdrawn" }, order: [["id", "ASC"]] });
    expect(told.slice(before).map((m) => m.toEmail).sort()).toEqual(["east.committee1@demo.test", "east.committee2@demo.test"]);
    // Its deadline passes: nothing closes, nothing escalates.
    await runSweep(db, { now: minutes(round.dueAt, 60 * 24 * 5) });
    expect(await db.models.Escalation.count({ where: { materialId: material.id } })).toBe(0);
    await round.reload();
    expect(round.state).toBe("withdrawn");
    expect(await refusal(withdrawPreview(db, demo.user("marketer1"), material.id, minutes(MONDAY, 11)))).toMatchObject({ status: 409, message: expect.stringContaining("No preview of this material is running") });
    expect(await refusal(decideRound(db, demo.user("east.committee2"), material.id, { roundId: round.id, decision: "approved", summary: "ok" }, minutes(MONDAY, 12)))).toMatchObject({ status: 409, message: expect.stringContaining("was withdrawn") });
    // The same version can be submitted again; the disputed comment belongs to the new round and escalates when it closes.
    const [again] = await submitForPreview(db, demo.user("marketer1"), material.id, minutes(MONDAY, 20));
    expect(again.versionId).toBe(version.id);
    await comment.reload();
    expect(comment.roundId).toBe(again.id);
    await runSweep(db, { now: again.dueAt });
    expect(await db.models.Escalation.count({ where: { commentId: comment.id } })).toBe(1);
  });

  it("an archived material leaves the library, stays readable, and only released material is archived", async () => {
    const { materialId } = await previewed("Archived sheet", ["approved", "approved"]);
    expect(await refusal(archiveMaterial(db, demo.user("marketer1"), materialId, minutes(MONDAY, 25)))).toMatchObject({ status: 409, message: expect.stringContaining("Only released material") });
    await releaseMaterial(db, demo.user("marketer1"), materialId, minutes(MONDAY, 30));
    const rep = demo.user("east.rep1");
    const teams = await libraryTeams(db, rep);
    const find = async () => (await searchLibrary(db, teams, parseLibraryFilters(new URLSearchParams("q=Archived sheet"), teams.map((t) => t.id)).filters)).items.length;
    expect(await find()).toBe(1);
    await archiveMaterial(db, demo.user("marketer2"), materialId, minutes(MONDAY, 40));
    expect(await find()).toBe(0);
    const page = await loadPreviewPanel(db, rep, materialId, minutes(MONDAY, 41));
    expect(page.archivedAt).toBe(minutes(MONDAY, 40).toISOString());
    expect(await refusal(archiveMaterial(db, demo.user("marketer2"), materialId, minutes(MONDAY, 42)))).toMatchObject({ status: 409 });
  });

  it("an accepted comment is 'to check' on the next version: the commenter ticks it off; a reopened one becomes a new linked comment", async () => {
    const marketer = demo.user("marketer1");
    const { material, version } = await createMaterial(db, marketer, { title: "Checked deck", kind: "collateral", description: "", teamIds: [east()] }, file(), MONDAY);
    const [round] = await submitForPreview(db, marketer, material.id, MONDAY);
    const fix = await addComment(db, demo.user("east.committee1"), material.id, { versionId: version.id, category: "pricing", body: "Fix the total.", pin: { page: 2, x: 0.3, y: 0.3 } }, minutes(MONDAY, 5));
    const logo = await addComment(db, demo.user("east.committee2"), material.id, { versionId: version.id, category: "messaging", body: "Old logo.", pin: null }, minutes(MONDAY, 6));
    for (const c of [fix, logo]) await answerComment(db, marketer, material.id, { commentId: c.id, answer: "accept" }, minutes(MONDAY, 7));
    await runSweep(db, { now: round.dueAt });
    const v2 = await addVersion(db, marketer, material.id, "Fixed both", file(), minutes(round.dueAt, 10));
    const page = await loadMaterialPage(db, demo.user("east.committee1"), material.id, null);
    expect(page.comments.map((c) => [c.body, c.toCheck, c.decided])).toEqual([
      ["Fix the total.", true, "Accepted on version 1: marketing said it would change."],
      ["Old logo.", true, "Accepted on version 1: marketing said it would change."],
    ]);
    const check = (who: string, commentId: number, action: "done" | "reopen", note = "") => checkComment(db, demo.user(who), material.id, { commentId, check: action, note }, minutes(round.dueAt, 20));
    expect(await refusal(check("east.rep1", fix.id, "done"))).toMatchObject({ status: 403 });
    await check("east.committee1", fix.id, "done");
    expect(await refusal(check("east.committee2", fix.id, "done"))).toMatchObject({ status: 409, message: "This has already been ticked off as done." });
    // Reopening needs a running preview of the new version, so the new comment has someone to answer it.
    expect(await refusal(check("east.committee2", logo.id, "reopen", "Still the old logo on page 1."))).toMatchObject({ status: 409, message: expect.stringContaining("not in preview") });
    await submitForPreview(db, marketer, material.id, minutes(round.dueAt, 30));
    expect(await refusal(check("east.committee2", logo.id, "reopen", " "))).toMatchObject({ status: 400, fields: { note: expect.any(String) } });
    const reopened = await checkComment(db, demo.user("east.committee2"), material.id, { commentId: logo.id, check: "reopen", note: "Still the old logo on page 1." }, minutes(round.dueAt, 40));
    expect(reopened).toMatchObject({ versionId: v2.id, followsId: logo.id, state: "open", body: "Still the old logo on page 1." });
    expect(reopened!.roundId).not.toBeNull();
    const after = await loadMaterialPage(db, demo.user("east.committee1"), material.id, null);
    expect(after.comments.map((c) => [c.body, c.toCheck, c.checkState, c.follows])).toEqual([
      ["Fix the total.", false, "done", null],
      ["Old logo.", false, "reopened", null],
      ["Still the old logo on page 1.", false, null, logo.id],
    ]);
  });

  it("an upheld comment is 'to check' with the managers' words; an overruled one shows as settled", async () => {
    const marketer = demo.user("marketer1");
    const { material, version } = await createMaterial(db, marketer, { title: "Decided deck", kind: "collateral", description: "", teamIds: [east()] }, file(), MONDAY);
    const [round] = await submitForPreview(db, marketer, material.id, MONDAY);
    const upheld = await addComment(db, demo.user("east.committee1"), material.id, { versionId: version.id, category: "pricing", body: "Price too low.", pin: null }, minutes(MONDAY, 5));
    const overruled = await addComment(db, demo.user("east.committee1"), material.id, { versionId: version.id, category: "audience", body: "Wrong audience.", pin: null }, minutes(MONDAY, 6));
    for (const c of [upheld, overruled]) await answerComment(db, marketer, material.id, { commentId: c.id, answer: "decline", reason: "No." }, minutes(MONDAY, 7));
    await runSweep(db, { now: round.dueAt });
    for (const [c, decision] of [[upheld, "uphold"], [overruled, "overrule"]] as const) {
      const e = await db.models.Escalation.findOne({ where: { commentId: c.id } });
      await actOnEscalation(db, demo.user("east.manager"), e!.id, { type: "propose", decision, note: decision === "uphold" ? "Raise it to list price." : "" }, minutes(round.dueAt, 10));
      const p = await db.models.EscalationProposal.findOne({ where: { escalationId: e!.id, state: "open" } });
      await actOnEscalation(db, demo.user("marketing.manager"), e!.id, { type: "agree", proposalId: p!.id }, minutes(round.dueAt, 11));
    }
    await addVersion(db, marketer, material.id, "List price", file(), minutes(round.dueAt, 20));
    const page = await loadMaterialPage(db, demo.user("east.committee1"), material.id, null);
    expect(page.comments.map((c) => [c.body, c.toCheck, c.decided])).toEqual([
      ["Price too low.", true, "Upheld: marketing changes it (the managers, on version 1): Raise it to list price."],
      ["Wrong audience.", false, "Overruled: proceed as is (the managers, on version 1)."],
    ]);
  });

  it("when a committee seat changes, the pending decision moves to the new member; the old one is told; homes and permissions agree", async () => {
    const { material, version } = await createMaterial(db, demo.user("marketer1"), { title: "Reseated", kind: "collateral", description: "", teamIds: [east()] }, file(), MONDAY);
    const [round] = await submitForPreview(db, demo.user("marketer1"), material.id, MONDAY);
    const [leaving, joining, admin] = [demo.user("east.committee2"), demo.user("east.rep2"), demo.admin];
    try {
      await setCommitteeMember(db, admin, east(), leaving.id, false, minutes(MONDAY, 30));
      // Nobody to hand it to yet: dropped; the remaining member still decides.
      expect((await db.models.RoundDecision.findAll({ where: { roundId: round.id } })).map((d) => d.userId)).toEqual([demo.user("east.committee1").id]);
      await setCommitteeMember(db, admin, east(), joining.id, true, minutes(MONDAY, 31));
      const decisions = await db.models.RoundDecision.findAll({ where: { roundId: round.id }, order: [["userId", "ASC"]] });
      expect(decisions.map((d) => [d.userId, d.decision]).sort()).toEqual([[demo.user("east.committee1").id, "pending"], [joining.id, "pending"]].sort());
      expect(await outbox("decision_moved")).toContain("east.committee2");
      expect(await outbox("decision_handed")).toContain("east.rep2");
      // Homes agree: the new member has it, the old one no longer.
      expect((await pendingDecisionsFor(db, joining, minutes(MONDAY, 32))).items.map((i) => i.roundId)).toContain(round.id);
      expect((await pendingDecisionsFor(db, leaving, minutes(MONDAY, 32))).items.map((i) => i.roundId)).not.toContain(round.id);
      // Permissions agree: the old member neither decides nor comments; the new one does both.
      expect(await refusal(decideRound(db, leaving, material.id, { roundId: round.id, decision: "approved", summary: "ok" }, minutes(MONDAY, 33)))).toMatchObject({ status: 403 });
      expect(await refusal(addComment(db, leaving, material.id, { versionId: version.id, category: "other", body: "x", pin: null }, minutes(MONDAY, 33)))).toMatchObject({ status: 403 });
      await addComment(db, joining, material.id, { versionId: version.id, category: "other", body: "Looks right.", pin: null }, minutes(MONDAY, 34));
      await decideRound(db, joining, material.id, { roundId: round.id, decision: "approved", summary: "ok" }, minutes(MONDAY, 35));
      // The last member leaving with nobody to take over closes the round: nothing waits on an empty seat.
      await setCommitteeMember(db, admin, east(), demo.user("east.committee1").id, false, minutes(MONDAY, 36));
      await round.reload();
      expect(round.state).toBe("closed");
    } finally {
      await setCommitteeMember(db, admin, east(), joining.id, false, minutes(MONDAY, 40));
      for (const member of [demo.user("east.committee1"), leaving]) await setCommitteeMember(db, admin, east(), member.id, true, minutes(MONDAY, 41));
    }
  });

  it("a manager addressed from another team's chain reads the brief and decides", async () => {
    // west.rep1 (Mid-Market West) is who the East commenter reports to, for this test.
    const outsider = demo.user("west.rep1");
    await db.models.User.update({ reportsToId: outsider.id }, { where: { id: demo.user("east.committee1").id } });
    try {
      const { material, version } = await createMaterial(db, demo.user("marketer1"), { title: "Across teams", kind: "collateral", description: "", teamIds: [east()] }, file(), MONDAY);
      const [round] = await submitForPreview(db, demo.user("marketer1"), material.id, MONDAY);
      const comment = await addComment(db, demo.user("east.committee1"), material.id, { versionId: version.id, category: "pricing", body: "Across.", pin: null }, minutes(MONDAY, 5));
      await answerComment(db, demo.user("marketer1"), material.id, { commentId: comment.id, answer: "decline", reason: "No." }, minutes(MONDAY, 6));
      await runSweep(db, { now: round.dueAt });
      const escalation = await db.models.Escalation.findOne({ where: { commentId: comment.id } });
      expect(await loadEscalation(db, outsider, escalation!.id, round.dueAt)).toMatchObject({ insider: true, act: { alone: false } });
      await actOnEscalation(db, outsider, escalation!.id, { type: "propose", decision: "uphold", note: "" }, minutes(round.dueAt, 1));
      expect(await db.models.EscalationProposal.count({ where: { escalationId: escalation!.id, proposedById: outsider.id } })).toBe(1);
      // Another West rep, not involved, still gets the same 404 as for any East material.
      expect(await refusal(loadEscalation(db, demo.user("west.rep2"), escalation!.id, round.dueAt))).toMatchObject({ status: 404 });
      // The pinned page's file is served to the one addressed, not to the other.
      expect([await addressedOnVersion(db, outsider.id, version.id), await addressedOnVersion(db, demo.user("west.rep2").id, version.id)]).toEqual([true, false]);
    } finally {
      await db.models.User.update({ reportsToId: demo.user("east.manager").id }, { where: { id: demo.user("east.committee1").id } });
    }
  });

  it("every member who requested changes is a party to the objection: they read its brief", async () => {
    const { materialId } = await previewed("Two objectors", ["changes_requested", "changes_requested"]);
    await releaseMaterial(db, demo.user("marketer1"), materialId, minutes(MONDAY, 40), { overObjection: true, reason: "It must go out." });
    const escalation = await db.models.Escalation.findOne({ where: { materialId } });
    for (const who of ["east.committee1", "east.committee2"]) {
      expect(await loadEscalation(db, demo.user(who), escalation!.id, minutes(MONDAY, 41))).toMatchObject({ insider: true });
    }
    expect(await loadEscalation(db, demo.user("east.rep1"), escalation!.id, minutes(MONDAY, 41))).toMatchObject({ insider: false });
  });

  it("after a withdrawn preview a team that was asked stays; an archived material takes no new preview", async () => {
    const west = demo.team("Mid-Market West").id;
    const { material } = await createMaterial(db, demo.user("marketer1"), { title: "Kept teams", kind: "collateral", description: "", teamIds: [east(), west] }, file(), MONDAY);
    await submitForPreview(db, demo.user("marketer1"), material.id, MONDAY);
    await withdrawPreview(db, demo.user("marketer1"), material.id, minutes(MONDAY, 1));
    expect(await refusal(editMaterial(db, demo.user("marketer1"), material.id, { title: "Kept teams", description: "", teamIds: [east()] }, minutes(MONDAY, 2)))).toMatchObject({
      status: 400,
      fields: { teamIds: expect.stringContaining("Mid-Market West already had a preview") },
    });
    await editMaterial(db, demo.user("marketer1"), material.id, { title: "Kept teams, renamed", description: "", teamIds: [east(), west] }, minutes(MONDAY, 3));

    const { materialId } = await previewed("Archived, then submitted", ["approved", "approved"]);
    await releaseMaterial(db, demo.user("marketer1"), materialId, minutes(MONDAY, 30));
    await archiveMaterial(db, demo.user("marketer1"), materialId, minutes(MONDAY, 31));
    await addVersion(db, demo.user("marketer1"), materialId, "After archiving", file(), minutes(MONDAY, 32));
    expect(await refusal(submitForPreview(db, demo.user("marketer1"), materialId, minutes(MONDAY, 33)))).toMatchObject({ status: 409, message: expect.stringContaining("archived") });
  });

  it("a seat given with a new team member reaches the open round", async () => {
    const { material } = await createMaterial(db, demo.user("marketer1"), { title: "New member", kind: "collateral", description: "", teamIds: [east()] }, file(), MONDAY);
    const [round] = await submitForPreview(db, demo.user("marketer1"), material.id, MONDAY);
    const newcomer = demo.user("west.rep2");
    try {
      await removeTeamMember(db, demo.admin, east(), demo.user("east.committee2").id, minutes(MONDAY, 1));
      await addTeamMember(db, demo.admin, east(), { userId: newcomer.id, isCommittee: true }, minutes(MONDAY, 2));
      const decisions = await db.models.RoundDecision.findAll({ where: { roundId: round.id } });
      expect(decisions.map((d) => d.userId).sort()).toEqual([demo.user("east.committee1").id, newcomer.id].sort());
    } finally {
      await removeTeamMember(db, demo.admin, east(), newcomer.id, minutes(MONDAY, 3));
      await addTeamMember(db, demo.admin, east(), { userId: demo.user("east.committee2").id, isCommittee: true }, minutes(MONDAY, 4));
    }
  });
});
