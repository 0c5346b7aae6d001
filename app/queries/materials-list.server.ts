import type { User } from "../../models/index";
import { selectRows, sqlDate, sqlDay, type Database } from "../lib/db.server";
import type { MaterialKind, MaterialStatus } from "../domain/materials";
import { LIST_PAGE_SIZE, listStatus, type ListStatus } from "../domain/material-list";
import { likePattern } from "../schemas/filters";
import type { MaterialsListFilters } from "../schemas/materials-list";
import { libraryTeams } from "./library.server";
import { seesAllMaterials } from "../rules/material-access.server";
import { clock, type Clock } from "./workflow-views.server";

export interface MaterialsListRow {
  id: number;
  title: string;
  kind: MaterialKind;
  status: ListStatus;
  owner: string;
  teams: string[];
  updatedAt: string;
  /** The earliest deadline among the material's open rounds; null when no preview is running. */
  nextDue: Clock | null;
  /** Decisions recorded in the open rounds of the latest version, over their committee seats; null when none is open. */
  progress: { decided: number; seats: number; changesRequested: number } | null;
}

export interface MaterialsList {
  total: number;
  page: number;
  pages: number;
  rows: MaterialsListRow[];
}

/** The teams whose material a person sees, for the team filter: theirs; every team for marketing, managers and admins. */
export const listTeams = libraryTeams;

/**
 * The materials list: what the viewer may see (every material for marketing, managers and
 * admins; those aimed at one of their teams for everyone else), searched by title (literal,
 * case-insensitive), filtered by status and team, newest change first, one page at a time.
 *
 * Four queries whatever the page holds: the count, the page with its next deadline, the
 * reviewers' progress of the page's materials, and their teams. A page past the end shows
 * the last page.
 */
export async function listMaterials(
  database: Database,
  viewer: User,
  teams: readonly { id: number }[],
  filters: MaterialsListFilters,
  at: Date,
): Promise<MaterialsList> {
  const clauses: string[] = [];
  const replacements: Record<string, unknown> = {};
  if (!seesAllMaterials(viewer)) {
    if (teams.length === 0) return { total: 0, page: 1, pages: 1, rows: [] };
    clauses.push(`EXISTS (SELECT 1 FROM material_teams mt WHERE mt."materialId" = m.id AND mt."teamId" IN (:visibleTeamIds))`);
    replacements.visibleTeamIds = teams.map((t) => t.id);
  }
  if (filters.teamId !== null) {
    clauses.push(`EXISTS (SELECT 1 FROM material_teams ft WHERE ft."materialId" = m.id AND ft."teamId" = :teamId)`);
    replacements.teamId = filters.teamId;
  }
  if (filters.status === "archived") clauses.push(`m."archivedAt" IS NOT NULL`);
  else if (filters.status !== null) {
    clauses.push(`m.status = :status AND m."archivedAt" IS NULL`);
    replacements.status = filters.status;
  }
  if (filters.q) {
    // SQLite's LIKE ignores ASCII case; PostgreSQL needs ILIKE for the same answer.
    clauses.push(`m.title ${database.dialect === "postgres" ? "ILIKE" : "LIKE"} :q ESCAPE '\\'`);
    replacements.q = likePattern(filters.q);
  }
  const where = clauses.length ? clauses.join(" AND ") : "1 = 1";

  const [{ n }] = await selectRows<{ n: number | string }>(database, `SELECT COUNT(*) AS n FROM materials m WHERE ${where}`, replacements);
  const total = Number(n);
  const pages = Math.max(1, Math.ceil(total / LIST_PAGE_SIZE));
  const page = Math.min(filters.page, pages);
  if (total === 0) return { total, page, pages, rows: [] };

  // The page is chosen first and its deadlines looked up after, so only its rows pay for them.
  const materials = await selectRows<{
    id: number;
    title: string;
    kind: MaterialKind;
    status: MaterialStatus;
    archivedAt: string | Date | null;
    updatedAt: string | Date;
    owner: string | null;
    nextDueAt: string | Date | null;
  }>(
    database,
    `SELECT p.id, p.title, p.kind, p.status, p."archivedAt", p."updatedAt", u.name AS owner,
       (SELECT MIN(r."dueAt") FROM preview_rounds r WHERE r."materialId" = p.id AND r.state = 'open') AS "nextDueAt"
     FROM (SELECT m.id, m.title, m.kind, m.status, m."archivedAt", m."updatedAt", m."ownerId" FROM materials m
           WHERE ${where} ORDER BY m."updatedAt" DESC, m.id DESC LIMIT :limit OFFSET :offset) p
     LEFT JOIN users u ON u.id = p."ownerId"
     ORDER BY p."updatedAt" DESC, p.id DESC`,
    { ...replacements, limit: LIST_PAGE_SIZE, offset: (page - 1) * LIST_PAGE_SIZE },
  );
  if (materials.length === 0) return { total, page, pages, rows: [] };
  const ids = materials.map((m) => m.id);
  const [progress, targets] = await Promise.all([
    selectRows<{ materialId: number; seats: number | string; decided: number | string; changesRequested: number | string }>(
      database,
      `SELECT r."materialId", COUNT(*) AS seats,
         SUM(CASE WHEN d.decision <> 'pending' THEN 1 ELSE 0 END) AS decided,
         SUM(CASE WHEN d.decision = 'changes_requested' THEN 1 ELSE 0 END) AS "changesRequested"
       FROM preview_rounds r JOIN round_decisions d ON d."roundId" = r.id
       WHERE r."materialId" IN (:ids) AND r.state = 'open'
         AND r."versionId" = (SELECT v.id FROM material_versions v WHERE v."materialId" = r."materialId" ORDER BY v.number DESC LIMIT 1)
       GROUP BY r."materialId"`,
      { ids },
    ),
    selectRows<{ materialId: number; name: string }>(
      database,
      `SELECT mt."materialId", t.name FROM material_teams mt JOIN sales_teams t ON t.id = mt."teamId" WHERE mt."materialId" IN (:ids) ORDER BY t.name`,
      { ids },
    ),
  ]);
  const progressOf = new Map(progress.map((p) => [Number(p.materialId), { decided: Number(p.decided), seats: Number(p.seats), changesRequested: Number(p.changesRequested) }]));
  const teamsOf = new Map<number, string[]>();
  for (const t of targets) {
    const list = teamsOf.get(Number(t.materialId));
    if (list) list.push(t.name);
    else teamsOf.set(Number(t.materialId), [t.name]);
  }
  return {
    total,
    page,
    pages,
    rows: materials.map((m) => ({
      id: m.id,
      title: m.title,
      kind: m.kind,
      status: listStatus(m.status, m.archivedAt),
      owner: m.owner ?? "",
      teams: teamsOf.get(m.id) ?? [],
      updatedAt: sqlDay(m.updatedAt),
      nextDue: m.nextDueAt === null ? null : clock(sqlDate(m.nextDueAt), at, viewer.timeZone),
      progress: progressOf.get(m.id) ?? null,
    })),
  };
}
