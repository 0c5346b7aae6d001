import type { User } from "../../models/index";
import { selectRows, type Database } from "../lib/db.server";
import type { Role } from "../domain/roles";
import { escalationsFor, openRoundsOwnedBy, overdueEscalations, pendingDecisionsFor } from "./workflow-views.server";
import { commentsAwaitingAnswer, declinedAwaitingAuthor, myMaterialsByStatus, overdueRequestsFor, withdrawnPreviewsOf, reportsRunningLate, systemHealth } from "./home-queues.server";

/** What a user's home page shows about where they sit in the organisation (plain queries: every home asks). */
export async function loadHome(database: Database, user: User) {
  const [teams, managedTeams, managers, reports] = await Promise.all([
    selectRows<{ id: number; name: string; timeZone: string; isCommittee: boolean | number }>(
      database,
      `SELECT t.id, t.name, t."timeZone", tm."isCommittee" FROM team_memberships tm JOIN sales_teams t ON t.id = tm."teamId" WHERE tm."userId" = :id ORDER BY t.name`,
      { id: user.id },
    ),
    selectRows<{ id: number; name: string }>(database, `SELECT id, name FROM sales_teams WHERE "salesManagerId" = :id ORDER BY name`, { id: user.id }),
    user.reportsToId ? selectRows<{ name: string; email: string }>(database, `SELECT name, email FROM users WHERE id = :id`, { id: user.reportsToId }) : [],
    selectRows<{ id: number; name: string; role: Role }>(database, `SELECT id, name, role FROM users WHERE "reportsToId" = :id AND active = :active ORDER BY name`, {
      id: user.id,
      active: true,
    }),
  ]);
  return {
    teams: teams.map((t) => ({ id: t.id, name: t.name, timeZone: t.timeZone, isCommittee: Boolean(t.isCommittee) })),
    managedTeams,
    manager: managers[0] ? { name: managers[0].name, email: managers[0].email } : null,
    reports,
  };
}

/**
 * The home page: who the user is and where they sit, and the queues their role works
 * through. A queue another role works is null, so the page leaves it out.
 */
export async function loadHomePage(database: Database, user: User, at: Date, options: { sweepIntervalS: number }) {
  const role = user.role;
  const only = <T,>(who: typeof role, load: () => Promise<T>) => (role === who ? load() : null);
  const [home, decisions, escalations, rounds, myMaterials, toAnswer, late, health] = await Promise.all([
    loadHome(database, user),
    only("sales", () => pendingDecisionsFor(database, user, at)),
    // Anyone may be addressed (a rep someone reports to); most people have none, in one indexed query.
    escalationsFor(database, user, at),
    only("marketer", () => openRoundsOwnedBy(database, user, at)),
    only("marketer", () => myMaterialsByStatus(database, user)),
    only("marketer", () => commentsAwaitingAnswer(database, user)),
    only("manager", () => reportsRunningLate(database, user, at)),
    only("admin", () => systemHealth(database, at, options.sweepIntervalS)),
  ]);
  const [toSettle, overdue, withdrawn, overdueRequests] = await Promise.all([
    only("sales", () => declinedAwaitingAuthor(database, user, at)),
    only("admin", () => overdueEscalations(database, user, at)),
    only("marketer", () => withdrawnPreviewsOf(database, user)),
    // The department heads: the marketing head(s) and the teams' sales managers; nobody else has any.
    overdueRequestsFor(database, user, at),
  ]);
  const queues = { decisions, escalations: escalations.length || role === "manager" ? escalations : null, rounds, myMaterials, toAnswer, late, health, toSettle, overdue, withdrawn, overdueRequests };
  return {
    queues,
    user: { id: user.id, name: user.name, email: user.email, role: user.role, timeZone: user.timeZone, active: user.active },
    ...home,
  };
}

/** What the home page's loader reads, as its components receive it. */
export type HomePageView = Awaited<ReturnType<typeof loadHomePage>>;
export type HomeQueues = { [K in keyof HomePageView["queues"]]: NonNullable<HomePageView["queues"][K]> };
