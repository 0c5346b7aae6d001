import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "~/lib/errors";
import { createTeam } from "~/commands/create-team.server";
import { createUser } from "~/commands/create-user.server";
import { addTeamMember } from "~/commands/add-team-member.server";
import { removeTeamMember } from "~/commands/remove-team-member.server";
import { setCommitteeMember } from "~/commands/set-committee-member.server";
import { updateUser } from "~/commands/update-user.server";
import { createTestDatabase, tableCounts, type TestDatabase } from "../helpers/database";
import { T0, seedDemo } from "../helpers/organisation";

async function fieldErrors(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof InputError) return { status: error.status, fields: error.fields };
    throw error;
  }
  throw new Error("expected the change to be refused");
}

describe("accounts, teams and committees", () => {
  let tdb: TestDatabase;
  let demo: Awaited<ReturnType<typeof seedDemo>>;
  beforeAll(async () => {
    tdb = await createTestDatabase();
    demo = await seedDemo(tdb.database);
  });
  afterAll(() => tdb.cleanup());

  const input = (patch: Partial<Parameters<typeof createUser>[2]> = {}) => ({
    name: "Nora Quinn",
    email: "nora.quinn@demo.test",
    role: "sales" as const,
    reportsToId: null,
    timeZone: "Europe/Berlin",
    ...patch,
  });

  it("seeds the demo organisation: 16 people, two teams with two committee members each", async () => {
    const { User, SalesTeam, TeamMembership } = tdb.database.models;
    expect(await User.count()).toBe(16);
    expect((await SalesTeam.findAll()).map((t) => t.name).sort()).toEqual(["Enterprise East", "Mid-Market West"]);
    for (const name of ["Enterprise East", "Mid-Market West"]) {
      const team = demo.team(name);
      expect(await TeamMembership.count({ where: { teamId: team.id, isCommittee: true } })).toBe(2);
      expect(await TeamMembership.count({ where: { teamId: team.id } })).toBe(4);
    }
    expect(demo.user("marketer1").reportsToId).toBe(demo.user("marketing.manager").id);
    expect(demo.user("marketing.manager").reportsToId).toBe(demo.user("vp.marketing").id);
    expect(demo.user("west.rep2").reportsToId).toBe(demo.user("west.manager").id);
    expect(demo.team("Enterprise East").salesManagerId).toBe(demo.user("east.manager").id);
  });

  it("creates a user with an audit row and a one-time link token", async () => {
    const before = await tableCounts(tdb.database);
    const { user, token } = await createUser(tdb.database, demo.admin, input(), T0);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const after = await tableCounts(tdb.database);
    expect(after.users).toBe(before.users + 1);
    expect(after.audit).toBe(before.audit + 1);
    expect(after.passwordTokens).toBe(before.passwordTokens + 1);
    const audit = await tdb.database.models.AuditEvent.findOne({ order: [["id", "DESC"]] });
    expect(audit).toMatchObject({ action: "user.created", entityId: String(user.id), actorId: demo.admin.id });
  });

  it.each([
    ["the same email in another case", { email: "NORA.Quinn@Demo.Test" }, "email", "already has this email"],
    ["an unknown manager", { email: "x1@demo.test", reportsToId: 99999 }, "reportsToId", "does not exist"],
  ])("refuses %s and writes nothing", async (_label, patch, field, message) => {
    const before = await tableCounts(tdb.database);
    const refused = await fieldErrors(createUser(tdb.database, demo.admin, input(patch), T0));
    expect(refused.status).toBe(400);
    expect(refused.fields[field]).toContain(message);
    expect(await tableCounts(tdb.database)).toEqual(before);
  });

  it("refuses a user reporting to themselves", async () => {
    const rep = demo.user("east.rep1");
    const before = await tableCounts(tdb.database);
    const refused = await fieldErrors(
      updateUser(tdb.database, demo.admin, rep.id, input({ email: rep.email, reportsToId: rep.id }), T0),
    );
    expect(refused.fields.reportsToId).toBe("A person cannot report to themselves.");
    expect(await tableCounts(tdb.database)).toEqual(before);
  });

  it("refuses a loop A→B→A and names the people in it", async () => {
    const vp = demo.user("vp.sales");
    const east = demo.user("east.manager");
    const refused = await fieldErrors(
      updateUser(
        tdb.database,
        demo.admin,
        vp.id,
        { name: vp.name, email: vp.email, role: "manager", reportsToId: east.id, timeZone: vp.timeZone },
        T0,
      ),
    );
    expect(refused.fields.reportsToId).toContain(`${vp.name} → ${east.name} → ${vp.name}`);
    await vp.reload();
    expect(vp.reportsToId).toBeNull();
  });

  it("refuses a third committee member, and allows one once a seat is free", async () => {
    const team = demo.team("Enterprise East");
    const rep = demo.user("east.rep1");
    const before = await tableCounts(tdb.database);
    const refused = await fieldErrors(setCommitteeMember(tdb.database, demo.admin, team.id, rep.id, true, T0));
    expect(refused.fields.userId).toContain("at most 2 members");
    expect(await tableCounts(tdb.database)).toEqual(before);

    await setCommitteeMember(tdb.database, demo.admin, team.id, demo.user("east.committee2").id, false, T0);
    await setCommitteeMember(tdb.database, demo.admin, team.id, rep.id, true, T0);
    const seats = await tdb.database.models.TeamMembership.findAll({ where: { teamId: team.id, isCommittee: true } });
    expect(seats.map((s) => s.userId).sort()).toEqual([demo.user("east.committee1").id, rep.id].sort());
  });

  it("refuses a third committee member added straight onto the committee", async () => {
    const team = await createTeam(
      tdb.database,
      demo.admin,
      { name: "Public Sector", timeZone: "Europe/London", salesManagerId: demo.user("vp.sales").id },
      T0,
    );
    const people = [];
    for (const n of [1, 2, 3]) {
      const { user } = await createUser(tdb.database, demo.admin, input({ email: `ps${n}@demo.test`, name: `PS ${n}` }), T0);
      people.push(user);
    }
    await addTeamMember(tdb.database, demo.admin, team.id, { userId: people[0].id, isCommittee: true }, T0);
    await addTeamMember(tdb.database, demo.admin, team.id, { userId: people[1].id, isCommittee: true }, T0);
    const before = await tableCounts(tdb.database);
    const refused = await fieldErrors(
      addTeamMember(tdb.database, demo.admin, team.id, { userId: people[2].id, isCommittee: true }, T0),
    );
    expect(refused.fields.userId).toContain("at most 2");
    expect(await tableCounts(tdb.database)).toEqual(before);

    await removeTeamMember(tdb.database, demo.admin, team.id, people[0].id, T0);
    expect(await tdb.database.models.TeamMembership.count({ where: { teamId: team.id, isCommittee: true } })).toBe(1);
  });

  it("refuses two committee seats taken at the same moment beyond the limit", async () => {
    const team = await createTeam(tdb.database, demo.admin, { name: "Race Team", timeZone: "UTC", salesManagerId: null }, T0);
    const people = [];
    for (const n of [1, 2, 3, 4]) {
      const { user } = await createUser(tdb.database, demo.admin, input({ email: `race${n}@demo.test`, name: `Race ${n}` }), T0);
      await addTeamMember(tdb.database, demo.admin, team.id, { userId: user.id, isCommittee: false }, T0);
      people.push(user);
    }
    const results = await Promise.allSettled(
      people.map((p) => setCommitteeMember(tdb.database, demo.admin, team.id, p.id, true, T0)),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
    for (const r of results.filter((r) => r.status === "rejected")) {
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(InputError);
    }
    expect(await tdb.database.models.TeamMembership.count({ where: { teamId: team.id, isCommittee: true } })).toBe(2);
  });

  it("refuses a non-sales person as a team member, and a duplicate team name in any case", async () => {
    const team = demo.team("Mid-Market West");
    const before = await tableCounts(tdb.database);
    const refused = await fieldErrors(
      addTeamMember(tdb.database, demo.admin, team.id, { userId: demo.user("marketer1").id, isCommittee: false }, T0),
    );
    expect(refused.fields.userId).toContain("not a sales rep");
    const dup = await fieldErrors(
      createTeam(tdb.database, demo.admin, { name: "mid-market WEST", timeZone: "UTC", salesManagerId: null }, T0),
    );
    expect(dup.fields.name).toContain("already has this name");
    expect(await tableCounts(tdb.database)).toEqual(before);
  });
});
