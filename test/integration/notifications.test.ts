import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Op } from "sequelize";
import type { Database } from "~/lib/db.server";
import { sendDigests } from "~/jobs/send-digests.server";
import { runSweep } from "~/jobs/sweep.server";
import { addComment } from "~/commands/add-comment.server";
import { replyToComment } from "~/commands/reply-to-comment.server";
import { answerComment } from "~/commands/answer-comment.server";
import { settleComment } from "~/commands/settle-comment.server";
import { createMaterial } from "~/commands/create-material.server";
import { addVersion } from "~/commands/add-version.server";
import { decideRound } from "~/commands/decide-round.server";
import { actOnEscalation } from "~/commands/act-on-escalation.server";
import { confirmPrePlan } from "~/commands/confirm-pre-plan.server";
import { createPrePlan } from "~/commands/create-pre-plan.server";
import { updatePrePlan } from "~/commands/update-pre-plan.server";
import { setPreferences } from "~/commands/set-preferences.server";
import { unsubscribe } from "~/commands/unsubscribe.server";
import { submitForPreview } from "~/commands/submit-for-preview.server";
import { readUnsubscribeToken } from "~/lib/unsubscribe.server";
import { setUserActive } from "~/commands/set-user-active.server";
import { refusal } from "../helpers/refusal";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { seedDemo } from "../helpers/organisation";

/** Monday 7 Dec 2026, 10:00 in New York. */
const MONDAY = new Date("2026-12-07T15:00:00Z");
const minutes = (n: number) => new Date(MONDAY.getTime() + n * 60_000);
let fileNumber = 0;
const file = () => ({ key: `versions/n${++fileNumber}.bin`, fileName: "deck.pdf", contentType: "application/pdf" as const, size: 1000, sha256: "c".repeat(64), pageCount: 3 });

describe("who is told what", () => {
  let tdb: TestDatabase;
  let db: Database;
  let demo: Awaited<ReturnType<typeof seedDemo>>;
  let materialId: number;
  let versionId: number;
  let commentId: number;
  let since = 0;

  /** The emails and in-app notices written since the last call, as "kind:person". */
  async function told() {
    const mail = await db.models.OutboxMessage.findAll({ where: { id: { [Op.gt]: since } }, order: [["id", "ASC"]] });
    if (mail.length) since = mail[mail.length - 1].id;
    return mail.map((m) => `${m.kind}:${m.toEmail.replace("@demo.test", "")}`).sort();
  }

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = tdb.database;
    demo = await seedDemo(db);
    const created = await createMaterial(
      db,
      demo.user("marketer1"),
      { title: "Spring deck", kind: "collateral", description: "", teamIds: [demo.team("Enterprise East").id] },
      file(),
      minutes(-60),
    );
    materialId = created.material.id;
    versionId = created.version.id;
    await submitForPreview(db, demo.user("marketer1"), materialId, MONDAY);
    await told();
  });
  afterAll(() => tdb.cleanup());

  it("a new comment tells the material's owner, and nobody else", async () => {
    const comment = await addComment(db, demo.user("east.committee1"), materialId, { versionId, category: "pricing", body: "The discount on page 2 ended in May.", pin: { page: 2, x: 0.5, y: 0.5 } }, minutes(1));
    commentId = comment.id;
    expect(await told()).toEqual(["comment_posted:marketer1"]);
    const mail = await db.models.OutboxMessage.findOne({ where: { kind: "comment_posted" } });
    expect(mail!.text).toContain("Ethan Cole commented on \"Spring deck\" (page 2)");
    expect(mail!.text).toContain(`/materials/${materialId}#comment-${commentId}`);
    // What to do and by when, in the reader's zone.
    expect(mail!.text).toContain("accept it, or decline it with a reason, by Wed 9 Dec, 10:00 (America/New_York) when the preview closes");
    // Every email says how to change what one is told, and carries the one-click header.
    expect(mail!.text).toContain("/account/notifications");
    expect(JSON.parse(mail!.headers!)).toMatchObject({ "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });
    const notice = await db.models.Notification.findOne({ where: { userId: demo.user("marketer1").id }, order: [["id", "DESC"]] });
    expect(notice!.text).toBe('New comment on "Spring deck"');
  });

  it("a reply tells the owner and everyone in the thread but its writer", async () => {
    await replyToComment(db, demo.user("marketer2"), materialId, { commentId, body: "Which price list do you mean?" }, minutes(2));
    expect(await told()).toEqual(["comment_posted:east.committee1", "comment_posted:marketer1"]);
    await replyToComment(db, demo.user("east.committee1"), materialId, { commentId, body: "The May list." }, minutes(3));
    expect(await told()).toEqual(["comment_posted:marketer1", "comment_posted:marketer2"]);
  });

  it("a mention tells the person mentioned once, as a mention, and the rest as usual", async () => {
    await replyToComment(db, demo.user("east.committee1"), materialId, { commentId, body: "@Mila Novak can you check with @Erin?" }, minutes(4));
    expect(await told()).toEqual(["comment_posted:marketer2", "mentioned:east.manager", "mentioned:marketer1"]);
    const mention = await db.models.OutboxMessage.findOne({ where: { kind: "mentioned", toEmail: "east.manager@demo.test" } });
    expect(mention!.subject).toBe('Ethan Cole mentioned you on "Spring deck"');
    expect(mention!.text).toContain(`#comment-${commentId}`);
  });

  it("looks up who may be mentioned only when the text holds an @", async () => {
    const asked = vi.spyOn(db.sequelize, "query");
    /** The queries a step runs that read who may be mentioned on the material: its teams' members, then those people. */
    const lookups = async (step: () => Promise<unknown>) => {
      asked.mockClear();
      await step();
      const sql = asked.mock.calls.map(([q]) => (typeof q === "string" ? q : q.query));
      return {
        members: sql.filter((q) => /^SELECT [`"]userId[`"] FROM [`"]team_memberships[`"]/.test(q)).length,
        people: sql.filter((q) => /FROM [`"]users[`"].*'marketer', 'manager', 'admin'/.test(q)).length,
      };
    };
    const user = demo.user("east.committee1");
    try {
      // An address is not a mention: nothing to look up.
      expect(await lookups(() => replyToComment(db, user, materialId, { commentId, body: "Same list as last year; ask ethan@demo.test" }, minutes(4)))).toEqual({ members: 0, people: 0 });
      expect(await lookups(() => addComment(db, user, materialId, { versionId, category: "messaging", body: "The tagline is long.", pin: null }, minutes(4)))).toEqual({ members: 0, people: 0 });
      expect(await lookups(() => replyToComment(db, user, materialId, { commentId, body: "@Mila Novak same list?" }, minutes(4)))).toEqual({ members: 1, people: 1 });
    } finally {
      asked.mockRestore();
    }
    await told();
  });

  it("refuses a mention of someone unknown, deactivated, or who cannot see the material, writing nothing", async () => {
    const counts = async () => [await db.models.Comment.count(), await db.models.OutboxMessage.count(), await db.models.Notification.count()];
    const before = await counts();
    const west = await refusal(replyToComment(db, demo.user("east.committee1"), materialId, { commentId, body: "@Will Turner have a look" }, minutes(5)));
    expect(west).toMatchObject({ status: 400, fields: { body: "Will Turner cannot see this material, so a mention would not reach them. Mention someone who takes part. Type @ and choose a name from the list." } });
    const nobody = await refusal(replyToComment(db, demo.user("east.committee1"), materialId, { commentId, body: "ask @Zelda" }, minutes(5)));
    expect(nobody.fields.body).toBe("Nobody called “@Zelda” can be mentioned here. Type @ and choose a name from the list.");
    await setUserActive(db, demo.user("admin"), demo.user("marketer2").id, false, minutes(5));
    const gone = await refusal(replyToComment(db, demo.user("east.committee1"), materialId, { commentId, body: "@Theo Brandt?" }, minutes(5)));
    expect(gone.fields.body).toBe("Theo Brandt's account is deactivated, so they cannot be mentioned. Type @ and choose a name from the list.");
    await setUserActive(db, demo.user("admin"), demo.user("marketer2").id, true, minutes(5));
    expect(await counts()).toEqual(before);
    await told();
  });

  it("marketing's answer tells the commenter; a hold or a withdrawal tells the marketer who declined", async () => {
    const other = await addComment(db, demo.user("east.committee2"), materialId, { versionId, category: "messaging", body: "Too many acronyms.", pin: null }, minutes(6));
    await told();
    await answerComment(db, demo.user("marketer1"), materialId, { commentId: other.id, answer: "accept" }, minutes(7));
    expect(await told()).toEqual(["comment_accepted:east.committee2"]);
    await answerComment(db, demo.user("marketer2"), materialId, { commentId, answer: "decline", reason: "The May list still applies." }, minutes(8));
    expect(await told()).toEqual(["comment_declined:east.committee1"]);
    await settleComment(db, demo.user("east.committee1"), materialId, { commentId, settle: "hold" }, minutes(9));
    expect(await told()).toEqual(["comment_held:marketer2"]);
    await settleComment(db, demo.user("east.committee1"), materialId, { commentId, settle: "withdraw" }, minutes(10));
    expect(await told()).toEqual(["comment_withdrawn:marketer2"]);
  });

  it("a member's decision tells the submitter and the rest of the committee; the last one closes the round for all", async () => {
    const round = await db.models.PreviewRound.findOne({ where: { materialId } });
    await decideRound(db, demo.user("east.committee1"), materialId, { roundId: round!.id, decision: "approved", summary: "Good to go." }, minutes(11));
    expect(await told()).toEqual(["member_decided:east.committee2", "member_decided:marketer1"]);
    await decideRound(db, demo.user("east.committee2"), materialId, { roundId: round!.id, decision: "approved", summary: "Fine." }, minutes(12));
    expect(await told()).toEqual(["round_closed:east.committee1", "round_closed:east.committee2", "round_closed:marketer1"]);
  });

  describe("preferences", () => {
    it("in-app only: the notice, no email", async () => {
      await setPreferences(db, demo.user("marketer1"), { comments: "in_app" }, minutes(13));
      const notices = await db.models.Notification.count({ where: { userId: demo.user("marketer1").id } });
      await replyToComment(db, demo.user("east.committee1"), materialId, { commentId, body: "One more thing." }, minutes(14));
      expect(await told()).toEqual(["comment_posted:marketer2"]);
      expect(await db.models.Notification.count({ where: { userId: demo.user("marketer1").id } })).toBe(notices + 1);
    });

    it("refuses a kind that does not exist, and in-app only for a reminder, saving nothing", async () => {
      const before = await db.models.NotificationPreference.count();
      expect(await refusal(setPreferences(db, demo.user("east.rep1"), { comments: "digest", gossip: "digest" }, minutes(15)))).toMatchObject({
        status: 400,
        fields: { gossip: 'There is no kind of notification called "gossip".' },
      });
      const reminder = await refusal(setPreferences(db, demo.user("east.rep1"), { reminders: "in_app" }, minutes(15)));
      expect(reminder.fields.reminders).toContain("can wait for the digest, but not be switched off");
      expect(await refusal(setPreferences(db, demo.user("east.rep1"), { comments: "hourly" }, minutes(15)))).toMatchObject({ status: 400 });
      expect(await db.models.NotificationPreference.count()).toBe(before);
    });

    it("the one-click link turns that kind to in-app only (a required one to the digest), and a forged one opens nothing", async () => {
      const mail = await db.models.OutboxMessage.findOne({ where: { kind: "comment_posted", toEmail: "marketer2@demo.test" }, order: [["id", "DESC"]] });
      const url = /<([^>]+)>/.exec(JSON.parse(mail!.headers!)["List-Unsubscribe"])![1];
      const token = url.split("/unsubscribe/")[1];
      const read = await readUnsubscribeToken(db, token);
      expect(read).toEqual({ userId: demo.user("marketer2").id, kind: "comments" });
      expect(await unsubscribe(db, read!.userId, read!.kind, minutes(16))).toBe("in_app");
      expect(await readUnsubscribeToken(db, token.replace(/.$/, (c) => (c === "0" ? "1" : "0")))).toBeNull();
      expect(await readUnsubscribeToken(db, token.replace("comments", "reminders"))).toBeNull();
      expect(await unsubscribe(db, demo.user("east.rep1").id, "reminders", minutes(16))).toBe("digest");
    });
  });

  describe("the daily digest", () => {
    it("holds the notice, then sends one email at 08:00 the reader's time, grouped by material, exactly once", async () => {
      const marketer = demo.user("marketer2");
      await setPreferences(db, marketer, { comments: "digest" }, minutes(17));
      await replyToComment(db, demo.user("east.committee1"), materialId, { commentId, body: "Still one more thing." }, minutes(18));
      await replyToComment(db, demo.user("marketer1"), materialId, { commentId, body: "Noted." }, minutes(19));
      expect(await told()).toEqual(["comment_posted:east.committee1"]);
      const held = await db.models.DigestItem.findAll({ where: { userId: marketer.id } });
      expect(held).toHaveLength(2);
      // 08:00 on Tuesday in New York.
      expect(held[0].dueAt.toISOString()).toBe("2026-12-08T13:00:00.000Z");
      expect(await sendDigests(db, new Date("2026-12-08T12:59:00Z"))).toBe(0);

      // Two sweepers at once, on their own connections: one digest.
      const other = tdb.reopen();
      try {
        const at = new Date("2026-12-08T13:00:30Z");
        const sent = await Promise.all([sendDigests(db, at), sendDigests(other, at), sendDigests(db, at)]);
        expect(sent.reduce((a, b) => a + b, 0)).toBe(1);
      } finally {
        await other.close();
      }
      const digests = await db.models.OutboxMessage.findAll({ where: { kind: "digest" } });
      expect(digests.map((d) => d.toEmail)).toEqual(["marketer2@demo.test"]);
      expect(digests[0].subject).toBe("Your daily digest: 2 updates on 1 material");
      expect(digests[0].text).toContain("Spring deck");
      expect(digests[0].text).toContain("Still one more thing.");
      // A late sweep, hours after, sends nothing more that day.
      expect(await sendDigests(db, new Date("2026-12-08T20:00:00Z"))).toBe(0);
    });

    it("after a crash half-way, the next sweep sends it once", async () => {
      const marketer = demo.user("marketer2");
      await replyToComment(db, demo.user("east.committee1"), materialId, { commentId, body: "And Wednesday's thing." }, new Date("2026-12-08T21:00:00Z"));
      const at = new Date("2026-12-09T13:05:00Z");
      // A sweep whose transaction dies after claiming the day: everything it did is rolled back.
      await expect(
        db.write(async (t) => {
          await db.sequelize.query(`INSERT INTO digests ("userId", day, items, "createdAt") VALUES (:u, '2026-12-09', 0, :at)`, { replacements: { u: marketer.id, at }, transaction: t });
          throw new Error("the process was killed");
        }),
      ).rejects.toThrow("killed");
      expect(await sendDigests(db, at)).toBe(1);
      expect(await sendDigests(db, at)).toBe(0);
      expect(await db.models.OutboxMessage.count({ where: { kind: "digest" } })).toBe(2);
      expect(await db.models.DigestItem.count({ where: { userId: marketer.id, digestId: null } })).toBe(0);
    });

    it("runs inside the sweep", async () => {
      await replyToComment(db, demo.user("east.committee1"), materialId, { commentId, body: "Thursday." }, new Date("2026-12-09T21:00:00Z"));
      const result = await runSweep(db, { now: new Date("2026-12-10T13:01:00Z") });
      expect(result.digests).toBe(1);
    });
  });

  describe("escalations and pre-plans", () => {
    it("both managers hear of the escalation; the proposal tells the other and the parties; the agreement tells the proposer and the parties", async () => {
      const created = await createMaterial(db, demo.user("marketer1"), { title: "Price sheet", kind: "collateral", description: "", teamIds: [demo.team("Enterprise East").id] }, file(), minutes(100));
      const [round] = await submitForPreview(db, demo.user("marketer1"), created.material.id, minutes(101));
      const disputed = await addComment(db, demo.user("east.committee1"), created.material.id, { versionId: created.version.id, category: "pricing", body: "Wrong tier names.", pin: null }, minutes(102));
      await answerComment(db, demo.user("marketer1"), created.material.id, { commentId: disputed.id, answer: "decline", reason: "These are the new names." }, minutes(103));
      await settleComment(db, demo.user("east.committee1"), created.material.id, { commentId: disputed.id, settle: "hold" }, minutes(104));
      await told();
      await runSweep(db, { now: new Date(round.dueAt.getTime() + 60_000) });
      const sent = await told();
      expect(sent.filter((m) => m.startsWith("escalation:"))).toEqual(["escalation:east.manager", "escalation:marketing.manager"]);
      const escalation = (await db.models.Escalation.findOne({ where: { commentId: disputed.id } }))!;
      await actOnEscalation(db, demo.user("east.manager"), escalation.id, { type: "propose", decision: "compromise", note: "Keep the old names in brackets." }, new Date(round.dueAt.getTime() + 120_000));
      expect(await told()).toEqual(["escalation_proposed:east.committee1", "escalation_proposed:marketer1", "escalation_proposed:marketing.manager"]);
      const proposal = (await db.models.EscalationProposal.findOne({ where: { escalationId: escalation.id }, order: [["id", "DESC"]] }))!;
      await actOnEscalation(db, demo.user("marketing.manager"), escalation.id, { type: "agree", proposalId: proposal.id }, new Date(round.dueAt.getTime() + 180_000));
      expect(await told()).toEqual(["escalation_decided:east.committee1", "escalation_decided:east.manager", "escalation_decided:marketer1"]);
    });

    it("an edit after one head confirmed tells that head their confirmation was withdrawn", async () => {
      const year = 2028;
      const team = demo.team("Mid-Market West");
      const input = {
        salesGoals: "Grow mid-market renewals by 10 %.",
        marketingGoals: "Two case studies a quarter.",
        presentationDate: "2027-11-15",
        reviewerIds: [demo.user("west.committee1").id],
        strategies: [{ what: "Webinars", metric: "sign-ups", target: "200", ownerId: demo.user("marketer1").id, dueDate: "2027-06-30" }],
        strategiesWithoutSales: "",
        prospectProfile: "",
        prospectProfileWhy: "",
        tacticChanges: "",
      };
      const prePlan = await createPrePlan(db, demo.user("marketer1"), team.id, year, input, minutes(200));
      await confirmPrePlan(db, demo.user("west.manager"), prePlan.id, minutes(201));
      expect(await told()).toEqual(["pre_plan_to_confirm:vp.marketing"]);
      await updatePrePlan(db, demo.user("marketer1"), prePlan.id, { ...input, marketingGoals: "Three case studies a quarter." }, minutes(202));
      expect(await told()).toEqual(["pre_plan_unconfirmed:west.manager"]);
      const mail = await db.models.OutboxMessage.findOne({ where: { kind: "pre_plan_unconfirmed" } });
      expect(mail!.text).toContain("Mila Novak changed Mid-Market West's pre-plan for 2028 after you confirmed it");
      expect(mail!.text).toContain(`/plans/${team.id}/${year}`);
    });
  
    it("an escalation not decided in time: the managers above are asked, the ones before are told it moved on", async () => {
      const created = await createMaterial(db, demo.user("marketer1"), { title: "Case study", kind: "collateral", description: "", teamIds: [demo.team("Enterprise East").id] }, file(), minutes(300));
      const [round] = await submitForPreview(db, demo.user("marketer1"), created.material.id, minutes(301));
      const disputed = await addComment(db, demo.user("east.committee2"), created.material.id, { versionId: created.version.id, category: "audience", body: "Wrong customer quoted.", pin: null }, minutes(302));
      await answerComment(db, demo.user("marketer1"), created.material.id, { commentId: disputed.id, answer: "decline", reason: "They approved the quote." }, minutes(303));
      await settleComment(db, demo.user("east.committee2"), created.material.id, { commentId: disputed.id, settle: "hold" }, minutes(304));
      await runSweep(db, { now: new Date(round.dueAt.getTime() + 60_000) });
      await told();
      const escalation = (await db.models.Escalation.findOne({ where: { commentId: disputed.id } }))!;
      await runSweep(db, { now: new Date(escalation.decideBy.getTime() + 60_000) });
      const sent = await told();
      expect(sent.filter((m) => m.startsWith("escalation_moved"))).toEqual([
        "escalation_moved_on:east.manager",
        "escalation_moved_on:marketing.manager",
        "escalation_moved_up:vp.marketing",
        "escalation_moved_up:vp.sales",
      ]);
    });

    it("a new version tells each commenter which of their accepted comments to check", async () => {
      await addVersion(db, demo.user("marketer1"), materialId, "Fewer acronyms.", file(), minutes(400));
      expect(await told()).toEqual(["to_check:east.committee2"]);
      const mail = await db.models.OutboxMessage.findOne({ where: { kind: "to_check" } });
      expect(mail!.subject).toBe('Check your comments on version 2 of "Spring deck"');
      expect(mail!.text).toContain("Too many acronyms.");
    });
  });
});
