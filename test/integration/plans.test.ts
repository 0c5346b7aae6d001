import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/lib/db.server";
import { parsePrePlanForm, type PrePlanInput } from "~/schemas/plan";
import { addComment } from "~/commands/add-comment.server";
import { createMaterial } from "~/commands/create-material.server";
import { addDeviation } from "~/commands/add-deviation.server";
import { explainDeviation } from "~/commands/explain-deviation.server";
import { loadPlanPage } from "~/queries/plan-page.server";
import { confirmPrePlan } from "~/commands/confirm-pre-plan.server";
import { createPrePlan } from "~/commands/create-pre-plan.server";
import { reopenPrePlan } from "~/commands/reopen-pre-plan.server";
import { updatePrePlan } from "~/commands/update-pre-plan.server";
import { submitForPreview } from "~/commands/submit-for-preview.server";
import { refusal } from "../helpers/refusal";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { seedDemo } from "../helpers/organisation";

const AT = new Date("2026-11-25T15:00:00Z");
const YEAR = 2027;


/** The pre-plan form as a browser sends it, with `patch` overriding fields and rows of strategies. */
function form(patch: Record<string, string | string[]> = {}, strategies: string[][] = [["Webinar series for CFOs", "Qualified leads", "120", "OWNER", "2027-06-30"]]) {
  const data = new FormData();
  const fields: Record<string, string | string[]> = {
    salesGoals: "Grow new logos by 15%.",
    marketingGoals: "Double inbound pipeline.",
    presentationDate: "2027-01-15",
    reviewerIds: ["REVIEWER1", "REVIEWER2"],
    strategiesWithoutSales: "Brand awareness on podcasts.",
    prospectProfile: "Mid-size manufacturers, 200–2,000 staff.",
    prospectProfileWhy: "Today's pipeline leans to retail, where margins fell.",
    tacticChanges: "Retire the 2024 deck; sales asked for a shorter one.",
    ...patch,
  };
  for (const [key, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) data.append(key, v);
  for (const row of strategies) {
    (["strategyWhat", "strategyMetric", "strategyTarget", "strategyOwnerId", "strategyDueDate"] as const).forEach((name, i) => data.append(name, row[i]));
  }
  return data;
}

describe("annual plans", () => {
  let tdb: TestDatabase;
  let db: Database;
  let demo: Awaited<ReturnType<typeof seedDemo>>;
  let input: PrePlanInput;
  let prePlanId: number;
  let planId: number;
  const fileNo = { n: 0 };
  const file = () => ({ key: `versions/plan${++fileNo.n}.bin`, fileName: "plan.pdf", contentType: "application/pdf" as const, size: 1000, sha256: "d".repeat(64), pageCount: 12 });
  const withIds = (data: FormData) => {
    const fixed = new FormData();
    for (const [key, value] of data.entries()) {
      const v = String(value)
        .replace("REVIEWER1", String(demo.user("east.committee1").id))
        .replace("REVIEWER2", String(demo.user("east.rep1").id))
        .replace("OWNER", String(demo.user("marketer1").id));
      fixed.append(key, v);
    }
    return fixed;
  };
  const parse = (patch?: Record<string, string | string[]>, strategies?: string[][]) => parsePrePlanForm(withIds(form(patch, strategies)));

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = tdb.database;
    demo = await seedDemo(db);
    const parsed = parse();
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    input = parsed.data;
  });
  afterAll(() => tdb.cleanup());

  describe("the SMART strategies and the rest of the form", () => {
    it("refuses a strategy with a target but no metric, naming it", () => {
      const result = parse({}, [
        ["Webinars", "Leads", "120", "OWNER", "2027-06-30"],
        ["Trade fair", "", "40 meetings", "OWNER", "2027-04-01"],
      ]);
      expect(result).toEqual({ ok: false, errors: { strategies: expect.stringMatching(/^Lead strategy 2: say how it is measured \(the metric\)\./) } });
    });
    it("refuses a strategy without a date, or with an impossible one", () => {
      expect(parse({}, [["Webinars", "Leads", "120", "OWNER", ""]])).toMatchObject({ ok: false, errors: { strategies: expect.stringContaining("give the date it is due") } });
      expect(parse({}, [["Webinars", "Leads", "120", "OWNER", "2027-02-30"]])).toMatchObject({ ok: false, errors: { strategies: expect.stringContaining("YYYY-MM-DD") } });
    });
    it("ignores blank rows but wants at least one strategy", () => {
      const blank = ["", "", "", "", ""];
      const ok = parse({}, [blank, ["Webinars", "Leads", "120", "OWNER", "2027-06-30"], blank]);
      expect(ok.ok && ok.data.strategies).toHaveLength(1);
      expect(parse({}, [blank])).toMatchObject({ ok: false, errors: { strategies: "Add at least one lead strategy, with its metric, target, owner and date." } });
    });
    it("refuses three reviewers and a missing goal", () => {
      expect(parse({ reviewerIds: ["1", "2", "3"] })).toMatchObject({ ok: false, errors: { reviewerIds: "Choose at most two reviewers: a committee has one or two members." } });
      expect(parse({ salesGoals: " " })).toMatchObject({ ok: false, errors: { salesGoals: "Write the sales goals for the year." } });
    });
  });

  describe("agreeing the pre-plan", () => {
    it("refuses a date in the past, and writes nothing", async () => {
      const past = { ...input, presentationDate: "2026-11-24" };
      expect(await refusal(createPrePlan(db, demo.user("marketer1"), demo.team("Enterprise East").id, YEAR, past, AT))).toMatchObject({
        status: 400,
        fields: { presentationDate: "The presentation date 2026-11-24 is in the past." },
      });
      expect(await db.models.PrePlan.count()).toBe(0);
      expect(await db.models.LeadStrategy.count()).toBe(0);
    });

    it("refuses a reviewer who is not the team's rep", async () => {
      const outsider = { ...input, reviewerIds: [demo.user("west.rep1").id] };
      expect(await refusal(createPrePlan(db, demo.user("marketer1"), demo.team("Enterprise East").id, YEAR, outsider, AT))).toMatchObject({
        fields: { reviewerIds: "Choose reviewers among Enterprise East's active reps." },
      });
    });

    it("creates one per team and year; a second is refused and nothing is written", async () => {
      const created = await createPrePlan(db, demo.user("marketer1"), demo.team("Enterprise East").id, YEAR, input, AT);
      prePlanId = created.id;
      expect(await db.models.LeadStrategy.count({ where: { prePlanId } })).toBe(1);
      const again = await refusal(createPrePlan(db, demo.user("marketer2"), demo.team("Enterprise East").id, YEAR, input, AT));
      expect(again).toMatchObject({ status: 409, message: "Enterprise East already has a pre-plan for 2027. Edit that one instead." });
      expect(await db.models.PrePlan.count()).toBe(1);
      expect(await db.models.LeadStrategy.count()).toBe(1);
    });

    it("lets only the marketing head and the team's sales manager confirm", async () => {
      for (const who of ["west.manager", "marketing.manager", "vp.sales"]) {
        expect(await refusal(confirmPrePlan(db, demo.user(who), prePlanId, AT))).toMatchObject({ status: 403 });
      }
      expect(await refusal(confirmPrePlan(db, demo.user("east.rep1"), prePlanId, AT))).toMatchObject({ status: 403 });
      const row = await db.models.PrePlan.findByPk(prePlanId);
      expect([row!.marketingConfirmedAt, row!.salesConfirmedAt]).toEqual([null, null]);
    });

    it("a change after one side confirmed withdraws that confirmation", async () => {
      await confirmPrePlan(db, demo.user("east.manager"), prePlanId, AT);
      expect((await db.models.PrePlan.findByPk(prePlanId))!.salesConfirmedAt).not.toBeNull();
      await updatePrePlan(db, demo.user("marketer1"), prePlanId, { ...input, salesGoals: "Grow new logos by 18%." }, AT);
      const row = await db.models.PrePlan.findByPk(prePlanId);
      expect(row!.salesGoals).toBe("Grow new logos by 18%.");
      expect(row!.salesConfirmedAt).toBeNull();
    });

    it("agreed by both, its reviewers become the team's committee", async () => {
      const east = demo.team("Enterprise East").id;
      await confirmPrePlan(db, demo.user("vp.marketing"), prePlanId, AT);
      expect(await refusal(confirmPrePlan(db, demo.user("vp.marketing"), prePlanId, AT))).toMatchObject({ status: 409, message: "You have already confirmed this pre-plan." });
      await confirmPrePlan(db, demo.user("east.manager"), prePlanId, AT);
      const committee = await db.models.TeamMembership.findAll({ where: { teamId: east, isCommittee: true } });
      expect(committee.map((m) => m.userId).sort()).toEqual([demo.user("east.committee1").id, demo.user("east.rep1").id].sort());
      // The first confirmation asked the other head to confirm.
      const asked = await db.models.OutboxMessage.findAll({ where: { kind: "pre_plan_to_confirm" }, order: [["id", "DESC"]] });
      expect(asked[0].toEmail).toBe("east.manager@demo.test");
      expect(asked[0].text).toContain("confirmed Enterprise East's pre-plan");
      // The one whose confirmation agreed it is not told of their own action.
      const told = await db.models.OutboxMessage.findAll({ where: { kind: "pre_plan_agreed" } });
      expect(told.map((m) => m.toEmail).sort()).toEqual(["east.committee1@demo.test", "east.rep1@demo.test", "marketer1@demo.test", "vp.marketing@demo.test"]);
      expect(await refusal(updatePrePlan(db, demo.user("marketer1"), prePlanId, input, AT))).toMatchObject({ status: 409, message: "This pre-plan is agreed. Reopen it to change it." });
    });
  });

  describe("the plan", () => {
    it("is refused against an unconfirmed pre-plan", async () => {
      await reopenPrePlan(db, demo.user("east.manager"), prePlanId, AT);
      const { material } = await createMaterial(
        db,
        demo.user("marketer1"),
        { title: "East plan 2027", kind: "annual_plan", description: "", teamIds: [demo.team("Mid-Market West").id], prePlanId },
        file(),
        AT,
      );
      planId = material.id;
      const targets = await db.models.MaterialTeam.findAll({ where: { materialId: planId } });
      expect(targets.map((t) => t.teamId)).toEqual([demo.team("Enterprise East").id]); // the pre-plan's team, whatever was sent
      expect(await refusal(submitForPreview(db, demo.user("marketer1"), planId, AT))).toMatchObject({
        status: 409,
        message: "The pre-plan for 2027 is not agreed yet: the marketing head and the sales manager must confirm it before the plan is submitted.",
      });
      expect(await db.models.PreviewRound.count({ where: { materialId: planId } })).toBe(0);
    });

    it("is refused with a deviation left unexplained, naming it; explained, it opens to the whole team", async () => {
      await confirmPrePlan(db, demo.user("vp.marketing"), prePlanId, AT);
      await confirmPrePlan(db, demo.user("east.manager"), prePlanId, AT);
      const deviation = await addDeviation(db, demo.user("marketer1"), planId, { kind: "strategy_dropped", subject: "No trade fair in Q2", explanation: "" }, AT);
      expect(await refusal(submitForPreview(db, demo.user("marketer1"), planId, AT))).toMatchObject({
        status: 409,
        message: "Explain the deviation “No trade fair in Q2” before submitting the plan.",
      });
      expect(await db.models.PreviewRound.count({ where: { materialId: planId } })).toBe(0);
      await explainDeviation(db, demo.user("marketer1"), planId, deviation.id, "The fair was cancelled by its organiser.", AT);
      const [round] = await submitForPreview(db, demo.user("marketer1"), planId, AT);
      const deciders = await db.models.RoundDecision.findAll({ where: { roundId: round.id } });
      expect(deciders.map((d) => d.userId).sort()).toEqual([demo.user("east.committee1").id, demo.user("east.rep1").id].sort());
      const opened = await db.models.OutboxMessage.findAll({ where: { kind: "plan_preview_opened" } });
      expect(opened.map((m) => m.toEmail).sort()).toEqual(["east.committee2@demo.test", "east.rep2@demo.test"]);
      // Both heads who agreed the pre-plan hear that the plan is in preview.
      const submitted = await db.models.OutboxMessage.findAll({ where: { kind: "plan_submitted" } });
      expect(submitted.map((m) => m.toEmail).sort()).toEqual(["east.manager@demo.test", "vp.marketing@demo.test"]);
      expect(submitted[0].subject).toBe(`Enterprise East's annual plan for ${YEAR} is in preview`);
      // Fixed once submitted: the pre-plan cannot be reopened.
      expect(await refusal(reopenPrePlan(db, demo.user("vp.marketing"), prePlanId, AT))).toMatchObject({ status: 409 });
    });

    it("every rep of the team may comment on the plan; another team's rep may not see it; collateral stays committee-only", async () => {
      const version = await db.models.MaterialVersion.findOne({ where: { materialId: planId } });
      const comment = await addComment(db, demo.user("east.rep2"), planId, { versionId: version!.id, body: "The CFO webinars clash with quarter close.", category: "messaging", pin: { page: 3, x: 0.5, y: 0.5 } }, AT);
      expect(comment.roundId).not.toBeNull();
      expect(await refusal(addComment(db, demo.user("west.rep1"), planId, { versionId: version!.id, body: "Hi", category: "other", pin: null }, AT))).toMatchObject({ status: 404 });

      const { material: brochure, version: v1 } = await createMaterial(db, demo.user("marketer1"), { title: "Brochure", kind: "collateral", description: "", teamIds: [demo.team("Enterprise East").id] }, file(), AT);
      expect(await refusal(addComment(db, demo.user("east.rep2"), brochure.id, { versionId: v1.id, body: "Hi", category: "other", pin: null }, AT))).toMatchObject({ status: 403 });
    });

    it("shows one page per team and year to the team, and to no other team's rep", async () => {
      const page = await loadPlanPage(db, demo.user("east.rep2"), demo.team("Enterprise East").id, YEAR, AT);
      expect(page.prePlan?.agreed).toBe(true);
      expect(page.plan?.deviations).toEqual([{ id: expect.any(Number), kind: "A strategy dropped", subject: "No trade fair in Q2", explanation: "The fair was cancelled by its organiser." }]);
      expect(page.plan?.comments.map((c) => c.body)).toEqual(["The CFO webinars clash with quarter close."]);
      expect(await refusal(loadPlanPage(db, demo.user("west.rep1"), demo.team("Enterprise East").id, YEAR, AT))).toMatchObject({ status: 404 });
    });
  });
});
