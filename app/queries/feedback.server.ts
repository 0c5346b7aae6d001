import type { Database } from "../lib/db.server";
import { selectRows, sqlDate } from "../lib/db.server";
import { can, type Actor } from "../lib/permissions";
import { formRules } from "../lib/form-rules.server";
import { OUTCOME_LABELS, type FeedbackItem, type Outcome } from "../domain/feedback";
import { FeedbackFormSchema, FeedbackReplySchema, type FieldFilters } from "../schemas/feedback";
import { loadVisibleMaterial } from "../rules/material-access.server";
import { isInLibrary } from "./usage.server";

/** How many feedback entries a list shows at most, newest first. */
export const FEEDBACK_LIST_LIMIT = 100;


type Row = {
  id: number;
  materialId: number;
  title: string;
  outcome: Outcome;
  page: number | null;
  body: string;
  createdAt: Date | string;
  authorId: number;
  author: string;
  segment: string;
  team: string;
  version: number;
};

const FEEDBACK_SELECT = `SELECT f.id, f."materialId", m.title, f.outcome, f.page, f.body, f."createdAt", f."authorId", u.name AS author,
    s.name AS segment, t.name AS team, v.number AS version
  FROM field_feedback f
  JOIN materials m ON m.id = f."materialId"
  JOIN users u ON u.id = f."authorId"
  JOIN customer_segments s ON s.id = f."segmentId"
  JOIN sales_teams t ON t.id = f."teamId"
  JOIN material_versions v ON v.id = f."versionId"`;

/** Feedback rows with their threads (one query for the threads of them all). */
async function withThreads(database: Database, viewer: Actor, rows: Row[]): Promise<FeedbackItem[]> {
  const ids = rows.map((r) => r.id);
  const replies = ids.length
    ? await selectRows<{ id: number; feedbackId: number; body: string; createdAt: Date | string; authorId: number; author: string }>(
        database,
        `SELECT r.id, r."feedbackId", r.body, r."createdAt", r."authorId", u.name AS author
         FROM feedback_replies r JOIN users u ON u.id = r."authorId" WHERE r."feedbackId" IN (:ids) ORDER BY r.id`,
        { ids },
      )
    : [];
  const threads = new Map<number, FeedbackItem["replies"]>();
  for (const r of replies) {
    const list = threads.get(r.feedbackId) ?? [];
    list.push({ id: r.id, author: { id: r.authorId, name: r.author }, body: r.body, createdAt: sqlDate(r.createdAt).toISOString() });
    threads.set(r.feedbackId, list);
  }
  return rows.map((r) => ({
    id: r.id,
    material: { id: r.materialId, title: r.title },
    outcome: r.outcome,
    outcomeLabel: OUTCOME_LABELS[r.outcome] ?? r.outcome,
    segment: r.segment,
    page: r.page === null ? null : Number(r.page),
    version: Number(r.version),
    team: r.team,
    author: { id: r.authorId, name: r.author },
    createdAt: sqlDate(r.createdAt).toISOString(),
    body: r.body,
    replies: threads.get(r.id) ?? [],
    canReply: viewer.role === "marketer" || r.authorId === viewer.id,
  }));
}

/** The segments feedback may be filed under now: the active ones, by name. */
export function activeSegments(database: Database) {
  return selectRows<{ id: number; name: string }>(database, `SELECT id, name FROM customer_segments WHERE archived = :no ORDER BY name`, { no: false });
}

/** Every segment, archived ones too, with how much feedback is filed under each (the admin's list). */
export async function listSegments(database: Database) {
  const rows = await selectRows<{ id: number; name: string; archived: boolean | number; used: number | string }>(
    database,
    `SELECT s.id, s.name, s.archived, (SELECT COUNT(*) FROM field_feedback f WHERE f."segmentId" = s.id) AS used
     FROM customer_segments s ORDER BY s.archived, s.name`,
  );
  return rows.map((r) => ({ id: r.id, name: r.name, archived: Boolean(r.archived), used: Number(r.used) }));
}

/**
 * The material page's "From the field": the feedback on the material, newest first, with
 * its threads, for anyone who sees the material; and the form, for a sales rep of a target
 * team while the material is in the library.
 */
export async function feedbackOnMaterialPage(database: Database, viewer: Actor, materialId: number) {
  const { material, onTeam } = await loadVisibleMaterial(database, viewer, materialId);
  const released = isInLibrary(material);
  const mayPost = released && onTeam && can(viewer, "feedback:post");
  const [rows, segments, version] = await Promise.all([
    selectRows<Row>(database, `${FEEDBACK_SELECT} WHERE f."materialId" = :materialId ORDER BY f."createdAt" DESC, f.id DESC LIMIT :limit`, { materialId, limit: FEEDBACK_LIST_LIMIT }),
    mayPost ? activeSegments(database) : Promise.resolve([]),
    mayPost ? database.models.MaterialVersion.findByPk(material.releasedVersionId!, { attributes: ["pageCount"] }) : Promise.resolve(null),
  ]);
  return {
    materialId,
    released,
    items: await withThreads(database, viewer, rows),
    /** Present when the viewer may post: the form's segments, page range and rules. */
    form: mayPost ? { segments, pageCount: version?.pageCount ?? 1, rules: formRules(FeedbackFormSchema) } : null,
    replyRules: formRules(FeedbackReplySchema),
  };
}

/**
 * "From the field": feedback on a marketer's material, newest first, filtered by outcome
 * and segment. A marketer reads their own; managers and admins pick any marketer, or all
 * (the default for them).
 */
export async function fromTheField(database: Database, viewer: Actor, filters: FieldFilters) {
  const picks = viewer.role !== "marketer";
  const owner = picks ? (filters.ownerId === undefined ? "all" : filters.ownerId) : viewer.id;
  const clauses: string[] = [];
  const replacements: Record<string, unknown> = { limit: FEEDBACK_LIST_LIMIT };
  if (owner !== "all") {
    clauses.push(`m."ownerId" = :owner`);
    replacements.owner = owner;
  }
  if (filters.outcome) {
    clauses.push(`f.outcome = :outcome`);
    replacements.outcome = filters.outcome;
  }
  if (filters.segmentId) {
    clauses.push(`f."segmentId" = :segmentId`);
    replacements.segmentId = filters.segmentId;
  }
  const where = clauses.length ? `WHERE ${clauses.join(" AND ")}` : "";
  const [rows, segments, marketers] = await Promise.all([
    selectRows<Row>(database, `${FEEDBACK_SELECT} ${where} ORDER BY f."createdAt" DESC, f.id DESC LIMIT :limit`, replacements),
    selectRows<{ id: number; name: string; archived: boolean | number }>(database, `SELECT id, name, archived FROM customer_segments ORDER BY name`),
    picks ? selectRows<{ id: number; name: string }>(database, `SELECT id, name FROM users WHERE role = 'marketer' ORDER BY name`) : Promise.resolve([]),
  ]);
  return {
    owner,
    picks,
    marketers,
    segments: segments.map((s) => ({ id: s.id, name: s.archived ? `${s.name} (archived)` : s.name })),
    filters: { outcome: filters.outcome ?? null, segmentId: filters.segmentId ?? null },
    items: await withThreads(database, viewer, rows),
    replyRules: formRules(FeedbackReplySchema),
  };
}

/** How much feedback each material has, for one page of library cards: one GROUP BY over the page's ids. */
export async function feedbackCounts(database: Database, ids: number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const rows = await selectRows<{ materialId: number; n: number | string }>(
    database,
    `SELECT "materialId", COUNT(*) AS n FROM field_feedback WHERE "materialId" IN (:ids) GROUP BY "materialId"`,
    { ids },
  );
  return new Map(rows.map((r) => [Number(r.materialId), Number(r.n)]));
}
