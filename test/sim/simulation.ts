/**
 * A simulated stretch of use, driven over HTTP against a running server, with time moved by
 * shifting every deadline in the database (a day passes: each due time comes a day sooner)
 * and the sweep run after each day — sometimes twice at once, as two workers would.
 *
 * Marketers upload, submit, answer comments, release (over the committee's objection when
 * members requested changes), upload new versions, withdraw previews and archive; committee
 * members comment, decide, withdraw or hold what marketing declined, and tick off "to
 * check" items; managers propose, counter and agree. Each acts on what their home would
 * show them, with a seeded random choice.
 *
 * After the stretch the report counts what must be zero:
 * - orphaned comments: not settled, and not waiting on anyone with a deadline (an open
 *   round, a clock of its own, an open escalation — or, for a preview marketing withdrew
 *   and has not submitted again, the material's owner, whose home lists it);
 * - escalations nobody holds: open, with nobody addressed now and not flagged overdue;
 * - released items whose library version was never previewed;
 * - materials blocked from release for good: after everyone finishes their work, every
 *   previewed material can be released;
 * - answers of 500 or more.
 */
import { QueryTypes } from "sequelize";
import { openDatabase, type Database } from "~/lib/db.server";
import { runSweep } from "~/jobs/sweep.server";
import { releaseStatus } from "~/rules/release-facts.server";
import { makePdf } from "../helpers/pdf";

export interface SimulationOptions {
  baseUrl: string;
  databaseUrl: string;
  /** Working days to simulate. */
  days: number;
  seed: number;
  /** New materials per day, on average. */
  materialsPerDay: number;
  log?: (line: string) => void;
}

export interface SimulationReport {
  days: number;
  requests: number;
  serverErrors: number;
  materials: number;
  rounds: number;
  comments: number;
  escalations: number;
  released: number;
  parallelSweeps: number;
  orphanedComments: number;
  unheldEscalations: number;
  releasedNeverPreviewed: number;
  blockedForGood: number;
}

const DAY = 24 * 3_600_000;
const PASSWORD = "preview-demo";
const MARKETERS = ["marketer1@demo.test", "marketer2@demo.test"];
const CATEGORIES = ["pricing", "messaging", "audience", "product_accuracy", "compliance", "other"];

/** mulberry32: a small seeded generator, so a run can be repeated exactly. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    chance: (p: number) => next() < p,
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)],
    number: () => next(),
  };
}

export async function simulate(options: SimulationOptions): Promise<SimulationReport> {
  const log = options.log ?? (() => undefined);
  const rng = random(options.seed);
  const db = openDatabase({ url: options.databaseUrl });
  const second = openDatabase({ url: options.databaseUrl });
  const cookies = new Map<string, string>();
  const report: SimulationReport = {
    days: options.days,
    requests: 0,
    serverErrors: 0,
    materials: 0,
    rounds: 0,
    comments: 0,
    escalations: 0,
    released: 0,
    parallelSweeps: 0,
    orphanedComments: 0,
    unheldEscalations: 0,
    releasedNeverPreviewed: 0,
    blockedForGood: 0,
  };
  const rows = <T extends object>(sql: string, replacements: Record<string, unknown> = {}) => db.sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT });
  const emails = new Map((await rows<{ id: number; email: string }>(`SELECT id, email FROM users`)).map((u) => [u.id, u.email]));
  const teams = await rows<{ id: number }>(`SELECT id FROM sales_teams ORDER BY id`);

  async function send(path: string, init: RequestInit & { as: string }) {
    report.requests++;
    const response = await fetch(options.baseUrl + path, { ...init, redirect: "manual", headers: { Origin: options.baseUrl, Cookie: await cookie(init.as), ...(init.headers ?? {}) } });
    if (response.status >= 500) {
      report.serverErrors++;
      log(`${response.status} from ${init.method ?? "GET"} ${path} as ${init.as}: ${(await response.text()).slice(0, 300)}`);
    } else {
      await response.arrayBuffer();
    }
    return response.status;
  }
  async function cookie(email: string) {
    let value = cookies.get(email);
    if (!value) {
      const response = await fetch(`${options.baseUrl}/login`, {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: options.baseUrl },
        body: new URLSearchParams({ email, password: PASSWORD }),
      });
      value = response.headers.get("set-cookie")!.split(";")[0];
      cookies.set(email, value);
    }
    return value;
  }
  const act = (materialId: number, as: string, fields: Record<string, string>) =>
    send(`/materials/${materialId}`, { method: "POST", as, headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields) });
  const onEscalation = (id: number, as: string, fields: Record<string, string>) =>
    send(`/escalations/${id}`, { method: "POST", as, headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields) });
  async function uploadFile(path: string, as: string, fields: Record<string, string | string[]>, title: string) {
    const form = new FormData();
    for (const [key, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) form.append(key, v);
    form.append("file", new Blob([new Uint8Array(await makePdf({ pages: 2, title }))], { type: "application/pdf" }), "sim.pdf");
    report.requests++;
    const response = await fetch(options.baseUrl + path, { method: "POST", redirect: "manual", headers: { Origin: options.baseUrl, Cookie: await cookie(as), Accept: "application/json" }, body: form });
    if (response.status >= 500) report.serverErrors++;
    return response.status === 201 ? ((await response.json()) as { url: string }).url : null;
  }
  const ownerOf = async (materialId: number) => emails.get((await rows<{ ownerId: number }>(`SELECT "ownerId" FROM materials WHERE id = :materialId`, { materialId }))[0].ownerId)!;

  // --- What each person does on a day, from what their home shows them -----------------
  async function newMaterials(day: number) {
    const count = Math.floor(options.materialsPerDay) + (rng.chance(options.materialsPerDay % 1) ? 1 : 0);
    for (let i = 0; i < count; i++) {
      const marketer = rng.pick(MARKETERS);
      const teamIds = rng.chance(0.25) ? teams.map((t) => String(t.id)) : [String(rng.pick(teams).id)];
      const title = `Sim day ${day} material ${i + 1}`;
      const url = await uploadFile("/materials/upload", marketer, { title, kind: "collateral", description: "Simulated.", teamIds }, title);
      if (!url) continue;
      const materialId = Number(url.split("/").pop());
      if (rng.chance(0.1)) await act(materialId, marketer, { intent: "edit", title: `${title} (edited)`, description: "Edited while a draft.", teamIds: teamIds[0] });
      if (rng.chance(0.9)) await act(materialId, marketer, { intent: "submit" });
    }
  }

  async function committees() {
    const pending = await rows<{ roundId: number; materialId: number; versionId: number; userId: number; pageCount: number }>(
      `SELECT r.id AS "roundId", r."materialId", r."versionId", d."userId", v."pageCount"
       FROM round_decisions d JOIN preview_rounds r ON r.id = d."roundId" AND r.state = 'open' JOIN material_versions v ON v.id = r."versionId"
       WHERE d.decision = 'pending' ORDER BY r.id, d."userId"`,
    );
    for (const p of pending) {
      const member = emails.get(p.userId)!;
      if (rng.chance(0.45)) {
        const pinned = rng.chance(0.7);
        await act(p.materialId, member, {
          intent: "comment",
          versionId: String(p.versionId),
          category: rng.pick(CATEGORIES),
          body: `Concern ${Math.floor(rng.number() * 1e6)} from ${member}.`,
          page: pinned ? String(1 + Math.floor(rng.number() * p.pageCount)) : "",
          x: pinned ? rng.number().toFixed(3) : "",
          y: pinned ? rng.number().toFixed(3) : "",
        });
      }
      if (rng.chance(0.4)) {
        const decision = rng.chance(0.75) ? "approved" : "changes_requested";
        await act(p.materialId, member, { intent: "decide", roundId: String(p.roundId), decision, summary: decision === "approved" ? "Fine for my team." : "Needs changes first." });
      }
    }
  }

  async function marketingAnswers(acceptShare: number, chance: number) {
    const open = await rows<{ id: number; materialId: number }>(`SELECT id, "materialId" FROM comments WHERE "parentId" IS NULL AND kind = 'comment' AND state = 'open' ORDER BY id`);
    for (const c of open) {
      if (!rng.chance(chance)) continue;
      const owner = await ownerOf(c.materialId);
      if (rng.chance(acceptShare)) await act(c.materialId, owner, { intent: "answer", commentId: String(c.id), answer: "accept" });
      else await act(c.materialId, owner, { intent: "answer", commentId: String(c.id), answer: "decline", reason: "We checked: it stays as it is." });
    }
  }

  async function commenters(withdrawShare: number, chance: number) {
    const declined = await rows<{ id: number; materialId: number; authorId: number; state: string }>(
      `SELECT id, "materialId", "authorId", state FROM comments WHERE "parentId" IS NULL AND kind = 'comment' AND state IN ('declined', 'held') ORDER BY id`,
    );
    for (const c of declined) {
      if (!rng.chance(chance)) continue;
      const author = emails.get(c.authorId)!;
      if (rng.chance(withdrawShare)) await act(c.materialId, author, { intent: "settle", commentId: String(c.id), settle: "withdraw" });
      else if (c.state === "declined") await act(c.materialId, author, { intent: "settle", commentId: String(c.id), settle: "hold" });
    }
  }

  async function managers(chance: number, overrule = false) {
    const open = await rows<{ id: number; level: number; userId: number }>(
      `SELECT e.id, e.level, a."userId" FROM escalations e JOIN escalation_assignees a ON a."escalationId" = e.id AND a.level = e.level WHERE e.state = 'open' ORDER BY e.id, a."userId"`,
    );
    const byEscalation = new Map<number, number[]>();
    for (const row of open) byEscalation.set(row.id, [...(byEscalation.get(row.id) ?? []), row.userId]);
    for (const [id, addressed] of byEscalation) {
      if (!rng.chance(chance)) continue;
      const [proposal] = await rows<{ id: number; proposedById: number }>(`SELECT p.id, p."proposedById" FROM escalation_proposals p JOIN escalations e ON e.id = p."escalationId" AND e.level = p.level WHERE p."escalationId" = :id AND p.state = 'open'`, { id });
      const decision = overrule ? "overrule" : rng.pick(["uphold", "overrule", "compromise"] as const);
      const fields = { intent: "decide", decision, note: decision === "compromise" ? "Change the wording; keep the offer." : "" };
      if (addressed.length === 1 || !proposal) {
        await onEscalation(id, emails.get(rng.pick(addressed))!, fields);
      } else {
        const other = addressed.find((a) => a !== proposal.proposedById) ?? addressed[0];
        if (overrule || rng.chance(0.75)) await onEscalation(id, emails.get(other)!, { intent: "agree", proposalId: String(proposal.id) });
        else await onEscalation(id, emails.get(other)!, fields);
      }
    }
  }

  /** Marketing releases what is ready; over the committee's objection, or with a new version, where members asked for changes. */
  async function marketingReleases(overObjection: number, newVersion: number) {
    const candidates = await rows<{ id: number; versionId: number }>(
      `SELECT m.id, v.id AS "versionId" FROM materials m JOIN material_versions v ON v."materialId" = m.id
         AND v.number = (SELECT MAX(w.number) FROM material_versions w WHERE w."materialId" = m.id)
       WHERE m."archivedAt" IS NULL AND (m."releasedVersionId" IS NULL OR m."releasedVersionId" <> v.id)
         AND EXISTS (SELECT 1 FROM preview_rounds r WHERE r."versionId" = v.id AND r.state = 'closed')
         AND NOT EXISTS (SELECT 1 FROM preview_rounds r WHERE r."materialId" = m.id AND r.state = 'open') ORDER BY m.id`,
    );
    for (const m of candidates) {
      const owner = await ownerOf(m.id);
      if ((await act(m.id, owner, { intent: "release", confirm: "yes" })) === 200) continue;
      const [state] = await rows<{ objectors: number; objection: string | null; decision: string | null }>(
        `SELECT (SELECT COUNT(*) FROM round_decisions d JOIN preview_rounds r ON r.id = d."roundId" WHERE r."versionId" = :v AND d.decision = 'changes_requested') AS objectors,
           (SELECT e.state FROM comments c JOIN escalations e ON e."commentId" = c.id WHERE c.kind = 'objection' AND c."versionId" = :v) AS objection,
           (SELECT e.decision FROM comments c JOIN escalations e ON e."commentId" = c.id WHERE c.kind = 'objection' AND c."versionId" = :v) AS decision`,
        { v: m.versionId },
      );
      const upheld = state.decision === "uphold" || state.decision === "compromise";
      const [withdrawn] = await rows<{ n: number }>(`SELECT COUNT(*) AS n FROM preview_rounds WHERE "versionId" = :v AND state = 'withdrawn'`, { v: m.versionId });
      if (Number(withdrawn.n) > 0 && (await act(m.id, owner, { intent: "submit" })) === 200) continue;
      if (Number(state.objectors) > 0 && !state.objection && rng.chance(overObjection)) {
        await act(m.id, owner, { intent: "release_over_objection", reason: "The committee's point is covered elsewhere; it should go out." });
      } else if ((upheld || Number(state.objectors) > 0) && rng.chance(upheld ? 1 : newVersion)) {
        await newVersionOf(m.id, owner);
      }
    }
  }

  async function newVersionOf(materialId: number, owner: string) {
    const url = await uploadFile(`/materials/${materialId}/upload`, owner, { changeNote: `Changed as asked (${Math.floor(rng.number() * 1e6)}).` }, `material ${materialId}`);
    if (url) await act(materialId, owner, { intent: "submit" });
  }

  async function releasedLife() {
    const released = await rows<{ id: number }>(`SELECT id FROM materials WHERE "releasedVersionId" IS NOT NULL AND "archivedAt" IS NULL ORDER BY id`);
    for (const m of released) {
      const owner = await ownerOf(m.id);
      if (rng.chance(0.04)) await newVersionOf(m.id, owner);
      else if (rng.chance(0.02)) await act(m.id, owner, { intent: "archive" });
    }
    const running = await rows<{ materialId: number }>(`SELECT DISTINCT "materialId" FROM preview_rounds WHERE state = 'open' ORDER BY "materialId"`);
    for (const r of running) if (rng.chance(0.02)) await act(r.materialId, await ownerOf(r.materialId), { intent: "withdraw_preview" });
    const withdrawn = await rows<{ id: number }>(`SELECT id FROM materials WHERE status = 'draft' AND EXISTS (SELECT 1 FROM preview_rounds r WHERE r."materialId" = materials.id) ORDER BY id`);
    for (const m of withdrawn) if (rng.chance(0.5)) await act(m.id, await ownerOf(m.id), { intent: "submit" });
  }

  async function toCheck() {
    const items = await rows<{ id: number; materialId: number; authorId: number }>(
      `SELECT c.id, c."materialId", c."authorId" FROM comments c JOIN material_versions v ON v.id = c."versionId"
       WHERE c."parentId" IS NULL AND c.kind = 'comment' AND c."checkState" IS NULL AND c.state IN ('accepted', 'resolved')
         AND v.number < (SELECT MAX(w.number) FROM material_versions w WHERE w."materialId" = c."materialId") ORDER BY c.id`,
    );
    for (const c of items) {
      if (!rng.chance(0.4)) continue;
      const reopen = rng.chance(0.15);
      await act(c.materialId, emails.get(c.authorId)!, { intent: "check", commentId: String(c.id), check: reopen ? "reopen" : "done", note: reopen ? "Still not right on the new version." : "" });
    }
  }

  /** A day passes: every deadline comes a day sooner, then the sweep runs (now and then twice at once). */
  async function nextDay() {
    for (const [table, column] of [
      ["preview_rounds", "dueAt"],
      ["preview_rounds", "reminderAt"],
      ["escalations", "decideBy"],
      ["comments", "escalateAt"],
    ]) {
      await shift(db, table, column, DAY);
    }
    const now = new Date();
    if (rng.chance(0.2)) {
      report.parallelSweeps++;
      await Promise.all([runSweep(db, { now }), runSweep(second, { now })]);
    } else {
      await runSweep(db, { now });
    }
  }

  try {
    for (let day = 1; day <= options.days; day++) {
      await newMaterials(day);
      await committees();
      await marketingAnswers(0.65, 0.6);
      await commenters(0.5, 0.5);
      await managers(0.5);
      await marketingReleases(0.5, 0.3);
      await releasedLife();
      await toCheck();
      await nextDay();
      if (day % 5 === 0) log(`day ${day}: ${report.requests} requests`);
    }
    await measure(db, report, log);
    // Everyone finishes their work: what could be released now is.
    for (let pass = 0; pass < 12; pass++) {
      await committees();
      await marketingAnswers(1, 1);
      await commenters(1, 1);
      await managers(1, true);
      await marketingReleases(1, 0);
      await nextDay();
      await nextDay();
    }
    const blocked = await rows<{ id: number }>(
      `SELECT m.id FROM materials m JOIN material_versions v ON v."materialId" = m.id AND v.number = (SELECT MAX(w.number) FROM material_versions w WHERE w."materialId" = m.id)
       WHERE m."archivedAt" IS NULL AND EXISTS (SELECT 1 FROM preview_rounds r WHERE r."versionId" = v.id AND r.state = 'closed') AND (m."releasedVersionId" IS NULL OR m."releasedVersionId" <> v.id)`,
    );
    report.blockedForGood = blocked.length;
    for (const m of blocked) log(`still blocked: material ${m.id}: ${(await releaseStatus(db, m.id, "UTC")).block?.message ?? "nothing blocks it"}`);
    return report;
  } finally {
    await db.close();
    await second.close();
  }
}

/** Moves one time column back by `ms` on every row, in the storage format of the dialect. */
async function shift(db: Database, table: string, column: string, ms: number) {
  if (db.dialect === "postgres") {
    await db.sequelize.query(`UPDATE ${table} SET "${column}" = "${column}" - :ms * INTERVAL '1 millisecond' WHERE "${column}" IS NOT NULL`, { replacements: { ms } });
    return;
  }
  // SQLite: Sequelize stores "YYYY-MM-DD HH:MM:SS.SSS +00:00"; the same format is written back.
  await db.sequelize.query(
    `UPDATE ${table} SET "${column}" = strftime('%Y-%m-%d %H:%M:%f', julianday(substr("${column}", 1, 23)) - :days) || ' +00:00' WHERE "${column}" IS NOT NULL`,
    { replacements: { days: ms / DAY } },
  );
}

/** The counts that must be zero, and the size of what was simulated. */
async function measure(db: Database, report: SimulationReport, log: (line: string) => void = () => undefined) {
  const one = async (sql: string) => Number((await db.sequelize.query<{ n: number }>(sql, { type: QueryTypes.SELECT }))[0].n);
  report.materials = await one(`SELECT COUNT(*) AS n FROM materials WHERE title LIKE 'Sim day %'`);
  report.rounds = await one(`SELECT COUNT(*) AS n FROM preview_rounds`);
  report.comments = await one(`SELECT COUNT(*) AS n FROM comments WHERE "parentId" IS NULL AND kind = 'comment'`);
  report.escalations = await one(`SELECT COUNT(*) AS n FROM escalations`);
  report.released = await one(`SELECT COUNT(*) AS n FROM materials WHERE "releasedVersionId" IS NOT NULL`);
  const orphans = await db.sequelize.query<Record<string, unknown>>(
    `SELECT c.id, c.state, c."materialId", c."versionId", c."roundId", r.state AS "roundState", m.status, c."followsId", c."answeredAt", c."escalatedAt" FROM comments c LEFT JOIN preview_rounds r ON r.id = c."roundId" JOIN materials m ON m.id = c."materialId"
     WHERE c."parentId" IS NULL AND c.state IN ('open', 'declined', 'held')
       AND COALESCE(r.state, '') <> 'open'
       AND c."escalateAt" IS NULL
       AND NOT EXISTS (SELECT 1 FROM escalations e WHERE e."commentId" = c.id AND e.state = 'open')
       AND NOT (COALESCE(r.state, '') = 'withdrawn' AND NOT EXISTS (
         SELECT 1 FROM preview_rounds later WHERE later."materialId" = c."materialId" AND later."teamId" = r."teamId" AND later.id > r.id))`,
    { type: QueryTypes.SELECT },
  );
  report.orphanedComments = orphans.length;
  for (const o of orphans) log(`orphaned: ${JSON.stringify(o)}`);
  report.unheldEscalations = await one(
    `SELECT COUNT(*) AS n FROM escalations e WHERE e.state = 'open' AND e.overdue = ${db.dialect === "postgres" ? "false" : "0"}
       AND NOT EXISTS (SELECT 1 FROM escalation_assignees a WHERE a."escalationId" = e.id AND a.level = e.level)`,
  );
  report.releasedNeverPreviewed = await one(
    `SELECT COUNT(*) AS n FROM materials m WHERE m."releasedVersionId" IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM preview_rounds r WHERE r."versionId" = m."releasedVersionId" AND r.state = 'closed')`,
  );
}
