import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "~/lib/errors";
import { runSweep } from "~/jobs/sweep.server";
import { addComment } from "~/commands/add-comment.server";
import { replyToComment } from "~/commands/reply-to-comment.server";
import { submitForPreview } from "~/commands/submit-for-preview.server";
import { addVersion } from "~/commands/add-version.server";
import { answerComment } from "~/commands/answer-comment.server";
import { settleComment } from "~/commands/settle-comment.server";
import { createMaterial } from "~/commands/create-material.server";
import { loadMaterialPage } from "~/queries/material-page.server";
import type { ReceivedFile } from "~/lib/http/receive-upload.server";
import { refusal } from "../helpers/refusal";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { T0, seedDemo } from "../helpers/organisation";

/** Stands for a file that already passed the upload checks (those are tested over HTTP). */
function received(n: number, pageCount = 3): ReceivedFile {
  return { key: `versions/test${n}.bin`, fileName: `v${n}.pdf`, contentType: "application/pdf", size: 1000 + n, sha256: "a".repeat(64), pageCount };
}

describe("versions and comments", () => {
  let tdb: TestDatabase;
  let demo: Awaited<ReturnType<typeof seedDemo>>;
  let materialId: number;
  beforeAll(async () => {
    tdb = await createTestDatabase();
    demo = await seedDemo(tdb.database);
    const { material } = await createMaterial(
      tdb.database,
      demo.user("marketer1"),
      { title: "Datasheet", kind: "collateral", description: "", teamIds: [demo.team("Enterprise East").id] },
      received(1),
      T0,
    );
    materialId = material.id;
  });
  afterAll(() => tdb.cleanup());

  const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

  it("numbers versions N+1 and keeps earlier ones readable", async () => {
    const marketer = demo.user("marketer2");
    const v2 = await addVersion(tdb.database, marketer, materialId, "Fixed the price table", received(2, 4), at(1));
    expect(v2.number).toBe(2);
    const latest = await loadMaterialPage(tdb.database, demo.user("east.rep1"), materialId, null);
    expect(latest.version.number).toBe(2);
    expect(latest.versions.map((v) => [v.number, v.changeNote])).toEqual([
      [2, "Fixed the price table"],
      [1, ""],
    ]);
    const first = await loadMaterialPage(tdb.database, demo.user("east.rep1"), materialId, 1);
    expect(first.version).toMatchObject({ number: 1, pageCount: 3 });
  });

  it("carries unsettled comments to the next version and shows accepted ones as 'to check'", async () => {
    const member = demo.user("east.committee1");
    const marketer = demo.user("marketer1");
    const v3 = await addVersion(tdb.database, marketer, materialId, "Third", received(3), at(2));
    await submitForPreview(tdb.database, marketer, materialId, at(2));
    const base = { versionId: v3.id, category: "pricing" as const };
    const open = await addComment(tdb.database, member, materialId, { ...base, body: "open one", pin: { page: 2, x: 0.1, y: 0.2 } }, at(3));
    const accepted = await addComment(tdb.database, member, materialId, { ...base, body: "accepted one", pin: null }, at(3));
    const withdrawn = await addComment(tdb.database, member, materialId, { ...base, body: "withdrawn one", pin: null }, at(3));
    const held = await addComment(tdb.database, member, materialId, { ...base, body: "held one", pin: null }, at(3));
    await answerComment(tdb.database, marketer, materialId, { commentId: accepted.id, answer: "accept" }, at(4));
    await answerComment(tdb.database, marketer, materialId, { commentId: withdrawn.id, answer: "decline", reason: "No" }, at(4));
    await answerComment(tdb.database, marketer, materialId, { commentId: held.id, answer: "decline", reason: "No" }, at(4));
    await settleComment(tdb.database, member, materialId, { commentId: withdrawn.id, settle: "withdraw" }, at(5));
    await settleComment(tdb.database, member, materialId, { commentId: held.id, settle: "hold" }, at(5));

    await addVersion(tdb.database, marketer, materialId, "Fourth", received(4), at(6));
    const page = await loadMaterialPage(tdb.database, member, materialId, null);
    expect(page.version.number).toBe(4);
    const shown = page.comments.map((c) => [c.body, c.state, c.carriedFrom, c.toCheck]);
    expect(shown).toEqual([
      ["open one", "open", 3, false],
      ["accepted one", "accepted", 3, true],
      ["held one", "held", 3, false],
    ]);
    expect(page.comments[0]).toMatchObject({ page: 2, x: 0.1, y: 0.2, number: 1 });
    expect(open.id).toBe(page.comments[0].id);
  });

  it("answers a comment once, even when two answers arrive together", async () => {
    const member = demo.user("east.committee2");
    const v3 = await tdb.database.models.MaterialVersion.findOne({ where: { materialId, number: 3 } });
    const comment = await addComment(tdb.database, member, materialId, { versionId: v3!.id, category: "audience", body: "race", pin: null }, at(7));
    const results = await Promise.allSettled([
      answerComment(tdb.database, demo.user("marketer1"), materialId, { commentId: comment.id, answer: "accept" }, at(8)),
      answerComment(tdb.database, demo.user("marketer2"), materialId, { commentId: comment.id, answer: "decline", reason: "no" }, at(8)),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failure = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(failure.reason).toBeInstanceOf(AppError);
    expect(failure.reason.status).toBe(409);
    const audits = await tdb.database.models.AuditEvent.count({ where: { entityType: "comment", entityId: String(comment.id) } });
    expect(audits).toBe(2); // created + one answer
  });

  it("refuses comments from outside the target committee: 404 for another team, 403 for a rep", async () => {
    const v3 = await tdb.database.models.MaterialVersion.findOne({ where: { materialId, number: 3 } });
    const before = await tdb.database.models.Comment.count();
    const input = { versionId: v3!.id, category: "other" as const, body: "x", pin: null };
    expect(await refusal(addComment(tdb.database, demo.user("west.committee1"), materialId, input, at(9)))).toMatchObject({ status: 404 });
    expect(await refusal(addComment(tdb.database, demo.user("east.rep1"), materialId, input, at(9)))).toMatchObject({ status: 403 });
    expect(await tdb.database.models.Comment.count()).toBe(before);
  });

  it("takes comments only in an open round: not on a version never submitted, not after the window", async () => {
    const member = demo.user("east.committee1");
    const [v3, v4] = await Promise.all([3, 4].map((number) => tdb.database.models.MaterialVersion.findOne({ where: { materialId, number } })));
    const before = await tdb.database.models.Comment.count();
    const draft = await refusal(addComment(tdb.database, member, materialId, { versionId: v4!.id, category: "other", body: "early", pin: null }, at(10)));
    expect(draft).toMatchObject({ status: 409, message: "Version 4 has not been submitted for preview yet. Comments open when marketing submits it; you will be asked then." });

    const round = await tdb.database.models.PreviewRound.findOne({ where: { versionId: v3!.id } });
    await runSweep(tdb.database, { now: round!.dueAt });
    const late = await refusal(addComment(tdb.database, member, materialId, { versionId: v3!.id, category: "other", body: "late", pin: null }, at(60 * 24 * 7)));
    expect(late.status).toBe(409);
    expect(late.message).toContain("The preview of version 3 closed on");
    expect(late.message).toContain("Version 4 is the one to comment on.");
    expect(await tdb.database.models.Comment.count()).toBe(before);
    // Replies in existing threads stay open after the window.
    const thread = await tdb.database.models.Comment.findOne({ where: { versionId: v3!.id, parentId: null } });
    await replyToComment(tdb.database, member, materialId, { commentId: thread!.id, body: "Still a concern on the next version." }, at(60 * 24 * 7));
    expect(await tdb.database.models.Comment.count()).toBe(before + 1);
  });
});
