import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../models/index";
import type { Database } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { addSegment } from "~/commands/add-segment.server";
import { renameSegment } from "~/commands/rename-segment.server";
import { archiveSegment } from "~/commands/archive-segment.server";
import { postFeedback, requireFeedbackPoster } from "~/commands/post-feedback.server";
import { replyToFeedback, requireFeedbackReplier } from "~/commands/reply-to-feedback.server";
import { feedbackCounts, feedbackOnMaterialPage, fromTheField, listSegments } from "~/queries/feedback.server";
import { searchLibrary } from "~/queries/library.server";
import { FeedbackFormSchema } from "~/schemas/feedback";
import { DEMO_SEGMENTS } from "~/lib/seed.server";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { seedDemo } from "../helpers/organisation";

const RELEASED_AT = new Date("2026-11-02T15:00:00Z");
const NOW = new Date("2026-11-20T15:00:00Z");
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

/**
 * Field feedback against a real database (SQLite, or PostgreSQL with DATABASE_URL): the
 * admin's segments, a rep's feedback and marketing's thread, who is told, refusals that
 * write nothing, and the one count query behind the library cards.
 */
describe("field feedback", () => {
  let tdb: TestDatabase;
  let db: Database;
  let rep: User, rep2: User, committee: User, westRep: User, marketer: User, marketer2: User, head: User, eastManager: User, admin: User;
  let brochure: number, deck: number, draft: number, westOnly: number;
  let midMarket: number, enterprise: number;

  const refusal = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (error) {
      if (error instanceof AppError) return { status: error.status, fields: error.fields };
      throw error;
    }
    throw new Error("expected a refusal");
  };
  /** What a refused post must leave untouched. */
  const written = async () => ({
    feedback: await db.models.FieldFeedback.count(),
    replies: await db.models.FeedbackReply.count(),
    segments: await db.models.CustomerSegment.count(),
    notifications: await db.models.Notification.count(),
    outbox: await db.models.OutboxMessage.count(),
    audit: await db.models.AuditEvent.count(),
  });
  const post = (who: User, materialId: number, input: Partial<{ outcome: string; segmentId: number; body: string; page: number | null }>, at = NOW) =>
    postFeedback(db, who, materialId, FeedbackFormSchema.parse({ outcome: "worked", segmentId: midMarket, body: "Went well.", ...input, page: input.page ?? "" }), at);
  const told = async (kind: string) =>
    (await db.models.OutboxMessage.findAll({ where: { kind }, order: [["id", "ASC"]] })).map((m) => m.toEmail).sort();

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = tdb.database;
    const demo = await seedDemo(db);
    [rep, rep2, committee, westRep, marketer, marketer2, head, eastManager, admin] = [
      "east.rep1",
      "east.rep2",
      "east.committee1",
      "west.rep1",
      "marketer1",
      "marketer2",
      "vp.marketing",
      "east.manager",
      "admin",
    ].map((p) => demo.user(p));
    const east = demo.team("Enterprise East").id;
    const west = demo.team("Mid-Market West").id;
    const m = db.models;
    const make = async (title: string, ownerId: number, teamId: number, release: boolean) => {
      const material = await m.Material.create({ title, kind: "collateral", ownerId, status: release ? "released" : "draft", createdAt: RELEASED_AT, updatedAt: RELEASED_AT });
      await m.MaterialTeam.create({ materialId: material.id, teamId });
      const version = await m.MaterialVersion.create({ materialId: material.id, number: 1, storageKey: `v/${material.id}`, fileName: "b.pdf", contentType: "application/pdf", size: 1, sha256: "a".repeat(64), pageCount: 4, changeNote: "", uploadedById: ownerId, createdAt: RELEASED_AT });
      if (release) await material.update({ releasedVersionId: version.id, releasedAt: RELEASED_AT });
      return material.id;
    };
    brochure = await make("Brochure", marketer.id, east, true);
    deck = await make("Pitch deck", marketer2.id, east, true);
    draft = await make("Draft brochure", marketer.id, east, false);
    westOnly = await make("West brochure", marketer.id, west, true);
    const segments = await m.CustomerSegment.findAll();
    midMarket = segments.find((s) => s.name === "Mid-market")!.id;
    enterprise = segments.find((s) => s.name === "Enterprise")!.id;
  });
  afterAll(() => tdb?.cleanup());

  describe("the segments the admin keeps", () => {
    it("starts with the demo's segments", async () => {
      expect((await listSegments(db)).map((s) => s.name).sort()).toEqual([...DEMO_SEGMENTS].sort());
    });

    it("adds, renames, archives and restores; a name taken in any case is refused and nothing is written", async () => {
      const added = await addSegment(db, admin, { name: "Retail" }, NOW);
      const before = await written();
      for (const name of ["retail", "MID-MARKET"]) {
        const r = await refusal(() => addSegment(db, admin, { name }, NOW));
        expect(r.status).toBe(409);
        expect(r.fields.name).toMatch(/There is already a segment called “(Retail|Mid-market)”/);
      }
      expect((await refusal(() => renameSegment(db, admin, { segmentId: added.id, name: "enterprise" }, NOW))).fields.name).toContain("“Enterprise”");
      expect(await written()).toEqual(before);
      // Its own name in another case is a rename, not a clash.
      await renameSegment(db, admin, { segmentId: added.id, name: "Retail and e-commerce" }, NOW);
      await archiveSegment(db, admin, { segmentId: added.id, archived: true }, NOW);
      expect((await refusal(() => addSegment(db, admin, { name: "RETAIL AND E-COMMERCE" }, NOW))).fields.name).toContain("archived: restore it instead");
      let row = (await listSegments(db)).find((s) => s.id === added.id)!;
      expect(row).toMatchObject({ name: "Retail and e-commerce", archived: true, used: 0 });
      await archiveSegment(db, admin, { segmentId: added.id, archived: false }, NOW);
      row = (await listSegments(db)).find((s) => s.id === added.id)!;
      expect(row.archived).toBe(false);
      expect(await db.models.AuditEvent.count({ where: { entityType: "customer_segment", entityId: String(added.id) } })).toBe(4);
    });

    it("keeps one of two names that differ only in case, added at once", async () => {
      const spellings = ["Logistics", "LOGISTICS", "logistics", "LoGistics", "lOgistics", "loGistics", "logIstics", "logiStics"];
      const results = await Promise.allSettled(spellings.map((name) => addSegment(db, admin, { name }, NOW)));
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ status: 409 });
      expect((await listSegments(db)).filter((s) => s.name.toLowerCase() === "logistics")).toHaveLength(1);
    });

    it("is the admin's alone", async () => {
      for (const who of [marketer, head, rep]) expect((await refusal(() => addSegment(db, who, { name: "Nope" }, NOW))).status).toBe(403);
    });
  });

  describe("posting feedback", () => {
    it("files it against the released version and the rep's team, and tells the owner and the marketing head", async () => {
      const feedback = await post(committee, brochure, { outcome: "did_not_work", body: "Mid-market prospects want pricing up front.", page: 2 });
      const material = (await db.models.Material.findByPk(brochure))!;
      const east = (await db.models.TeamMembership.findOne({ where: { userId: committee.id } }))!.teamId;
      expect(feedback).toMatchObject({ versionId: material.releasedVersionId, teamId: east, outcome: "did_not_work", segmentId: midMarket, page: 2, authorId: committee.id });
      expect(await told("feedback_posted")).toEqual([head.email, marketer.email].sort());
      const mail = (await db.models.OutboxMessage.findOne({ where: { kind: "feedback_posted", toEmail: marketer.email } }))!;
      expect(mail.subject).toBe(`Feedback from the field on "Brochure": Didn't work`);
      expect(mail.text).toContain("Ethan Cole (Mid-market, page 2): Didn't work. “Mid-market prospects want pricing up front.”");
      expect(mail.text).toContain(`/materials/${brochure}#feedback-${feedback.id}`);
      expect(mail.html).toContain("pricing up front");
      expect(await db.models.Notification.count({ where: { userId: committee.id } })).toBe(0);
    });

    it("refuses, beside the field, an unknown or archived segment and a page outside the released version; nothing is written", async () => {
      const retired = await addSegment(db, admin, { name: "Retired segment" }, NOW);
      await archiveSegment(db, admin, { segmentId: retired.id, archived: true }, NOW);
      const before = await written();
      expect(await refusal(() => post(rep, brochure, { segmentId: 999_999 }))).toEqual({ status: 400, fields: { segmentId: "That segment does not exist: choose one from the list." } });
      expect(await refusal(() => post(rep, brochure, { segmentId: retired.id }))).toEqual({ status: 400, fields: { segmentId: "“Retired segment” is archived: choose one of the segments in the list." } });
      expect(await refusal(() => post(rep, brochure, { page: 5 }))).toEqual({
        status: 400,
        fields: { page: "Page 5 does not exist: the released version has 4 pages. Enter 1 to 4, or leave it empty." },
      });
      expect(await written()).toEqual(before);
    });

    it("is for sales reps of a target team, on released material only: 404, 403, 409, and nothing is written", async () => {
      const before = await written();
      expect((await refusal(() => post(westRep, brochure, {}))).status).toBe(404);
      expect((await refusal(() => requireFeedbackPoster(db, westRep, brochure))).status).toBe(404);
      for (const who of [marketer, eastManager, admin, head]) {
        const r = await refusal(() => post(who, brochure, {}));
        expect(r).toEqual({ status: 403, fields: { message: "Only sales reps of the teams this material is for post feedback from the field." } });
      }
      const notReleased = await refusal(() => post(rep, draft, {}));
      expect(notReleased.status).toBe(409);
      expect(notReleased.fields.form).toContain("not in the library");
      expect((await refusal(() => post(rep, 999_999, {}))).status).toBe(404);
      expect(await written()).toEqual(before);
    });

    it("makes one of the same feedback sent twice", async () => {
      await post(rep2, deck, { body: "Short and clear.", segmentId: enterprise }, later(1));
      const before = await written();
      expect(await refusal(() => post(rep2, deck, { body: "Short and clear.", segmentId: enterprise }, later(2)))).toEqual({ status: 409, fields: { body: "You have already posted this feedback." } });
      expect(await written()).toEqual(before);
    });
  });

  describe("the thread", () => {
    it("marketing answers; the author and the thread's writers are told, never the one who writes", async () => {
      const feedback = (await db.models.FieldFeedback.findOne({ where: { materialId: brochure, authorId: committee.id } }))!;
      await db.models.OutboxMessage.destroy({ where: {} });
      await replyToFeedback(db, marketer, brochure, { feedbackId: feedback.id, body: "Thanks: a price sheet goes on page 2 next version." }, later(3));
      expect(await told("feedback_replied")).toEqual([committee.email]);
      const mail = (await db.models.OutboxMessage.findOne({ where: { kind: "feedback_replied" } }))!;
      expect(mail.subject).toBe(`Mila Novak replied to feedback on "Brochure"`);
      expect(mail.text).toContain("“Thanks: a price sheet goes on page 2 next version.”");

      await db.models.OutboxMessage.destroy({ where: {} });
      await replyToFeedback(db, committee, brochure, { feedbackId: feedback.id, body: "Great, thank you." }, later(4));
      await replyToFeedback(db, marketer2, brochure, { feedbackId: feedback.id, body: "The deck has one too." }, later(5));
      // The rep's reply told marketer1 (in the thread); marketer2's told the author and marketer1.
      expect(await told("feedback_replied")).toEqual([marketer.email, committee.email, marketer.email].sort());
    });

    it("is marketing's and the author's: anyone else is refused and nothing is written", async () => {
      const feedback = (await db.models.FieldFeedback.findOne({ where: { materialId: brochure, authorId: committee.id } }))!;
      const before = await written();
      for (const who of [rep, eastManager, admin]) expect((await refusal(() => replyToFeedback(db, who, brochure, { feedbackId: feedback.id, body: "Me too." }, later(6)))).status).toBe(403);
      expect((await refusal(() => requireFeedbackReplier(db, westRep, brochure, feedback.id))).status).toBe(404);
      expect((await refusal(() => replyToFeedback(db, marketer, deck, { feedbackId: feedback.id, body: "Wrong material." }, later(6)))).status).toBe(404);
      expect(await refusal(() => replyToFeedback(db, marketer2, brochure, { feedbackId: feedback.id, body: "The deck has one too." }, later(7)))).toEqual({
        status: 409,
        fields: { body: "You have already posted this reply." },
      });
      expect(await written()).toEqual(before);
    });
  });

  describe("where it shows", () => {
    it("on the material page, newest first with its thread, and the form only for a rep of a target team", async () => {
      const forRep = await feedbackOnMaterialPage(db, rep, brochure);
      expect(forRep.items.map((i) => [i.outcomeLabel, i.segment, i.page, i.author.name, i.team])).toEqual([["Didn't work", "Mid-market", 2, "Ethan Cole", "Enterprise East"]]);
      expect(forRep.items[0].replies.map((r) => r.author.name)).toEqual(["Mila Novak", "Ethan Cole", "Theo Brandt"]);
      expect(forRep.items[0].canReply).toBe(false);
      expect(forRep.form?.pageCount).toBe(4);
      expect(forRep.form?.segments.map((s) => s.name)).not.toContain("Retired segment");
      expect(forRep.form?.rules.body).toMatchObject({ required: true, maxLength: 4000 });
      const forOwner = await feedbackOnMaterialPage(db, marketer, brochure);
      expect(forOwner.form).toBeNull();
      expect(forOwner.items[0].canReply).toBe(true);
      expect((await feedbackOnMaterialPage(db, rep, draft)).form).toBeNull();
      await expect(feedbackOnMaterialPage(db, westRep, brochure)).rejects.toMatchObject({ status: 404 });
    });

    it("on From the field: a marketer's own material, filtered; managers and admins pick any marketer or all", async () => {
      await post(rep, brochure, { outcome: "worked", segmentId: enterprise, body: "Opened the door at a bank." }, later(10));
      const own = await fromTheField(db, marketer, { ownerId: marketer2.id });
      expect(own.picks).toBe(false);
      expect(own.items.map((i) => [i.material.title, i.outcome])).toEqual([
        ["Brochure", "worked"],
        ["Brochure", "did_not_work"],
      ]);
      expect((await fromTheField(db, marketer, { outcome: "did_not_work" })).items).toHaveLength(1);
      expect((await fromTheField(db, marketer, { segmentId: enterprise })).items.map((i) => i.body)).toEqual(["Opened the door at a bank."]);
      expect((await fromTheField(db, marketer2, {})).items.map((i) => i.material.title)).toEqual(["Pitch deck"]);
      const all = await fromTheField(db, head, {});
      expect(all.owner).toBe("all");
      expect(all.items).toHaveLength(3);
      expect(all.marketers.map((m) => m.name)).toEqual(["Mila Novak", "Theo Brandt"]);
      expect((await fromTheField(db, admin, { ownerId: marketer2.id })).items.map((i) => i.material.title)).toEqual(["Pitch deck"]);
    });

    it("as a count on library cards, from one GROUP BY over the page's materials", async () => {
      expect(Object.fromEntries(await feedbackCounts(db, [brochure, deck, westOnly, draft]))).toEqual({ [brochure]: 2, [deck]: 1 });
      const east = (await db.models.SalesTeam.findOne({ where: { name: "Enterprise East" } }))!;
      const library = await searchLibrary(db, [{ id: east.id }], { q: "", teamId: null, kind: null, from: null, to: null, page: 1 });
      expect(Object.fromEntries(library.items.map((i) => [i.title, i.feedback]))).toEqual({ Brochure: 2, "Pitch deck": 1 });
    });
  });
});
