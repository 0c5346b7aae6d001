import { storedFileName, type AcceptedType } from "../lib/file-type";
import { Op } from "sequelize";
import type { Database } from "../lib/db.server";
import { can, type Actor } from "../lib/permissions";
import { notFound } from "../lib/errors";
import { isUnsettled, type CommentCategory, type CommentState } from "../domain/materials";
import { DECISION_LABELS, isToCheck, type EscalationDecision } from "../domain/workflow/index";
import { loadVisibleMaterial, mayComment } from "../rules/material-access.server";
import { parseRestrictions, restrictionSentence } from "../lib/pdf-restrictions";

export interface CommentView {
  id: number;
  number: number;
  author: { id: number; name: string };
  page: number | null;
  x: number | null;
  y: number | null;
  /** An area's size (fractions of the page); null for a point or a whole-document comment. */
  w: number | null;
  h: number | null;
  category: CommentCategory;
  body: string;
  state: CommentState;
  declineReason: string | null;
  answeredBy: string | null;
  createdAt: string;
  /** The version the comment was written on, when that is an earlier one. */
  carriedFrom: number | null;
  /** Decided on an earlier version (accepted, upheld, a compromise): check the new one does it. */
  toCheck: boolean;
  /** What was decided, in words, for a "to check" item or a settled one. */
  decided: string | null;
  /** Ticked off on a later version: done, or reopened as a new comment. */
  checkState: "done" | "reopened" | null;
  /** The earlier comment this one reopens. */
  follows: number | null;
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
      archivedAt: material.archivedAt?.toISOString() ?? null,
      owner: owner?.name ?? "",
      teams: (material.targets ?? []).map((t) => ({ id: t.teamId, name: t.team?.name ?? "" })),
    },
    /** The teams a draft may be aimed at, for its edit form. */
    allTeams:
      can(actor, "material:create") && material.status === "draft" && material.kind === "collateral"
        ? (await models.SalesTeam.findAll({ attributes: ["id", "name"], order: [["name", "ASC"]] })).map((t) => ({ id: t.id, name: t.name }))
        : [],
    versions: versions.map((v) => ({
      id: v.id,
      number: v.number,
      fileName: storedFileName(v.fileName, v.contentType as AcceptedType),
      contentType: v.contentType,
      size: v.size,
      sha256: v.sha256,
      pageCount: v.pageCount,
      /** What the PDF's author restricted, as a sentence ("Printing and copying restricted by the author."), or null. */
      restrictions: restrictionSentence(parseRestrictions(v.restrictions)),
      changeNote: v.changeNote,
      uploadedBy: v.uploadedBy?.name ?? "",
      createdAt: v.createdAt.toISOString(),
    })),
    version: { id: version.id, number: version.number, pageCount: version.pageCount, contentType: version.contentType, fileName: storedFileName(version.fileName, version.contentType as AcceptedType) },
    comments,
    can: {
      comment: can(actor, "comment:create") && takesPart,
      answer: can(actor, "comment:answer"),
      upload: can(actor, "material:add-version"),
      reply: actor.role === "marketer" || takesPart,
      /** Ticking "to check" items off: the committee (the commenter always may; the server checks the team). */
      check: access.onCommittee,
      edit: can(actor, "material:create") && material.status === "draft",
      archive: can(actor, "material:release") && material.releasedVersionId !== null && material.archivedAt === null,
    },
    viewerId: actor.id,
  };
}

/**
 * The comments shown on version `number`: those written on it, those still unsettled from
 * earlier versions (carried over), those decided on an earlier version and not yet ticked
 * off ("to check": accepted, upheld, a compromise), and those the managers overruled on the
 * previous version (settled).
 */
export async function commentsForVersion(database: Database, materialId: number, number: number): Promise<CommentView[]> {
  const { models } = database;
  const versions = await models.MaterialVersion.findAll({ where: { materialId, number: { [Op.lte]: number } }, attributes: ["id", "number"] });
  const numberOf = new Map(versions.map((v) => [v.id, v.number]));
  const current = versions.find((v) => v.number === number)!;
  const previous = versions.find((v) => v.number === number - 1);
  const [rows, escalations] = await Promise.all([
    models.Comment.findAll({
      where: { materialId, versionId: { [Op.in]: versions.map((v) => v.id) } },
      include: [
        { association: "author", attributes: ["id", "name"] },
        { association: "answeredBy", attributes: ["id", "name"] },
      ],
      order: [["id", "ASC"]],
    }),
    models.Escalation.findAll({ where: { materialId, state: "decided" }, attributes: ["commentId", "decision", "note"] }),
  ]);
  const decisionOf = new Map(escalations.map((e) => [e.commentId, e]));
  const versionOf = (r: (typeof rows)[number]) => numberOf.get(r.versionId) ?? 0;
  const decisionText = (r: (typeof rows)[number]) => {
    if (r.state === "accepted") return `Accepted on version ${versionOf(r)}: marketing said it would change.`;
    const e = decisionOf.get(r.id);
    if (r.state !== "resolved" || !e?.decision) return null;
    return `${DECISION_LABELS[e.decision as EscalationDecision]} (the managers, on version ${versionOf(r)})${e.note ? `: ${e.note}` : "."}`;
  };
  const toCheck = (r: (typeof rows)[number]) =>
    isToCheck({
      state: r.state!,
      decision: (decisionOf.get(r.id)?.decision as EscalationDecision | undefined) ?? null,
      checkState: r.checkState ?? null,
      onVersion: versionOf(r),
      latestVersion: number,
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
    if (isUnsettled(r.state) || toCheck(r)) return true;
    // Ticked off, or overruled, on the previous version: shown once more, as settled.
    return previous !== undefined && r.versionId === previous.id && (r.checkState !== null || r.state === "resolved");
  });
  return shown.map((r, i) => ({
    id: r.id,
    number: i + 1,
    author: { id: r.authorId, name: r.author?.name ?? "" },
    page: r.page,
    x: r.x,
    y: r.y,
    w: r.w ?? null,
    h: r.h ?? null,
    category: r.category!,
    body: r.body,
    state: r.state!,
    declineReason: r.declineReason ?? null,
    answeredBy: r.answeredBy?.name ?? null,
    createdAt: r.createdAt.toISOString(),
    carriedFrom: r.versionId === current.id ? null : (numberOf.get(r.versionId) ?? null),
    toCheck: toCheck(r),
    decided: r.versionId === current.id ? null : decisionText(r),
    checkState: r.checkState ?? null,
    follows: r.followsId ?? null,
    replies: replies.get(r.id) ?? [],
  }));
}

/** What the material page's loader reads, as its components receive it. */
export type MaterialPageView = Awaited<ReturnType<typeof loadMaterialPage>>;
