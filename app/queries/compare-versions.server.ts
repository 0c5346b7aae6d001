import type { Database } from "../lib/db.server";
import { notFound } from "../lib/errors";
import type { Actor } from "../lib/permissions";
import { COMMENT_CATEGORY_LABELS, COMMENT_STATE_LABELS } from "../domain/materials";
import { commentsForVersion, type CommentView } from "./material-page.server";
import { loadVisibleMaterial } from "../rules/material-access.server";

export interface ComparedVersion {
  id: number;
  number: number;
  pageCount: number;
  contentType: string;
  createdAt: string;
}

/** A comment as the compare page lists it: one number for the same comment on both sides. */
export interface ComparedComment {
  id: number;
  number: number;
  page: number | null;
  x: number | null;
  y: number | null;
  /** An area's size; null for a point. */
  w: number | null;
  h: number | null;
  state: CommentView["state"];
  stateLabel: string;
  category: string;
  author: string;
  body: string;
  /** The version it was written on. */
  writtenOn: number;
  /** Drawn on the earlier version's side, the later one's, or both (carried over). */
  onA: boolean;
  onB: boolean;
}

/**
 * Two versions of a material the actor may see, side by side: `a` the earlier, `b` the
 * later, each with the comments shown on it (its own and those carried over to it). Both
 * numbers must be versions of this material, or the answer is the 404 page — the same as
 * for a material the actor may not see. Left out, `b` is the latest version and `a` the
 * one before it; picked in either order, `a` is the earlier of the two.
 */
export async function loadComparison(database: Database, actor: Actor, materialId: number, choice: { a: number | null; b: number | null }) {
  const { material } = await loadVisibleMaterial(database, actor, materialId);
  const rows = await database.models.MaterialVersion.findAll({ where: { materialId }, order: [["number", "DESC"]] });
  if (rows.length === 0) notFound("version");
  const versions: ComparedVersion[] = rows.map((v) => ({
    id: v.id,
    number: v.number,
    pageCount: v.pageCount,
    contentType: v.contentType,
    createdAt: v.createdAt.toISOString(),
  }));
  const find = (number: number) => versions.find((v) => v.number === number) ?? notFound("version");
  const second = choice.b === null ? versions[0] : find(choice.b);
  const first =
    choice.a === null ? (versions.find((v) => v.number < second.number) ?? versions.find((v) => v.number !== second.number) ?? second) : find(choice.a);
  // The earlier version is always `a`, whichever order they were picked in.
  const [a, b] = first.number <= second.number ? [first, second] : [second, first];

  const [onA, onB] = await Promise.all([commentsForVersion(database, materialId, a.number), commentsForVersion(database, materialId, b.number)]);
  const idsOnA = new Set(onA.map((c) => c.id));
  const idsOnB = new Set(onB.map((c) => c.id));
  const byId = new Map<number, { comment: CommentView; writtenOn: number }>();
  for (const [list, version] of [
    [onA, a],
    [onB, b],
  ] as const) {
    for (const c of list) if (!byId.has(c.id)) byId.set(c.id, { comment: c, writtenOn: c.carriedFrom ?? version.number });
  }
  const comments: ComparedComment[] = [...byId.values()]
    .sort((p, q) => p.comment.id - q.comment.id)
    .map(({ comment: c, writtenOn }, i) => ({
      id: c.id,
      number: i + 1,
      page: c.page,
      x: c.x,
      y: c.y,
      w: c.w,
      h: c.h,
      state: c.state,
      stateLabel: COMMENT_STATE_LABELS[c.state],
      category: COMMENT_CATEGORY_LABELS[c.category],
      author: c.author.name,
      body: c.body,
      writtenOn,
      onA: idsOnA.has(c.id),
      onB: idsOnB.has(c.id),
    }));

  return { material: { id: material.id, title: material.title }, versions, a, b, comments };
}
