import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "~/lib/db.server";
import { runJobsOnce } from "../helpers/jobs";
import { makePdf } from "../helpers/pdf";
import { get, post, serverDatabase, signInAs, upload, visibleText } from "../helpers/http";

/** The rows a refused workflow request must leave exactly as they were. */
async function workflowState(database: Database, materialId: number) {
  const m = database.models;
  const rounds = await m.PreviewRound.findAll({ where: { materialId }, order: [["id", "ASC"]] });
  const decisions = await m.RoundDecision.findAll({ where: { roundId: rounds.map((r) => r.id) }, order: [["id", "ASC"]] });
  const escalations = await m.Escalation.findAll({ where: { materialId }, order: [["id", "ASC"]] });
  const material = await m.Material.findByPk(materialId);
  return {
    status: material!.status,
    rounds: rounds.map((r) => `${r.id}:${r.state}`),
    decisions: decisions.map((d) => `${d.userId}:${d.decision}:${d.summary ?? ""}`),
    escalations: escalations.map((e) => `${e.id}:${e.state}:${e.decision ?? ""}:${e.note ?? ""}`),
    outbox: await m.OutboxMessage.count(),
    audit: await m.AuditEvent.count(),
  };
}

describe("the preview workflow over HTTP: bad requests change nothing", () => {
  let database: Database;
  let marketer: string;
  let member1: string;
  let member2: string;
  let rep: string;
  let eastTeam: number;
  const users: Record<string, number> = {};

  async function newMaterial(title: string) {
    const pdf = await makePdf({ pages: 2 });
    const response = await upload("/materials/upload", { title, kind: "collateral", teamIds: String(eastTeam) }, { name: "m.pdf", bytes: pdf }, marketer);
    expect(response.status).toBe(201);
    return Number((await response.json()).url.split("/").pop());
  }
  const act = (materialId: number, fields: Record<string, string>, cookie: string) => post(`/materials/${materialId}`, fields, cookie);
  async function roundOf(materialId: number) {
    return (await database.models.PreviewRound.findOne({ where: { materialId }, order: [["id", "DESC"]] }))!;
  }
  async function decide(materialId: number, cookie: string, fields: Record<string, string> = {}) {
    const round = await roundOf(materialId);
    return act(materialId, { intent: "decide", roundId: String(round.id), decision: "approved", summary: "Good to go.", ...fields }, cookie);
  }

  beforeAll(async () => {
    database = serverDatabase();
    [marketer, member1, member2, rep] = await Promise.all(
      ["marketer1@demo.test", "east.committee1@demo.test", "east.committee2@demo.test", "east.rep1@demo.test"].map((e) => signInAs(e)),
    );
    eastTeam = (await database.models.SalesTeam.findOne({ where: { name: "Enterprise East" } }))!.id;
    for (const u of await database.models.User.findAll()) users[u.email] = u.id;
  });
  afterAll(() => database.close());

  it("opens one round per target team, due two business days later, and asks each committee member by email", async () => {
    const materialId = await newMaterial("Workflow: submit");
    const before = await database.models.OutboxMessage.count({ where: { kind: "preview_requested" } });
    const response = await act(materialId, { intent: "submit" }, marketer);
    expect(response.status).toBe(200);
    const round = await roundOf(materialId);
    expect(round.state).toBe("open");
    const hours = (round.dueAt.getTime() - round.openedAt.getTime()) / 3_600_000;
    expect(hours).toBeGreaterThanOrEqual(48); // two business days; a weekend in between makes it longer
    const asked = await database.models.OutboxMessage.findAll({ where: { kind: "preview_requested" }, order: [["id", "DESC"]], limit: 2 });
    expect((await database.models.OutboxMessage.count({ where: { kind: "preview_requested" } })) - before).toBe(2);
    expect(asked.map((m) => m.toEmail).sort()).toEqual(["east.committee1@demo.test", "east.committee2@demo.test"]);

    // Submitting again while the preview runs is refused.
    const state = await workflowState(database, materialId);
    const again = await act(materialId, { intent: "submit" }, marketer);
    expect(again.status).toBe(409);
    expect(visibleText(await again.text())).toContain("A preview of this material is already running");
    expect(await workflowState(database, materialId)).toEqual(state);

    // The committee member's home shows the clock.
    const home = visibleText(await (await get("/", member1)).text());
    expect(home).toContain("Previews waiting for your decision");
    expect(home).toMatch(/Workflow: submit .*due in \d+ days?/);
  });

  it("refuses deciding twice, a decision without a summary, and a rep who is not on the committee", async () => {
    const materialId = await newMaterial("Workflow: deciding");
    await act(materialId, { intent: "submit" }, marketer);

    const noSummary = await decide(materialId, member1, { summary: "  " });
    expect(noSummary.status).toBe(400);
    expect(visibleText(await noSummary.text())).toContain("Write a short summary for the marketer and your team.");
    const badChoice = await decide(materialId, member1, { decision: "maybe" });
    expect(badChoice.status).toBe(400);

    expect((await decide(materialId, member1)).status).toBe(200);
    const state = await workflowState(database, materialId);
    const twice = await decide(materialId, member1, { decision: "changes_requested", summary: "Changed my mind" });
    expect(twice.status).toBe(409);
    expect(visibleText(await twice.text())).toContain("You have already decided this preview.");
    expect(await workflowState(database, materialId)).toEqual(state);

    const notCommittee = await decide(materialId, rep);
    expect(notCommittee.status).toBe(403);
    expect(visibleText(await notCommittee.text())).toContain("Only the committee members asked to preview this round can decide it.");
    expect(await workflowState(database, materialId)).toEqual(state);

    const marketerDecides = await decide(materialId, marketer);
    expect(marketerDecides.status).toBe(403);
    expect(await workflowState(database, materialId)).toEqual(state);
  });

  it("closes at the deadline with 'no objection by deadline', then refuses a late decision", async () => {
    const materialId = await newMaterial("Workflow: deadline");
    await act(materialId, { intent: "submit" }, marketer);
    expect((await decide(materialId, member1, { decision: "changes_requested", summary: "Fix the logo." })).status).toBe(200);
    const round = await roundOf(materialId);
    await database.models.PreviewRound.update({ dueAt: new Date(Date.now() - 60_000) }, { where: { id: round.id } });

    const report = await runJobsOnce({ DATABASE_URL: inject("databaseUrl") });
    expect(report.roundsClosed).toBeGreaterThanOrEqual(1);
    expect((await roundOf(materialId)).state).toBe("closed");
    const late = await database.models.RoundDecision.findOne({ where: { roundId: round.id, userId: users["east.committee2@demo.test"] } });
    expect(late!.decision).toBe("no_objection");

    const state = await workflowState(database, materialId);
    const after = await decide(materialId, member2);
    expect(after.status).toBe(409);
    expect(visibleText(await after.text())).toMatch(/This preview closed on .*; decisions are no longer taken\./);
    expect(await workflowState(database, materialId)).toEqual(state);

    const page = visibleText(await (await get(`/materials/${materialId}`, marketer)).text());
    expect(page).toContain("no objection by deadline");
    expect(page).toContain("requested changes");
    expect(page).toContain("Fix the logo.");
  });

  describe("a dispute", () => {
    let materialId: number;
    let escalationId: number;
    let marketingManager: string;
    let eastManager: string;
    let westManager: string;

    beforeAll(async () => {
      [marketingManager, eastManager, westManager] = await Promise.all(
        ["marketing.manager@demo.test", "east.manager@demo.test", "west.manager@demo.test"].map((e) => signInAs(e)),
      );
      materialId = await newMaterial("Workflow: dispute");
      await act(materialId, { intent: "submit" }, marketer);
      const versionId = (await database.models.MaterialVersion.findOne({ where: { materialId } }))!.id;
      expect(
        (await act(materialId, { intent: "comment", versionId: String(versionId), body: "This discount ended in March.", category: "pricing", page: "1", x: "0.4", y: "0.3" }, member1))
          .status,
      ).toBe(200);
      const comment = (await database.models.Comment.findOne({ where: { materialId } }))!;
      await act(materialId, { intent: "answer", commentId: String(comment.id), answer: "decline", reason: "It was extended to June." }, marketer);
      await act(materialId, { intent: "settle", commentId: String(comment.id), settle: "hold" }, member1);
      expect((await database.models.Comment.findByPk(comment.id))!.state).toBe("held");
    });

    it("blocks release while the preview runs and while the dispute is open", async () => {
      const running = await act(materialId, { intent: "release", confirm: "yes" }, marketer);
      expect(running.status).toBe(409);
      expect(visibleText(await running.text())).toContain("The preview is still running.");

      // Both decide: the round closes, and the held comment escalates to both managers.
      await decide(materialId, member1, { summary: "Fine once the discount dispute is settled." });
      await decide(materialId, member2);
      expect((await roundOf(materialId)).state).toBe("closed");
      const escalation = (await database.models.Escalation.findOne({ where: { materialId } }))!;
      escalationId = escalation.id;
      const assignees = await database.models.EscalationAssignee.findAll({ where: { escalationId } });
      expect(assignees.map((a) => a.userId).sort()).toEqual([users["east.manager@demo.test"], users["marketing.manager@demo.test"]].sort());

      const state = await workflowState(database, materialId);
      const blocked = await act(materialId, { intent: "release", confirm: "yes" }, marketer);
      expect(blocked.status).toBe(409);
      expect(visibleText(await blocked.text())).toContain("1 escalation is waiting for a manager's decision.");
      expect(await workflowState(database, materialId)).toEqual(state);
    });

    it("shows the brief with both positions, and lets only an addressed manager decide", async () => {
      const brief = visibleText(await (await get(`/escalations/${escalationId}`, eastManager)).text());
      expect(brief).toContain("This discount ended in March.");
      expect(brief).toContain("It was extended to June.");
      expect(brief).toMatch(/Sales' position .*Marketing's reason/);
      // Two managers are addressed: one proposes, the other agrees.
      expect(brief).toContain("Propose a decision");

      const state = await workflowState(database, materialId);
      const notAddressed = await post(`/escalations/${escalationId}`, { decision: "overrule" }, westManager);
      expect(notAddressed.status).toBe(403);
      expect(visibleText(await notAddressed.text())).toContain("This escalation is not addressed to you.");
      const rep1 = await post(`/escalations/${escalationId}`, { decision: "overrule" }, rep);
      expect(rep1.status).toBe(403);
      const noText = await post(`/escalations/${escalationId}`, { decision: "compromise", note: " " }, eastManager);
      expect(noText.status).toBe(400);
      expect(visibleText(await noText.text())).toContain("Write the compromise: what marketing will change, and what stays.");
      const unknown = await post(`/escalations/${escalationId}`, { decision: "flip-a-coin" }, eastManager);
      expect(unknown.status).toBe(400);
      expect(await workflowState(database, materialId)).toEqual(state);
      expect((await get("/escalations/999999", eastManager)).status).toBe(404);
    });

    it("takes the decision once both managers agree, tells everyone concerned, and then allows release to the team", async () => {
      const proposed = await post(`/escalations/${escalationId}`, { decision: "compromise", note: "Keep the discount; add 'until June'." }, marketingManager);
      expect(proposed.status).toBe(200);
      expect((await database.models.Escalation.findByPk(escalationId))!.state).toBe("open");
      const proposal = (await database.models.EscalationProposal.findOne({ where: { escalationId, state: "open" } }))!;
      // The proposer cannot agree for the other side; a proposal id that is not the open one is refused.
      expect((await post(`/escalations/${escalationId}`, { intent: "agree", proposalId: String(proposal.id) }, marketingManager)).status).toBe(409);
      expect((await post(`/escalations/${escalationId}`, { intent: "agree", proposalId: String(proposal.id + 1000) }, eastManager)).status).toBe(409);
      const agreed = await post(`/escalations/${escalationId}`, { intent: "agree", proposalId: String(proposal.id) }, eastManager);
      expect(agreed.status).toBe(200);
      const escalation = (await database.models.Escalation.findByPk(escalationId))!;
      expect(escalation).toMatchObject({ state: "decided", decision: "compromise", note: "Keep the discount; add 'until June'." });
      const told = await database.models.OutboxMessage.findAll({ where: { kind: "escalation_decided" }, order: [["id", "DESC"]], limit: 3 });
      expect(told.map((m) => m.toEmail).sort()).toEqual(["east.committee1@demo.test", "marketer1@demo.test", "marketing.manager@demo.test"]);

      const state = await workflowState(database, materialId);
      const again = await post(`/escalations/${escalationId}`, { decision: "uphold" }, eastManager);
      expect(again.status).toBe(409);
      expect(await workflowState(database, materialId)).toEqual(state);

      const released = await act(materialId, { intent: "release", confirm: "yes" }, marketer);
      expect(released.status).toBe(200);
      const news = await database.models.OutboxMessage.findAll({ where: { kind: "material_released", subject: "Coming to customers: Workflow: dispute" } });
      expect(news.map((m) => m.toEmail).sort()).toEqual(
        ["east.committee1@demo.test", "east.committee2@demo.test", "east.rep1@demo.test", "east.rep2@demo.test"].sort(),
      );
      const twice = await act(materialId, { intent: "release", confirm: "yes" }, marketer);
      expect(twice.status).toBe(409);
    });
  });

  it("keeps in-app notifications with an unread count; opening one marks it read and follows its link", async () => {
    const mine = await database.models.Notification.findOne({ where: { userId: users["east.committee1@demo.test"], readAt: null }, order: [["id", "DESC"]] });
    expect(mine).not.toBeNull();
    const unread = () => database.models.Notification.count({ where: { userId: users["east.committee1@demo.test"], readAt: null } });
    const before = await unread();
    // The link reads "Notifications, N unread" to a screen reader; the count shows on its own.
    expect(visibleText(await (await get("/", member1)).text())).toMatch(new RegExp(` Notifications\\s*,\\s*${before}\\s+unread `));

    // Someone else's notification is not found, and stays unread.
    const other = await post("/notifications", { intent: "open", id: String(mine!.id) }, rep);
    expect(other.status).toBe(404);
    expect(await unread()).toBe(before);

    const opened = await post("/notifications", { intent: "open", id: String(mine!.id) }, member1);
    expect(opened.status).toBe(302);
    expect(opened.headers.get("location")).toBe(mine!.link);
    expect(await unread()).toBe(before - 1);

    const all = await post("/notifications", { intent: "read-all" }, member1);
    expect(all.status).toBe(302);
    expect(await unread()).toBe(0);
  });
});
