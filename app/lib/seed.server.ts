import type { Database } from "./db.server";
import { hashPassword } from "./password.server";
import { recordAudit } from "./audit.server";
import { withMigrationLock } from "./migrate.server";
import type { Role } from "../domain/roles";

export const DEMO_PASSWORD = "preview-demo";

interface DemoUser {
  email: string;
  name: string;
  role: Role;
  reportsTo?: string;
  timeZone: string;
}

const NY = "America/New_York";
const LA = "America/Los_Angeles";

/** The demo organisation listed in the README: two chains of command and two sales teams. */
export const DEMO_USERS: DemoUser[] = [
  { email: "admin@demo.test", name: "Alex Morgan", role: "admin", timeZone: NY },
  { email: "vp.sales@demo.test", name: "Valerie Price", role: "manager", timeZone: NY },
  { email: "vp.marketing@demo.test", name: "Marcus Vega", role: "manager", timeZone: NY },
  { email: "marketing.manager@demo.test", name: "Maya Lin", role: "manager", reportsTo: "vp.marketing@demo.test", timeZone: NY },
  { email: "marketer1@demo.test", name: "Mila Novak", role: "marketer", reportsTo: "marketing.manager@demo.test", timeZone: NY },
  { email: "marketer2@demo.test", name: "Theo Brandt", role: "marketer", reportsTo: "marketing.manager@demo.test", timeZone: NY },
  { email: "east.manager@demo.test", name: "Erin Walsh", role: "manager", reportsTo: "vp.sales@demo.test", timeZone: NY },
  { email: "west.manager@demo.test", name: "Wes Carter", role: "manager", reportsTo: "vp.sales@demo.test", timeZone: LA },
  { email: "east.committee1@demo.test", name: "Ethan Cole", role: "sales", reportsTo: "east.manager@demo.test", timeZone: NY },
  { email: "east.committee2@demo.test", name: "Emma Reyes", role: "sales", reportsTo: "east.manager@demo.test", timeZone: NY },
  { email: "west.committee1@demo.test", name: "Will Turner", role: "sales", reportsTo: "west.manager@demo.test", timeZone: LA },
  { email: "west.committee2@demo.test", name: "Wendy Park", role: "sales", reportsTo: "west.manager@demo.test", timeZone: LA },
  { email: "east.rep1@demo.test", name: "Eli Brooks", role: "sales", reportsTo: "east.manager@demo.test", timeZone: NY },
  { email: "east.rep2@demo.test", name: "Eva Stone", role: "sales", reportsTo: "east.manager@demo.test", timeZone: NY },
  { email: "west.rep1@demo.test", name: "Wade Hill", role: "sales", reportsTo: "west.manager@demo.test", timeZone: LA },
  { email: "west.rep2@demo.test", name: "Willa Grant", role: "sales", reportsTo: "west.manager@demo.test", timeZone: LA },
];

/** The customer segments field feedback is filed under, to start with; the admin keeps the list. */
export const DEMO_SEGMENTS = ["Enterprise", "Mid-market", "Small business", "Public sector", "Healthcare", "Financial services"];

export const DEMO_TEAMS = [
  { name: "Enterprise East", prefix: "east", timeZone: NY },
  { name: "Mid-Market West", prefix: "west", timeZone: LA },
];

/**
 * Creates the demo organisation when the database has no users; returns whether it did.
 * Safe to call at every start: an existing organisation is never touched. Runs under the
 * migration lock, so processes starting together on an empty database make one organisation:
 * the ones that waited find the users the first one committed.
 */
export async function seedDemoIfEmpty(database: Database, at: Date): Promise<boolean> {
  if ((await database.models.User.count()) > 0) return false;
  const hashes = await Promise.all(DEMO_USERS.map(() => hashPassword(DEMO_PASSWORD)));
  return withMigrationLock(database, async (t) => {
    if ((await database.models.User.count({ transaction: t })) > 0) return false;
    const ids = new Map<string, number>();
    for (const [i, u] of DEMO_USERS.entries()) {
      const user = await database.models.User.create(
        {
          name: u.name,
          email: u.email,
          role: u.role,
          timeZone: u.timeZone,
          passwordHash: hashes[i],
          reportsToId: u.reportsTo ? ids.get(u.reportsTo)! : null,
        },
        { transaction: t },
      );
      ids.set(u.email, user.id);
    }
    for (const team of DEMO_TEAMS) {
      const row = await database.models.SalesTeam.create(
        { name: team.name, timeZone: team.timeZone, salesManagerId: ids.get(`${team.prefix}.manager@demo.test`)! },
        { transaction: t },
      );
      const members = [
        [`${team.prefix}.committee1@demo.test`, true],
        [`${team.prefix}.committee2@demo.test`, true],
        [`${team.prefix}.rep1@demo.test`, false],
        [`${team.prefix}.rep2@demo.test`, false],
      ] as const;
      await database.models.TeamMembership.bulkCreate(
        members.map(([email, isCommittee]) => ({ teamId: row.id, userId: ids.get(email)!, isCommittee })),
        { transaction: t },
      );
    }
    await database.models.CustomerSegment.bulkCreate(
      DEMO_SEGMENTS.map((name) => ({ name, createdAt: at, updatedAt: at })),
      { transaction: t },
    );
    await recordAudit(database, t, {
      actorId: null,
      action: "demo.seeded",
      entityType: "organisation",
      entityId: "demo",
      after: { users: DEMO_USERS.length, teams: DEMO_TEAMS.length },
      at,
    });
    return true;
  });
}
