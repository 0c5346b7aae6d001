import { Op } from "sequelize";
import type { Database } from "../lib/db.server";
import { can, type Actor } from "../lib/permissions";
import { notFound } from "../lib/errors";
import { isUnsettled, type CommentCategory, type CommentState } from "../domain/materials";
import { loadVisibleMaterial, mayComment } from "./material-access.server";

export interface CommentView {
  id: number;
  number: number;
  author: { id: number; name: string };
  page: number | null;
  x: number | null;
  y: number | null;
  category: CommentCategory;
  body: string;
  state: CommentState;
  declineReason: string | null;
  answeredBy: string | null;
  createdAt: string;
  /** The version the comment was written on, when that is an earlier one. */
  carriedFrom: number | null;
  /** Accepted on an earlier version: marketing said it would change; check it did. */
  toCheck: boolean;
  replies: { id: number; author: string; body: string; createdAt: string }[];
}

/**
 * Everything the material page shows for one version: the material, its versions, and
 * the comments on that version plus those carried over from earlier versions.
 */
export async function loadMaterialPage(database: Database, actor: Actor, materialId: number, versionNumber: number | null) {
  const access = await loadVisibleMaterial(database, actor, materialId);
  const { material } = access;
  const takesPart = mayComment(access);
  const { models } = database;
  const versions = await models.MaterialVersion.findAll({
    where: { materialId },
    include: [{ association: "uploadedBy", attributes: ["id", "name"] }],
    order: [["number", "DESC"]],
  });
  if (versions.length === 0) notFound("material");
  const version = versionNumber === null ? versions[0] : versions.find((v) => v.number === versionNumber);
  if (!version) notFound("version");

  const comments = await commentsForVersion(database, materialId, version.number);
  const owner = await models.User.findByPk(material.ownerId, { attributes: ["id", "name"] });

  return {
    material: {
      id: material.id,
      title: material.title,
      kind: material.kind,
      description: material.description,
      status: material.status,
      owner: owner?.name ?? "",
      teams: (material.targets ?? []).map((t) => ({ id: t.teamId, name: t.team?.name ?? "" })),
    },
    versions: versions.map((v) => ({
      id: v.id,
      number: v.number,
      fileName: v.fileName,
      contentType: v.contentType,
      size: v.size,
      sha256: v.sha256,
      pageCount: v.pageCount,
      changeNote: v.changeNote,
      uploadedBy: v.uploadedBy?.name ?? "",
      createdAt: v.createdAt.toISOString(),
    })),
    version: { id: version.id, number: version.number, pageCount: version.pageCount, contentType: version.contentType, fileName: version.fileName },
    comments,
    can: {
      comment: can(actor, "comment:create") && takesPart,
      answer: can(actor, "comment:answer"),
      upload: can(actor, "material:add-version"),
      reply: actor.role === "marketer" || takesPart,
    },
    viewerId: actor.id,
  };
}

/**
 * The comments shown on version `number`: those written on it, those still unsettled from
 * earlier versions (carried over), and those accepted on the previous version ("to check").
 */
export async function commentsForVersion(database: Database, materialId: number, number: number): Promise<CommentView[]> {
  const { models } = database;
  const versions = await models.MaterialVersion.findAll({ where: { materialId, number: { [Op.lte]: number } }, attributes: ["id", "number"] });
  const numberOf = new Map(versions.map((v) => [v.id, v.number]));
  const current = versions.find((v) => v.number === number)!;
  const previous = versions.find((v) => v.number === number - 1);
  const rows = await models.Comment.findAll({
    where: { materialId, versionId: { [Op.in]: versions.map((v) => v.id) } },
    include: [
      { association: "author", attributes: ["id", "name"] },
      { association: "answeredBy", attributes: ["id", "name"] },
    ],
    order: [["id", "ASC"]],
  });
  const replies = new Map<number, CommentView["replies"]>();
  for (const r of rows) {
    if (r.parentId === null) continue;
    const list = replies.get(r.parentId) ?? [];
    list.push({ id: r.id, author: r.author?.name ?? "", body: r.body, createdAt: r.createdAt.toISOString() });
    replies.set(r.parentId, list);
  }
  const shown = rows.filter((r) => {
    // The committee's objection to a release is a round-level dispute, shown on its escalation, not a pin.
    if (r.parentId !== null || !r.state || r.kind !== "comment") return false;
    if (r.versionId === current.id) return true;
    if (isUnsettled(r.state)) return true;
    return r.state === "accepted" && previous !== undefined && r.versionId === previous.id;
  });
  return shown.map((r, i) => ({
    id: r.id,
    number: i + 1,
    author: { id: r.authorId, name: r.author?.name ?? "" },
    page: r.page,
    x: r.x,
    y: r.y,
    category: r.category!,
    body: r.body,
    state: r.state!,
    declineReason: r.declineReason ?? null,
    answeredBy: r.answeredBy?.name ?? null,
    createdAt: r.createdAt.toISOString(),
    carriedFrom: r.versionId === current.id ? null : (numberOf.get(r.versionId) ?? null),
    toCheck: r.versionId !== current.id && r.state === "accepted",
    replies: replies.get(r.id) ?? [],
  }));
}
