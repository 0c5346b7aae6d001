import { Op } from "sequelize";
import type { Material } from "../../models/index";
import type { Database } from "../lib/db.server";
import { selectRows } from "../lib/db.server";
import { AppError, InputError } from "../lib/errors";
import type { Actor } from "../lib/permissions";
import { usageBuffer } from "../lib/usage-buffer.server";
import { PAGE_REPORTS_PER_MINUTE, type UsageKind } from "../domain/usage";
import { PagesSeenSchema, type UsedFormInput } from "../schemas/usage";
import { loadVisibleMaterial, type MaterialAccess } from "../rules/material-access.server";

/** In the library: released, and not archived since. */
export function isInLibrary(material: Pick<Material, "releasedVersionId" | "archivedAt">) {
  return material.releasedVersionId !== null && material.archivedAt === null;
}

/**
 * The target team through which `actor` uses the material: their own team among its targets,
 * when they are a sales rep (committee or not). Marketing opening its own material, a manager
 * or an admin is not use, so they have none.
 */
async function teamOfRep(database: Database, actor: Actor, access: MaterialAccess): Promise<number | null> {
  if (actor.role !== "sales" || !access.onTeam) return null;
  const membership = await database.models.TeamMembership.findOne({
    where: { userId: actor.id, teamId: { [Op.in]: access.targetTeamIds } },
    attributes: ["teamId"],
    order: [["teamId", "ASC"]],
  });
  return membership?.teamId ?? null;
}

/** The actor's time zone: on the signed-in user already, or read. */
async function timeZoneOf(database: Database, actor: Actor & { timeZone?: unknown }) {
  if (typeof actor.timeZone === "string") return actor.timeZone;
  return (await database.models.User.findByPk(actor.id, { attributes: ["timeZone"] }))?.timeZone ?? "UTC";
}

/** The local calendar day of `at` in `timeZone` (YYYY-MM-DD). */
function localDay(at: Date, timeZone: string) {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

export interface UsageOptions {
  /** USAGE_RECORDING: off, opens, downloads and page views are not recorded. */
  recording: boolean;
}

/**
 * The material page's part: records `opened` when a rep of a target team opens the released
 * version (through the buffer, off the request's path), and returns what the viewer may show
 * of the material's use (see usageFigures) and whether the viewer reports pages seen.
 */
export async function usageOnMaterialPage(database: Database, actor: Actor, materialId: number, versionId: number, at: Date, options: UsageOptions) {
  const access = await loadVisibleMaterial(database, actor, materialId);
  const { material } = access;
  const released = isInLibrary(material) && material.releasedVersionId === versionId;
  const teamId = released ? await teamOfRep(database, actor, access) : null;
  const timeZone = await timeZoneOf(database, actor);
  // Read before this opening is buffered, and counted in by hand: the rep's own figure
  // includes the visit they are on, though its row is written a moment later.
  const figures = material.releasedVersionId !== null ? await usageFigures(database, actor, access) : null;
  if (teamId !== null && options.recording && isNewOpening(`${actor.id}:${materialId}`, at)) {
    usageBuffer(database).add({ userId: actor.id, materialId, versionId, teamId, kind: "opened", createdAt: at });
    if (figures?.scope === "own") figures.own.opened += 1;
  }
  return {
    /** The viewer reports pages seen, and the "used with a customer" form is offered. */
    records: teamId !== null,
    reportsPages: teamId !== null && options.recording,
    today: localDay(at, timeZone),
    releasedOn: material.releasedAt ? localDay(material.releasedAt, timeZone) : null,
    figures,
  };
}

/** Records `downloaded` when a rep of a target team presses Download on the released version. */
export async function recordDownload(database: Database, actor: Actor, access: MaterialAccess, versionId: number, at: Date, options: UsageOptions) {
  if (!options.recording || !isInLibrary(access.material) || access.material.releasedVersionId !== versionId) return;
  const teamId = await teamOfRep(database, actor, access);
  if (teamId === null) return;
  usageBuffer(database).add({ userId: actor.id, materialId: access.material.id, versionId, teamId, kind: "downloaded", createdAt: at });
}

/**
 * What a rep of a target team may record about a material: it must be in the library and
 * the version the released one. Anyone else gets a refusal, and nothing is written.
 */
async function requireRecordingRep(database: Database, actor: Actor, materialId: number, versionId: number | null) {
  const access = await loadVisibleMaterial(database, actor, materialId);
  const teamId = await teamOfRep(database, actor, access);
  if (teamId === null) throw new AppError("forbidden", { message: "Only sales reps of the teams this material is for record its use." });
  const { material } = access;
  if (!isInLibrary(material)) throw new InputError({ form: "This material is not in the library (not released, or archived): its use is not recorded." }, 409);
  if (versionId !== null && versionId !== material.releasedVersionId) {
    throw new InputError({ form: "That is not the released version of this material: only the released version's use is recorded." }, 409);
  }
  return { access, teamId, material };
}

/**
 * "Used with a customer", as the rep says it: on a day not in the future and not before the
 * release (both in the rep's time zone). Written at once, not through the buffer: the rep
 * waits for it and then sees it in their history.
 */
export async function recordUse(database: Database, actor: Actor, materialId: number, input: UsedFormInput, at: Date) {
  const { material, teamId } = await requireRecordingRep(database, actor, materialId, null);
  const timeZone = await timeZoneOf(database, actor);
  const today = localDay(at, timeZone);
  if (input.usedOn > today) throw new InputError({ usedOn: `That day is in the future: enter ${today} or earlier.` });
  const releasedOn = material.releasedAt ? localDay(material.releasedAt, timeZone) : today;
  if (input.usedOn < releasedOn) throw new InputError({ usedOn: `It was released on ${releasedOn}: enter that day or later.` });
  await database.write((t) =>
    database.models.UsageEvent.create(
      { userId: actor.id, materialId, versionId: material.releasedVersionId!, teamId, kind: "used", account: input.account, usedOn: input.usedOn, note: input.note, createdAt: at },
      { transaction: t },
    ),
  );
}

/**
 * An opening is a visit: the page loaded again within OPENING_MS of the last time (a
 * reload, the page's own data refreshed after a form is sent, the way back from the
 * library) is the same opening. Kept in this process; behind a balancer, a visit whose
 * requests reach two processes may count twice.
 */
const OPENING_MS = 30 * 60_000;
const lastOpened = new Map<string, number>();

function isNewOpening(key: string, at: Date) {
  const last = lastOpened.get(key);
  if (last !== undefined && at.getTime() - last < OPENING_MS && at.getTime() >= last) return false;
  lastOpened.set(key, at.getTime());
  if (lastOpened.size > 50_000) for (const [k, t] of lastOpened) if (at.getTime() - t >= OPENING_MS) lastOpened.delete(k);
  return true;
}

/**
 * Reports per person and material in the last minute, in this process. A viewer sends at
 * most one every ten seconds, so PAGE_REPORTS_PER_MINUTE is far above any honest reader.
 */
const reportTimes = new Map<string, number[]>();

function allowReport(key: string, at: Date) {
  const since = at.getTime() - 60_000;
  const times = (reportTimes.get(key) ?? []).filter((t) => t > since);
  if (times.length >= PAGE_REPORTS_PER_MINUTE) {
    reportTimes.set(key, times);
    return false;
  }
  times.push(at.getTime());
  reportTimes.set(key, times);
  // Keys of people who stopped reading go, so the map follows the readers of the last minute.
  if (reportTimes.size > 10_000) for (const [k, v] of reportTimes) if (v[v.length - 1] <= since) reportTimes.delete(k);
  return true;
}

/** Forgets the rate limit's and the openings' history (tests that move time backwards). */
export function resetUsageMemory() {
  reportTimes.clear();
  lastOpened.clear();
}

/**
 * The viewer's report of pages seen (each at least half on screen for 2 s): refused when the
 * person may not see the material (404), is not a rep of a target team (403), the material
 * is not released or the version not the released one (409), the pages do not exist in the
 * version (400), or the person has sent too many reports this minute (429). Accepted pages go
 * to the buffer, each once.
 */
export async function recordPagesSeen(database: Database, actor: Actor, materialId: number, body: unknown, at: Date, options: UsageOptions) {
  const parsed = PagesSeenSchema.safeParse(body);
  const versionId = parsed.success ? parsed.data.versionId : null;
  const { teamId, material } = await requireRecordingRep(database, actor, materialId, versionId);
  if (!allowReport(`${actor.id}:${materialId}`, at)) {
    throw new InputError({ form: `Too many page-view reports for this material: at most ${PAGE_REPORTS_PER_MINUTE} a minute. Nothing was recorded; wait a minute.` }, 429);
  }
  if (!parsed.success) {
    const shape = 'A page-view report is JSON: {"versionId": 12, "pages": [1, 2, 3]}.';
    throw new InputError({ form: typeof body === "object" && body !== null && !Array.isArray(body) ? (parsed.error.issues[0]?.message ?? shape) : shape });
  }
  const version = await database.models.MaterialVersion.findByPk(material.releasedVersionId!, { attributes: ["id", "pageCount"] });
  const pages = [...new Set(parsed.data.pages)].sort((a, b) => a - b);
  const beyond = pages.find((p) => p > (version?.pageCount ?? 0));
  if (beyond !== undefined) throw new InputError({ form: `Page ${beyond} does not exist: this version has ${version?.pageCount ?? 0} page${version?.pageCount === 1 ? "" : "s"}.` });
  if (!options.recording) return 0;
  usageBuffer(database).add(...pages.map((page) => ({ userId: actor.id, materialId, versionId: material.releasedVersionId!, teamId, kind: "page_seen" as const, page, createdAt: at })));
  return pages.length;
}

export interface TeamUsage {
  team: string;
  /** Distinct reps who opened it, among the raw events still kept (USAGE_RAW_DAYS). */
  reps: number;
  opened: number;
  downloaded: number;
  used: number;
  /** Per page: how many readings saw it. */
  pages: { page: number; seen: number }[];
}

export interface OwnUsage {
  opened: number;
  downloaded: number;
  used: number;
  pagesSeen: number;
  uses: { usedOn: string; account: string | null; note: string | null }[];
}

export type UsageFigures =
  | { scope: "own"; own: OwnUsage }
  | { scope: "teams"; teams: TeamUsage[]; reports: ({ name: string } & Omit<OwnUsage, "uses">)[] };

const count = (v: unknown) => Number(v ?? 0);

/**
 * Who sees what of a material's use. Marketing (and admins) see team totals only, never who:
 * no query here returns a person to them. A rep sees their own history. A manager sees the
 * team totals and, by name, the people who report to them.
 */
export async function usageFigures(database: Database, actor: Actor, access: MaterialAccess): Promise<UsageFigures> {
  const materialId = access.material.id;
  if (actor.role === "sales") return { scope: "own", own: await ownUsage(database, actor.id, materialId) };

  const [raw, rolled, teams] = await Promise.all([
    selectRows<{ teamId: number; kind: UsageKind; page: number | null; n: number | string; people: number | string }>(
      database,
      `SELECT "teamId", kind, page, COUNT(*) AS n, COUNT(DISTINCT "userId") AS people FROM usage_events WHERE "materialId" = :materialId GROUP BY "teamId", kind, page`,
      { materialId },
    ),
    selectRows<{ teamId: number; kind: UsageKind; page: number; n: number | string }>(
      database,
      `SELECT "teamId", kind, page, SUM(count) AS n FROM usage_daily WHERE "materialId" = :materialId GROUP BY "teamId", kind, page`,
      { materialId },
    ),
    database.models.SalesTeam.findAll({ where: { id: { [Op.in]: access.targetTeamIds.length ? access.targetTeamIds : [-1] } }, attributes: ["id", "name"], order: [["name", "ASC"]] }),
  ]);
  const byTeam = new Map<number, TeamUsage>(teams.map((t) => [t.id, { team: t.name, reps: 0, opened: 0, downloaded: 0, used: 0, pages: [] }]));
  const pageCounts = new Map<number, Map<number, number>>();
  for (const row of [...raw, ...rolled.map((r) => ({ ...r, people: 0 }))]) {
    const teamId = Number(row.teamId);
    const usage = byTeam.get(teamId);
    if (!usage) continue;
    if (row.kind === "page_seen") {
      const pages = pageCounts.get(teamId) ?? new Map<number, number>();
      pages.set(Number(row.page), (pages.get(Number(row.page)) ?? 0) + count(row.n));
      pageCounts.set(teamId, pages);
    } else {
      usage[row.kind] += count(row.n);
      if (row.kind === "opened") usage.reps += count(row.people);
    }
  }
  for (const [teamId, pages] of pageCounts) {
    byTeam.get(teamId)!.pages = [...pages].sort(([a], [b]) => a - b).map(([page, seen]) => ({ page, seen }));
  }

  const reports = actor.role === "manager" ? await reportsUsage(database, actor.id, materialId) : [];
  return { scope: "teams", teams: [...byTeam.values()], reports };
}

async function ownUsage(database: Database, userId: number, materialId: number): Promise<OwnUsage> {
  const [kinds, uses] = await Promise.all([
    selectRows<{ kind: UsageKind; n: number | string; pages: number | string }>(
      database,
      `SELECT kind, COUNT(*) AS n, COUNT(DISTINCT page) AS pages FROM usage_events WHERE "userId" = :userId AND "materialId" = :materialId GROUP BY kind`,
      { userId, materialId },
    ),
    database.models.UsageEvent.findAll({
      where: { userId, materialId, kind: "used" },
      attributes: ["usedOn", "account", "note"],
      order: [["usedOn", "DESC"], ["id", "DESC"]],
      limit: 20,
    }),
  ]);
  const of = (kind: UsageKind) => kinds.find((k) => k.kind === kind);
  return {
    opened: count(of("opened")?.n),
    downloaded: count(of("downloaded")?.n),
    used: count(of("used")?.n),
    pagesSeen: count(of("page_seen")?.pages),
    uses: uses.map((u) => ({ usedOn: u.usedOn ?? "", account: u.account ?? null, note: u.note ?? null })),
  };
}

async function reportsUsage(database: Database, managerId: number, materialId: number) {
  const reports = await database.models.User.findAll({ where: { reportsToId: managerId }, attributes: ["id", "name"], order: [["name", "ASC"]] });
  if (reports.length === 0) return [];
  const rows = await selectRows<{ userId: number; kind: UsageKind; n: number | string; pages: number | string }>(
    database,
    `SELECT "userId", kind, COUNT(*) AS n, COUNT(DISTINCT page) AS pages FROM usage_events WHERE "materialId" = :materialId AND "userId" IN (:ids) GROUP BY "userId", kind`,
    { materialId, ids: reports.map((r) => r.id) },
  );
  return reports
    .map((r) => {
      const of = (kind: UsageKind) => rows.find((row) => Number(row.userId) === r.id && row.kind === kind);
      return { name: r.name, opened: count(of("opened")?.n), downloaded: count(of("downloaded")?.n), used: count(of("used")?.n), pagesSeen: count(of("page_seen")?.pages) };
    })
    .filter((r) => r.opened + r.downloaded + r.used + r.pagesSeen > 0);
}
