import { rmSync } from "node:fs";
import { Op } from "sequelize";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "~/lib/db.server";
import { hashPassword } from "~/lib/password.server";
import { seedOpenRounds } from "../helpers/bulk-rounds";
import { startServer, type RunningServer } from "../helpers/server";

/**
 * 50 simulated people using the app at once for LOAD_SECONDS (60 by default) against one
 * server on SQLite: the committee members of 25 sales teams browsing (home, library,
 * material pages, notifications), commenting on material in preview, and deciding it. Every request is bounded (the run stops at
 * the deadline or after MAX_REQUESTS) and goes to 127.0.0.1.
 *
 *   npm run test:load                  # this file alone
 *   LOAD_SECONDS=10 npm run test:load
 */
const USERS = 50;
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const MAX_REQUESTS = 200_000;
const PASSWORD = "load-test-passphrase";
const ROUNDS_PER_TEAM = 40;

type Kind = "browse" | "comment" | "decide";
interface Person {
  email: string;
  cookie: string;
  teamId: number;
  committee: boolean;
  pending: number[];
}

function percentile(sorted: number[], p: number) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : 0;
}

describe(`${USERS} people at once for ${SECONDS} s`, () => {
  let server: RunningServer;
  let database: Database;
  const people: Person[] = [];
  const materialsOf = new Map<number, { materialId: number; versionId: number; roundId: number }[]>();
  const decisionPages = new Map<number, Map<number, number>>();

  beforeAll(async () => {
    server = await startServer({ JOBS: "off", LOG_REQUESTS: "off" });
    database = openDatabase({ url: server.databaseUrl });
    const { models } = database;
    const manager = await models.User.findOne({ where: { email: "east.manager@demo.test" } });
    const marketer = await models.User.findOne({ where: { email: "marketer1@demo.test" } });
    const passwordHash = await hashPassword(PASSWORD);

    // 25 sales teams of two committee members each (only the committee comments on and
    // decides collateral), each team with material in preview waiting for its decisions.
    for (let t = 0; t < USERS / 2; t++) {
      const team = await models.SalesTeam.create({ name: `Load team ${t}`, timeZone: "America/New_York", salesManagerId: manager!.id });
      const members = [];
      for (const seat of [1, 2]) {
        const user = await models.User.create({ name: `Load member ${t}-${seat}`, email: `load.${t}.${seat}@demo.test`, role: "sales", timeZone: team.timeZone, reportsToId: manager!.id, passwordHash });
        await models.TeamMembership.create({ teamId: team.id, userId: user.id, isCommittee: true });
        members.push(user);
      }
      const { firstRoundId } = await seedOpenRounds(database, { count: ROUNDS_PER_TEAM, dueCount: 0, teamId: team.id, ownerId: marketer!.id, memberIds: members.map((m) => m.id), now: new Date() });
      const rounds = await models.PreviewRound.findAll({ where: { id: { [Op.gte]: firstRoundId }, teamId: team.id }, order: [["id", "ASC"]] });
      // Comments and page views go to the first half; the committee decides the second half
      // (a round both members decided closes, and its material no longer takes comments).
      const half = ROUNDS_PER_TEAM / 2;
      materialsOf.set(team.id, rounds.slice(0, half).map((r) => ({ materialId: r.materialId, versionId: r.versionId, roundId: r.id })));
      decisionPages.set(team.id, new Map(rounds.map((r) => [r.id, r.materialId])));
      for (const user of members) people.push({ email: user.email, cookie: "", teamId: team.id, committee: true, pending: rounds.slice(half).map((r) => r.id) });
    }

    for (const person of people) {
      const response = await fetch(`${server.url}/login`, {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url },
        body: new URLSearchParams({ email: person.email, password: PASSWORD }),
      });
      expect(response.status, `sign-in of ${person.email}`).toBe(302);
      person.cookie = response.headers.get("set-cookie")!.split(";")[0];
    }
  });

  afterAll(async () => {
    await database?.close();
    await server?.stop("SIGTERM");
    if (server) rmSync(server.dataDir, { recursive: true, force: true });
  });

  it("answers every request without a 5xx or SQLITE_BUSY, and stores every comment sent", { timeout: (SECONDS + 120) * 1000 }, async () => {
    const latencies: Record<Kind, number[]> = { browse: [], comment: [], decide: [] };
    const statuses = new Map<number, number>();
    const refused: string[] = [];
    let comments = 0;
    let decisions = 0;
    let requests = 0;
    const deadline = Date.now() + SECONDS * 1000;

    const send = async (kind: Kind, person: Person, path: string, form?: Record<string, string>) => {
      requests++;
      const started = performance.now();
      const response = await fetch(server.url + path, {
        method: form ? "POST" : "GET",
        redirect: "manual",
        headers: { Cookie: person.cookie, ...(form ? { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url } : {}) },
        body: form ? new URLSearchParams(form) : undefined,
      });
      const body = await response.text();
      latencies[kind].push(performance.now() - started);
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      if (response.status >= 400 && refused.length < 20) {
        const message = body.match(/class="(?:form|field)-error"[^>]*>([^<]+)/)?.[1] ?? body.slice(0, 200);
        refused.push(`${response.status} ${form ? `POST ${form.intent}` : "GET"} ${path}: ${message}`);
      }
      return response.status;
    };

    const simulate = async (person: Person, index: number) => {
      const materials = materialsOf.get(person.teamId)!;
      let n = 0;
      while (Date.now() < deadline && requests < MAX_REQUESTS) {
        n++;
        const roll = (index * 7919 + n * 104_729) % 100;
        const material = materials[(index * 31 + n * 17) % materials.length];
        if (person.committee && roll < 15 && person.pending.length) {
          const roundId = person.pending.shift()!;
          const materialId = decisionPages.get(person.teamId)!.get(roundId)!;
          const status = await send("decide", person, `/materials/${materialId}`, { intent: "decide", roundId: String(roundId), decision: "approved", summary: `Load decision ${person.email}` });
          if (status < 400) decisions++;
        } else if (roll < 45) {
          const status = await send("comment", person, `/materials/${material.materialId}`, {
            intent: "comment",
            versionId: String(material.versionId),
            body: `load comment ${index}-${n}`,
            category: "messaging",
            page: String(1 + (n % 2)),
            x: "0.5",
            y: "0.25",
          });
          if (status < 400) comments++;
        } else {
          const pages = ["/", `/materials/${material.materialId}`, "/library?q=brochure", "/notifications"];
          await send("browse", person, pages[n % pages.length]);
        }
      }
    };

    await Promise.all(people.map((person, i) => simulate(person, i)));

    const all = [...latencies.browse, ...latencies.comment, ...latencies.decide].sort((a, b) => a - b);
    const line = (label: string, values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      return `  ${label.padEnd(8)} ${String(sorted.length).padStart(6)} requests  p50 ${percentile(sorted, 50).toFixed(0).padStart(4)} ms  p99 ${percentile(sorted, 99).toFixed(0).padStart(4)} ms`;
    };
    console.log(
      [
        `${USERS} simulated people for ${SECONDS} s on SQLite: ${requests} requests (${(requests / SECONDS).toFixed(0)}/s), statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
        line("all", all),
        line("browse", latencies.browse),
        line("comment", latencies.comment),
        line("decide", latencies.decide),
        `  comments sent ${comments}, decisions sent ${decisions}`,
      ].join("\n"),
    );

    expect(refused, "refused or failed requests").toEqual([]);
    expect([...statuses.keys()].filter((s) => s >= 500)).toEqual([]);
    expect(server.output()).not.toMatch(/SQLITE_BUSY|database is locked/);
    expect(comments).toBeGreaterThan(USERS);
    const stored = await database.models.Comment.count({ where: { body: { [Op.like]: "load comment %" } } });
    expect(stored, "every comment sent is stored, once").toBe(comments);
    const decided = await database.models.RoundDecision.count({ where: { decision: "approved", summary: { [Op.like]: "Load decision %" } } });
    expect(decided, "every decision sent is stored, once").toBe(decisions);
  });
});
