import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../helpers/server";
import { simulate } from "../sim/simulation";

/**
 * Two simulated weeks of use over HTTP, on a server of its own (its open previews and
 * escalations would otherwise show in the queues other files check). The full quarter is
 * `npm run sim:quarter`.
 */
describe("two simulated weeks of use", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ JOBS: "off" });
  });
  afterAll(() => server?.stop());

  it("leave no comment without an owner and a clock, no escalation unheld, nothing blocked for good, nothing released unpreviewed", async () => {
    const report = await simulate({ baseUrl: server.url, databaseUrl: server.databaseUrl, days: 10, seed: 7, materialsPerDay: 1.5 });
    // It did simulate something: materials went through every stage.
    expect(report.materials).toBeGreaterThanOrEqual(10);
    expect(report.comments).toBeGreaterThan(10);
    expect(report.escalations).toBeGreaterThan(0);
    expect(report.released).toBeGreaterThan(0);
    expect({
      serverErrors: report.serverErrors,
      orphanedComments: report.orphanedComments,
      unheldEscalations: report.unheldEscalations,
      releasedNeverPreviewed: report.releasedNeverPreviewed,
      blockedForGood: report.blockedForGood,
    }).toEqual({ serverErrors: 0, orphanedComments: 0, unheldEscalations: 0, releasedNeverPreviewed: 0, blockedForGood: 0 });
  }, 240_000);
});
