import { Op, QueryTypes } from "sequelize";
import type { User } from "../../models/index";
import type { Database } from "../lib/db.server";
import { MATERIAL_KIND_LABELS, type MaterialKind } from "../domain/materials";
import { likePattern, PAGE_SIZE, type LibraryFilters } from "../schemas/filters";
import { decisionLabel } from "./close-round.server";
import { seesAllMaterials, teamIdsOf } from "./material-access.server";

/** Results are counted up to this many; the pages go as far as the count. */
export const COUNT_CAP = 1000;

/** The teams whose library a person sees: their own; everyone's for marketing, managers and admins. */
export async function libraryTeams(database: Database, viewer: User) {
  const where = seesAllMaterials(viewer) ? {} : { id: { [Op.in]: await teamIdsOf(database, viewer.id) } };
  const teams = await database.models.SalesTeam.findAll({ where, attributes: ["id", "name"], order: [["name", "ASC"]] });
  return teams.map((t) => ({ id: t.id, name: t.name }));
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
  const clauses = [`m.status = 'released'`, `m.id IN (SELECT "materialId" FROM material_teams WHERE "teamId" IN (:teamIds))`];
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
  const [{ total }] = await database.sequelize.query<{ total: number }>(
    `SELECT COUNT(*) AS total FROM (SELECT 1 FROM materials m WHERE ${where} LIMIT ${COUNT_CAP + 1}) capped`,
    { replacements, type: QueryTypes.SELECT },
  );
  const pages = Math.max(1, Math.ceil(Math.min(Number(total), COUNT_CAP) / PAGE_SIZE));
  const page = Math.min(filters.page, pages);
  const rows = await database.sequelize.query<{ id: number; title: string; description: string; kind: MaterialKind; updatedAt: string | Date }>(
    `SELECT m.id, m.title, m.description, m.kind, m."updatedAt" FROM materials m WHERE ${where} ORDER BY m."updatedAt" DESC, m.id DESC LIMIT :limit OFFSET :offset`,
    { replacements: { ...replacements, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }, type: QueryTypes.SELECT },
  );
  return { total: Number(total), more: Number(total) > COUNT_CAP, page, pages, items: await describe(database, rows) };
}

/** For one page of results: each material's newest version, its teams, and the committee's summary of it. */
async function describe(database: Database, rows: { id: number; title: string; description: string; kind: MaterialKind; updatedAt: string | Date }[]) {
  if (rows.length === 0) return [];
  const { models } = database;
  const ids = rows.map((r) => r.id);
  const versions = await models.MaterialVersion.findAll({ where: { materialId: { [Op.in]: ids } }, attributes: ["id", "materialId", "number", "changeNote", "pageCount"], order: [["number", "DESC"]] });
  const newest = new Map<number, (typeof versions)[number]>();
  for (const v of versions) if (!newest.has(v.materialId)) newest.set(v.materialId, v);
  const targets = await models.MaterialTeam.findAll({ where: { materialId: { [Op.in]: ids } }, include: [{ association: "team", attributes: ["name"] }] });
  const rounds = await models.PreviewRound.findAll({
    where: { versionId: { [Op.in]: [...newest.values()].map((v) => v.id) } },
    include: [{ association: "decisions", include: [{ association: "user", attributes: ["name"] }] }],
  });
  return rows.map((r) => {
    const version = newest.get(r.id);
    return {
      id: r.id,
      title: r.title,
      description: r.description,
      kind: MATERIAL_KIND_LABELS[r.kind],
      releasedAt: new Date(r.updatedAt).toISOString().slice(0, 10),
      version: version ? { id: version.id, number: version.number, changeNote: version.changeNote, pageCount: version.pageCount } : null,
      teams: targets.filter((t) => t.materialId === r.id).map((t) => t.team?.name ?? ""),
      summary: rounds
        .filter((round) => round.materialId === r.id)
        .flatMap((round) => (round.decisions ?? []).map((d) => ({ name: d.user?.name ?? "", label: decisionLabel(d.decision), summary: d.summary ?? null }))),
    };
  });
}
