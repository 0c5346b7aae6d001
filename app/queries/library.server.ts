import type { User } from "../../models/index";
import { selectRows, sqlDay, type Database } from "../lib/db.server";
import { MATERIAL_KIND_LABELS, type MaterialKind } from "../domain/materials";
import { COUNT_CAP, LOOKAHEAD, type LibraryCount } from "../domain/library";
import { likePattern, PAGE_SIZE, type LibraryFilters } from "../schemas/filters";
import { decisionLabel } from "../domain/workflow/index";
import { seesAllMaterials } from "../rules/material-access.server";
import { feedbackCounts } from "./feedback.server";

/** The teams whose library a person sees: their own; everyone's for marketing, managers and admins. */
export async function libraryTeams(database: Database, viewer: User): Promise<{ id: number; name: string }[]> {
  if (seesAllMaterials(viewer)) return selectRows(database, `SELECT id, name FROM sales_teams ORDER BY name`);
  return selectRows(
    database,
    `SELECT t.id, t.name FROM sales_teams t JOIN team_memberships tm ON tm."teamId" = t.id WHERE tm."userId" = :id ORDER BY t.name`,
    { id: viewer.id },
  );
}

/**
 * The sales library: released material for the viewer's teams, newest first, searched in
 * title and description (the search is literal: % and _ match themselves), one page at a
 * time, in the database.
 *
 * One ordered walk finds the page and counts LOOKAHEAD results past its start (never beyond
 * COUNT_CAP), so a common word costs the same as a rare one's first hits and nothing is
 * walked twice; a page past the end is the one case that counts everything, to find the last page.
 */
export async function searchLibrary(database: Database, teams: { id: number }[], filters: LibraryFilters) {
  const teamIds = filters.teamId ? [filters.teamId] : teams.map((t) => t.id);
  const none = { total: 0, exact: true, capped: false, page: 1, pages: 1, items: [] };
  if (teamIds.length === 0) return none;
  const like = database.dialect === "postgres" ? "ILIKE" : "LIKE";
  const clauses = [
    `m.status = 'released' AND m."archivedAt" IS NULL`,
    // EXISTS rather than IN: the planner then walks released material newest first on its
    // index and stops after the page, instead of sorting every material of the team.
    `EXISTS (SELECT 1 FROM material_teams mt WHERE mt."materialId" = m.id AND mt."teamId" IN (:teamIds))`,
  ];
  const replacements: Record<string, unknown> = { teamIds };
  if (filters.q) {
    clauses.push(`(m.title ${like} :q ESCAPE '\\' OR m.description ${like} :q ESCAPE '\\')`);
    replacements.q = likePattern(filters.q);
  }
  if (filters.kind) {
    clauses.push("m.kind = :kind");
    replacements.kind = filters.kind;
  }
  if (filters.from) {
    clauses.push(`m."updatedAt" >= :from`);
    replacements.from = new Date(`${filters.from}T00:00:00Z`);
  }
  if (filters.to) {
    clauses.push(`m."updatedAt" < :to`);
    replacements.to = new Date(new Date(`${filters.to}T00:00:00Z`).getTime() + 86_400_000);
  }
  const where = clauses.join(" AND ");
  const idsFrom = async (offset: number, limit: number) =>
    (
      await selectRows<{ id: number }>(
        database,
        `SELECT m.id FROM materials m WHERE ${where} ORDER BY m."updatedAt" DESC, m.id DESC LIMIT :limit OFFSET :offset`,
        { ...replacements, limit, offset },
      )
    ).map((r) => r.id);

  const lastPage = Math.ceil(COUNT_CAP / PAGE_SIZE);
  let page = Math.min(filters.page, lastPage);
  let offset = (page - 1) * PAGE_SIZE;
  let ahead = Math.min(LOOKAHEAD, COUNT_CAP - offset);
  let ids = await idsFrom(offset, ahead + 1);
  if (ids.length === 0 && page > 1) {
    // Past the end: count (up to the cap) to find the last page, and show that.
    const all = await idsFrom(0, COUNT_CAP + 1);
    if (all.length === 0) return none;
    page = Math.ceil(Math.min(all.length, COUNT_CAP) / PAGE_SIZE);
    offset = (page - 1) * PAGE_SIZE;
    ahead = Math.min(LOOKAHEAD, COUNT_CAP - offset);
    ids = all.slice(offset, offset + ahead + 1);
  }
  if (ids.length === 0) return none;
  const exact = ids.length <= ahead;
  const total = offset + Math.min(ids.length, ahead);
  const count: LibraryCount = { total, exact, capped: !exact && total >= COUNT_CAP, page, pages: Math.ceil(total / PAGE_SIZE) };
  return { ...count, items: await describe(database, ids.slice(0, PAGE_SIZE)) };
}

/**
 * For one page of results, in the order given: each material with its released version (a
 * newer one may be in preview; the sales teams keep the released one until it is released), its
 * teams, the committee's summary of that version, and how much feedback from the field it
 * has. Four plain queries whose rows are read
 * as they come: this is the library's hot path, and building model instances for them cost
 * more than the queries.
 */
async function describe(database: Database, ids: number[]) {
  const select = <T extends object>(sql: string) => selectRows<T>(database, sql, { ids });
  const [materials, targets, decisions, feedback] = await Promise.all([
    select<{
      id: number;
      title: string;
      description: string;
      kind: MaterialKind;
      updatedAt: string | Date;
      versionId: number | null;
      number: number | null;
      changeNote: string | null;
    }>(
      `SELECT m.id, m.title, m.description, m.kind, m."updatedAt", v.id AS "versionId", v.number, v."changeNote"
       FROM materials m LEFT JOIN material_versions v
         ON v.id = COALESCE(m."releasedVersionId", (SELECT w.id FROM material_versions w WHERE w."materialId" = m.id ORDER BY w.number DESC LIMIT 1))
       WHERE m.id IN (:ids)`,
    ),
    select<{ materialId: number; name: string }>(
      `SELECT mt."materialId", t.name FROM material_teams mt JOIN sales_teams t ON t.id = mt."teamId" WHERE mt."materialId" IN (:ids) ORDER BY t.name`,
    ),
    // The decisions of the rounds on each material's released version, in the order they were asked.
    select<{ materialId: number; name: string; decision: string; summary: string | null }>(
      `SELECT r."materialId", u.name, d.decision, d.summary FROM preview_rounds r
       JOIN round_decisions d ON d."roundId" = r.id JOIN users u ON u.id = d."userId"
       WHERE r."materialId" IN (:ids) AND r."versionId" = (SELECT COALESCE(m."releasedVersionId", (SELECT v.id FROM material_versions v WHERE v."materialId" = m.id ORDER BY v.number DESC LIMIT 1)) FROM materials m WHERE m.id = r."materialId")
       ORDER BY r.id, d.id`,
    ),
    feedbackCounts(database, ids),
  ]);
  const group = <T extends { materialId: number }>(list: T[]) => {
    const map = new Map<number, T[]>();
    for (const item of list) {
      const items = map.get(item.materialId);
      if (items) items.push(item);
      else map.set(item.materialId, [item]);
    }
    return map;
  };
  const byId = new Map(materials.map((m) => [m.id, m]));
  const teamsOf = group(targets);
  const decisionsOf = group(decisions);
  return ids.flatMap((id) => {
    const m = byId.get(id);
    if (!m) return []; // deleted between the two reads
    return [
      {
        id,
        title: m.title,
        description: m.description,
        kind: MATERIAL_KIND_LABELS[m.kind],
        releasedAt: sqlDay(m.updatedAt),
        version: m.versionId === null ? null : { id: m.versionId, number: m.number as number, changeNote: m.changeNote },
        teams: (teamsOf.get(id) ?? []).map((t) => t.name),
        summary: (decisionsOf.get(id) ?? []).map((d) => ({ name: d.name, label: decisionLabel(d.decision), summary: d.summary ?? null })),
        feedback: feedback.get(id) ?? 0,
      },
    ];
  });
}
