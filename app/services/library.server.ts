import type { User } from "../../models/index";
import { selectRows, sqlDate, type Database } from "../lib/db.server";
import { MATERIAL_KIND_LABELS, type MaterialKind } from "../domain/materials";
import { likePattern, PAGE_SIZE, type LibraryFilters } from "../schemas/filters";
import { decisionLabel } from "./close-round.server";
import { seesAllMaterials } from "./material-access.server";

/** Results are counted up to this many; the pages go as far as the count. */
export const COUNT_CAP = 1000;

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
 * time. Counting and paging happen in the database.
 */
export async function searchLibrary(database: Database, teams: { id: number }[], filters: LibraryFilters) {
  const teamIds = filters.teamId ? [filters.teamId] : teams.map((t) => t.id);
  if (teamIds.length === 0) return { total: 0, more: false, page: 1, pages: 1, items: [] };
  const like = database.dialect === "postgres" ? "ILIKE" : "LIKE";
  const clauses = [
    `m.status = 'released'`,
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
  // Counted up to COUNT_CAP: beyond that people refine the search rather than page through.
  // The count and the asked-for page are read side by side; a page past the end is read
  // again as the last page.
  const count = async () => {
    const [{ total }] = await selectRows<{ total: number }>(
      database,
      `SELECT COUNT(*) AS total FROM (SELECT 1 FROM materials m WHERE ${where} LIMIT ${COUNT_CAP + 1}) capped`,
      replacements,
    );
    return Number(total);
  };
  const pageOf = (n: number) =>
    selectRows<LibraryRow>(
      database,
      `SELECT m.id, m.title, m.description, m.kind, m."updatedAt" FROM materials m WHERE ${where} ORDER BY m."updatedAt" DESC, m.id DESC LIMIT :limit OFFSET :offset`,
      { ...replacements, limit: PAGE_SIZE, offset: (n - 1) * PAGE_SIZE },
    );
  const [total, asked] = await Promise.all([count(), pageOf(filters.page)]);
  const pages = Math.max(1, Math.ceil(Math.min(total, COUNT_CAP) / PAGE_SIZE));
  const page = Math.min(filters.page, pages);
  const rows = page === filters.page ? asked : await pageOf(page);
  return { total, more: total > COUNT_CAP, page, pages, items: await describe(database, rows) };
}

type LibraryRow = { id: number; title: string; description: string; kind: MaterialKind; updatedAt: string | Date };

/**
 * For one page of results: each material's newest version, its teams, and the committee's
 * summary of it. Three plain queries whose rows are read as they come: this is the
 * library's hot path, and building model instances for them cost more than the queries.
 */
async function describe(database: Database, rows: LibraryRow[]) {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const select = <T extends object>(sql: string) => selectRows<T>(database, sql, { ids });
  const [versions, targets, decisions] = await Promise.all([
    select<{ id: number; materialId: number; number: number; changeNote: string | null; pageCount: number }>(
      `SELECT v.id, v."materialId", v.number, v."changeNote", v."pageCount" FROM material_versions v
       WHERE v."materialId" IN (:ids) AND v.number = (SELECT MAX(w.number) FROM material_versions w WHERE w."materialId" = v."materialId")`,
    ),
    select<{ materialId: number; name: string }>(
      `SELECT mt."materialId", t.name FROM material_teams mt JOIN sales_teams t ON t.id = mt."teamId" WHERE mt."materialId" IN (:ids) ORDER BY t.name`,
    ),
    // The decisions of the rounds on each material's newest version, in the order they were asked.
    select<{ materialId: number; name: string; decision: string; summary: string | null }>(
      `SELECT r."materialId", u.name, d.decision, d.summary FROM preview_rounds r
       JOIN round_decisions d ON d."roundId" = r.id JOIN users u ON u.id = d."userId"
       WHERE r."materialId" IN (:ids) AND r."versionId" = (SELECT v.id FROM material_versions v WHERE v."materialId" = r."materialId" ORDER BY v.number DESC LIMIT 1)
       ORDER BY r.id, d.id`,
    ),
  ]);
  const group = <T extends { materialId: number }>(list: T[]) => {
    const map = new Map<number, T[]>();
    for (const item of list) map.set(item.materialId, [...(map.get(item.materialId) ?? []), item]);
    return map;
  };
  const newest = new Map(versions.map((v) => [v.materialId, v]));
  const teamsOf = group(targets);
  const decisionsOf = group(decisions);
  return rows.map((r) => {
    const version = newest.get(r.id);
    return {
      id: r.id,
      title: r.title,
      description: r.description,
      kind: MATERIAL_KIND_LABELS[r.kind],
      releasedAt: sqlDate(r.updatedAt).toISOString().slice(0, 10),
      version: version ? { id: version.id, number: version.number, changeNote: version.changeNote, pageCount: version.pageCount } : null,
      teams: (teamsOf.get(r.id) ?? []).map((t) => t.name),
      summary: (decisionsOf.get(r.id) ?? []).map((d) => ({ name: d.name, label: decisionLabel(d.decision), summary: d.summary ?? null })),
    };
  });
}
