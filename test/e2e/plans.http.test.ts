import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/lib/db.server";
import { baseUrl, get, serverDatabase, signInAs, visibleText } from "../helpers/http";

const YEAR = new Date().getUTCFullYear() + 2;

describe("annual plans over HTTP: bad input gets a message and writes nothing", () => {
  let database: Database;
  let marketer: string;
  let westRep: string;
  let east: number;
  let fields: Record<string, string | string[]>;

  /** A form post with repeated fields, the way the pre-plan form sends its table and checkboxes. */
  function send(path: string, values: Record<string, string | string[]>, cookie: string) {
    const body = new URLSearchParams();
    for (const [key, value] of Object.entries(values)) for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
    return fetch(`${baseUrl()}${path}`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: baseUrl(), Cookie: cookie },
      body,
    });
  }
  const counts = async () => ({ prePlans: await database.models.PrePlan.count(), strategies: await database.models.LeadStrategy.count(), audit: await database.models.AuditEvent.count() });

  beforeAll(async () => {
    database = serverDatabase();
    [marketer, westRep] = await Promise.all([signInAs("marketer1@demo.test"), signInAs("west.rep1@demo.test")]);
    east = (await database.models.SalesTeam.findOne({ where: { name: "Enterprise East" } }))!.id;
    const reviewer = (await database.models.User.findOne({ where: { email: "east.rep1@demo.test" } }))!.id;
    const owner = (await database.models.User.findOne({ where: { email: "marketer1@demo.test" } }))!.id;
    fields = {
      intent: "create",
      salesGoals: "Keep the top 50 accounts.",
      marketingGoals: "Two case studies a quarter.",
      presentationDate: `${YEAR}-01-10`,
      reviewerIds: [String(reviewer)],
      strategiesWithoutSales: "None.",
      prospectProfile: "The same as today.",
      prospectProfileWhy: "It does not differ.",
      tacticChanges: "None.",
      strategyWhat: ["Customer council", ""],
      strategyMetric: ["Meetings held", ""],
      strategyTarget: ["4", ""],
      strategyOwnerId: [String(owner), ""],
      strategyDueDate: [`${YEAR}-12-01`, ""],
    };
  });
  afterAll(() => database.close());

  it("refuses a strategy with a target but no metric, three reviewers, a date in the past", async () => {
    const before = await counts();
    const cases: [Record<string, string | string[]>, string][] = [
      [{ strategyMetric: ["", ""] }, "Lead strategy 1: say how it is measured (the metric)."],
      [{ reviewerIds: ["1", "2", "3"] }, "Choose at most two reviewers: a committee has one or two members."],
      [{ presentationDate: "2020-01-01" }, "The presentation date 2020-01-01 is in the past."],
      [{ presentationDate: "soon" }, "Enter a date as YYYY-MM-DD."],
    ];
    for (const [patch, message] of cases) {
      const response = await send(`/plans/${east}/${YEAR}`, { ...fields, ...patch }, marketer);
      expect(response.status).toBe(400);
      expect(visibleText(await response.text())).toContain(message);
    }
    expect(await counts()).toEqual(before);
  });

  it("creates the pre-plan once; a second for the same team and year is refused", async () => {
    expect((await send(`/plans/${east}/${YEAR}`, fields, marketer)).status).toBe(200);
    const after = await counts();
    const again = await send(`/plans/${east}/${YEAR}`, fields, marketer);
    expect(again.status).toBe(409);
    expect(visibleText(await again.text())).toContain(`Enterprise East already has a pre-plan for ${YEAR}. Edit that one instead.`);
    expect(await counts()).toEqual(after);
  });

  it("refuses a rep confirming, and hides another team's plan page", async () => {
    const prePlan = (await database.models.PrePlan.findOne({ where: { teamId: east, year: YEAR } }))!;
    const rep = await send(`/plans/${east}/${YEAR}`, { intent: "confirm", prePlanId: String(prePlan.id) }, await signInAs("east.rep2@demo.test"));
    expect(rep.status).toBe(403);
    expect((await get(`/plans/${east}/${YEAR}`, westRep)).status).toBe(404);
    expect((await get(`/plans/${east}/1999`, marketer)).status).toBe(404);
    const unchanged = (await database.models.PrePlan.findByPk(prePlan.id))!;
    expect(unchanged.marketingConfirmedAt).toBeNull();
    expect(unchanged.salesConfirmedAt).toBeNull();
  });

  it("answers an unknown calendar token with 404 and a message", async () => {
    const response = await get(`/calendar/${"x".repeat(43)}.ics`);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe("There is no calendar feed at this address.");
  });
});
