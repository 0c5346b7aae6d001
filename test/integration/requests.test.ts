import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../models/index";
import type { Database } from "~/lib/db.server";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { DiskStorage, S3Storage, type Storage } from "~/lib/storage.server";
import { TEST_BUCKET, TEST_CREDENTIALS, s3TestClient, startS3 } from "../helpers/s3";
import { receiveExample } from "~/lib/http/receive-upload.server";
import { openRequest } from "~/commands/open-request.server";
import { acceptRequest } from "~/commands/accept-request.server";
import { declineRequest } from "~/commands/decline-request.server";
import { answerRequest } from "~/commands/answer-request.server";
import { applyRelease } from "~/commands/release-material.server";
import { loadReleaseFacts } from "~/rules/release-facts.server";
import { listRequests, requestPage } from "~/queries/requests.server";
import { overdueRequestsFor } from "~/queries/home-queues.server";
import { RequestFormSchema } from "~/schemas/request";
import { parseForm } from "~/lib/forms";
import { InputError } from "~/lib/errors";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { seedDemo } from "../helpers/organisation";
import { refusal } from "../helpers/refusal";
import { makePdf } from "../helpers/pdf";
import { makeOfficeDocuments } from "../helpers/real-files";

/** 10:00 in New York, 07:00 in Los Angeles, on 2026-11-20. */
const AT = new Date("2026-11-20T15:00:00Z");
const PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation";

/**
 * Requests for material against a real database (SQLite, or PostgreSQL with DATABASE_URL)
 * and a real file store on disk: each transition, who is told, the release notice once
 * only, bad input that writes nothing (and keeps no stored file), and the heads' overdue queue.
 */
describe("requests for material", () => {
  let tdb: TestDatabase;
  let db: Database;
  let dir: string;
  let store: Storage;
  let office: { pptx: string; docx: string };
  let rep: User, rep2: User, westRep: User, marketer: User, marketer2: User, eastManager: User, westManager: User, vpMarketing: User, admin: User;
  let eastTeam: number;
  let eastReleased: number, eastDraft: number, westMaterial: number, archived: number;

  const storedFiles = () => {
    const root = path.join(dir, "files");
    const walk = (d: string): string[] => readdirSync(d).flatMap((f) => (statSync(path.join(d, f)).isDirectory() ? walk(path.join(d, f)) : [path.join(d, f)]));
    try {
      return walk(root);
    } catch {
      return [];
    }
  };
  const counts = async () => ({
    requests: await db.models.MaterialRequest.count(),
    audit: await db.models.AuditEvent.count(),
    outbox: await db.models.OutboxMessage.count(),
    notifications: await db.models.Notification.count(),
    files: storedFiles().length,
  });
  const mailTo = async (user: User, kind: string) => db.models.OutboxMessage.findAll({ where: { userId: user.id, kind } });
  const inAppOf = async (user: User) => db.models.Notification.findAll({ where: { userId: user.id }, order: [["id", "ASC"]] });

  /** The new-request form as the browser sends it: multipart, with an optional file. */
  function form(fields: Record<string, string>, file?: { name: string; bytes: Uint8Array }) {
    const body = new FormData();
    for (const [k, v] of Object.entries(fields)) body.append(k, v);
    if (file) body.append("file", new Blob([new Uint8Array(file.bytes)]), file.name);
    return new Request("http://app.test/requests/new", { method: "POST", body });
  }

  /** What the route does: receive the example, parse, open the request; anything refused removes the stored file. */
  async function file(actor: User, fields: Record<string, string>, example?: { name: string; bytes: Uint8Array }, at = AT, maxBytes = 5 * 1024 * 1024) {
    // Each test's request of the usual kind is a new one, not the last one sent again (which files nothing: see below).
    if (fields.need === good.need) fields = { ...fields, need: `${good.need} (${++filed})` };
    const upload = await receiveExample(form(fields, example), { storage: store, maxBytes, keyPrefix: "requests" });
    try {
      const parsed = parseForm(RequestFormSchema, upload.fields);
      if (!parsed.ok) throw new InputError(parsed.errors);
      return await openRequest(db, actor, parsed.data, upload.file, at);
    } catch (error) {
      await upload.discard();
      throw error;
    }
  }

  let filed = 0;
  const good = { need: "A one-pager on pricing for mid-market", customers: "Mid-market manufacturers, 200–500 staff", neededBy: "2026-12-15", details: "I keep making my own." };

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = tdb.database;
    dir = mkdtempSync(path.join(os.tmpdir(), "cp-requests-"));
    store = new DiskStorage(path.join(dir, "files"));
    office = await makeOfficeDocuments(dir);
    const demo = await seedDemo(db);
    [rep, rep2, westRep, marketer, marketer2, eastManager, westManager, vpMarketing, admin] = [
      "east.rep1",
      "east.rep2",
      "west.rep1",
      "marketer1",
      "marketer2",
      "east.manager",
      "west.manager",
      "vp.marketing",
      "admin",
    ].map((p) => demo.user(p));
    eastTeam = demo.team("Enterprise East").id;
    const west = demo.team("Mid-Market West").id;
    const m = db.models;
    const make = async (title: string, teamId: number, status: "draft" | "released", extra: { archivedAt?: Date } = {}) => {
      const material = await m.Material.create({ title, kind: "collateral", ownerId: marketer.id, status, createdAt: AT, updatedAt: AT, ...extra });
      await m.MaterialTeam.create({ materialId: material.id, teamId });
      const version = await m.MaterialVersion.create({ materialId: material.id, number: 1, storageKey: `v/${material.id}`, fileName: "b.pdf", contentType: "application/pdf", size: 1, sha256: "a".repeat(64), pageCount: 1, changeNote: "", uploadedById: marketer.id, createdAt: AT });
      if (status === "released") await material.update({ releasedVersionId: version.id, releasedAt: AT });
      return material.id;
    };
    eastReleased = await make("East pricing sheet", eastTeam, "released");
    eastDraft = await make("Mid-market pricing one-pager", eastTeam, "draft");
    westMaterial = await make("West case study", west, "draft");
    archived = await make("Old East flyer", eastTeam, "released", { archivedAt: AT });
  }, 120_000);

  afterAll(async () => {
    await tdb?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("files a rep's request with a PowerPoint example for their team, and tells every active marketer", async () => {
    const before = await mailTo(marketer, "request_opened");
    const request = await file(rep, good, { name: "my-deck.pptx", bytes: readFileSync(office.pptx) });
    expect(request.teamId).toBe(eastTeam);
    expect(request.state).toBe("open");
    expect(request.exampleMime).toBe(PPTX);
    expect(request.exampleName).toBe("my-deck.pptx");
    expect(request.exampleSize).toBe(readFileSync(office.pptx).length);
    expect(Buffer.concat(await (await store.get(request.exampleKey!)).toArray())).toEqual(readFileSync(office.pptx));
    for (const person of [marketer, marketer2]) {
      const mail = await mailTo(person, "request_opened");
      expect(mail.length).toBe((person === marketer ? before.length : 0) + 1);
      expect(mail.at(-1)!.subject).toContain(good.need);
      expect(mail.at(-1)!.text).toContain(`/requests/${request.id}`);
    }
    // Not the requester, not the managers.
    expect(await mailTo(rep, "request_opened")).toHaveLength(0);
    expect(await mailTo(vpMarketing, "request_opened")).toHaveLength(0);
    const audit = await db.models.AuditEvent.findOne({ where: { entityType: "request", entityId: String(request.id), action: "request.opened" } });
    expect(audit?.actorId).toBe(rep.id);
  });

  it("takes a Word document, a PDF, or no example at all", async () => {
    const docx = await file(rep, good, { name: "notes.docx", bytes: readFileSync(office.docx) });
    expect(docx.exampleMime).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    const pdf = await file(rep, good, { name: "mine.pdf", bytes: await makePdf({ pages: 2 }) });
    expect(pdf.exampleMime).toBe("application/pdf");
    const none = await file(rep, { ...good, details: "" });
    expect(none.exampleKey).toBeNull();
    expect(none.details).toBeNull();
  });

  it("files the same request sent twice once: the second is refused with where the first is, and its example is removed", async () => {
    const twice = { ...good, need: "Twice: a case study for manufacturers" };
    const first = await file(rep, twice, { name: "mine.pdf", bytes: await makePdf({ pages: 1 }) });
    const before = await counts();
    const again = await refusal(file(rep, twice, { name: "mine.pdf", bytes: await makePdf({ pages: 1 }) }, new Date(AT.getTime() + 60_000)));
    expect(again.status).toBe(409);
    expect(again.fields).toEqual({ need: `You sent this request a moment ago: it is request ${first.id}, in the list of requests.` });
    expect(await counts()).toEqual(before);
    // Another rep asking the same, or the same rep for another day, is a request of its own.
    expect((await file(rep2, twice)).id).toBeGreaterThan(first.id);
    expect((await file(rep, { ...twice, neededBy: "2026-12-31" })).id).toBeGreaterThan(first.id);
  });

  it("reads the date on the rep's own calendar: today is fine, yesterday is refused", async () => {
    // 02:00 UTC on the 21st is still the 20th in New York.
    const lateEvening = new Date("2026-11-21T02:00:00Z");
    expect((await file(rep, { ...good, neededBy: "2026-11-20" }, undefined, lateEvening)).neededBy).toBe("2026-11-20");
    const before = await counts();
    const r = await refusal(file(rep, { ...good, neededBy: "2026-11-19" }, { name: "x.pptx", bytes: readFileSync(office.pptx) }, lateEvening));
    expect(r.status).toBe(400);
    expect(r.fields.neededBy).toBe("That day is in the past: enter 2026-11-20 or later.");
    expect(await counts()).toEqual(before);
  });

  it.each([
    ["empty required fields", { need: " ", customers: "", neededBy: "" }, undefined, 400, { need: /what you need/i, customers: /which customers/i, neededBy: /YYYY-MM-DD/ }],
    ["a day that does not exist", { ...good, neededBy: "2026-02-30" }, undefined, 400, { neededBy: /does not exist/ }],
    ["a file that is neither a document nor an image", good, { name: "run.exe", bytes: Buffer.from("MZ\x90\x00 this is not a document ".repeat(100)) }, 415, { file: /not a PDF/ }],
    ["a ZIP that is not an office document", good, { name: "x.pptx", bytes: zipOf("readme.txt") }, 415, { file: /not a PowerPoint deck/ }],
    ["a deck cut short", good, { name: "cut.pptx", bytes: "cut" as const }, 422, { file: /incomplete or damaged/ }],
    ["a file over the limit", good, { name: "big.pdf", bytes: "big" as const }, 413, { file: /larger than the limit/ }],
  ] as const)("refuses %s beside the field, with no row and no stored file", async (_what, fields, example, status, messages) => {
    const before = await counts();
    let bytes: Uint8Array | undefined;
    if (example) {
      const pptx = readFileSync(office.pptx);
      bytes = example.bytes === "cut" ? pptx.subarray(0, Math.floor(pptx.length / 2)) : example.bytes === "big" ? await makePdf({ pages: 1, padBytes: 300_000 }) : example.bytes;
    }
    const r = await refusal(file(rep, fields as Record<string, string>, example && bytes ? { name: example.name, bytes } : undefined, AT, 200_000));
    expect(r.status).toBe(status);
    for (const [field, message] of Object.entries(messages)) expect(r.fields[field]).toMatch(message);
    expect(await counts()).toEqual(before);
  });

  it("keeps the example in S3 the same way, and leaves no object there when refused", async () => {
    const s3 = await startS3();
    const disk = store;
    try {
      store = new S3Storage({ bucket: TEST_BUCKET, endpoint: s3.endpoint, forcePathStyle: true, credentials: TEST_CREDENTIALS });
      const objects = async () => (await s3TestClient(s3.endpoint).send(new ListObjectsV2Command({ Bucket: TEST_BUCKET }))).Contents?.map((o) => o.Key) ?? [];
      const pptx = readFileSync(office.pptx);
      const request = await file(rep, good, { name: "deck.pptx", bytes: pptx });
      expect(await objects()).toEqual([request.exampleKey]);
      expect(Buffer.concat(await (await store.get(request.exampleKey!)).toArray())).toEqual(pptx);
      const rows = await db.models.MaterialRequest.count();
      expect((await refusal(file(rep, good, { name: "cut.pptx", bytes: pptx.subarray(0, pptx.length - 200) }))).status).toBe(422);
      expect((await refusal(file(rep, { ...good, neededBy: "2026-01-01" }, { name: "deck.pptx", bytes: pptx }))).status).toBe(400);
      expect(await objects()).toEqual([request.exampleKey]);
      expect(s3.openMultipartUploads()).toBe(0);
      expect(await db.models.MaterialRequest.count()).toBe(rows);
    } finally {
      store = disk;
      await s3.stop();
    }
  });

  it("is for sales reps only", async () => {
    expect((await refusal(file(marketer, good))).status).toBe(403);
  });

  it("lets a rep see their team's requests only; marketing, managers and admins see all", async () => {
    const west = await file(westRep, { ...good, need: "A West battlecard" });
    const mine = await listRequests(db, rep2, {}, AT);
    expect(mine.rows.every((r) => r.team === "Enterprise East")).toBe(true);
    expect(mine.rows.some((r) => r.need.startsWith(good.need))).toBe(true);
    expect((await refusal(requestPage(db, rep, west.id, AT))).status).toBe(404);
    expect((await refusal(requestPage(db, rep, 999_999, AT))).status).toBe(404);
    for (const viewer of [marketer, eastManager, admin]) expect((await listRequests(db, viewer, {}, AT)).rows.some((r) => r.id === west.id)).toBe(true);
    expect((await listRequests(db, marketer, { state: "declined" }, AT)).rows).toHaveLength(0);
  });

  it("accepts an open request once, telling the requester and their manager", async () => {
    const request = await file(rep, good);
    const accepted = await acceptRequest(db, marketer, request.id, AT);
    expect(accepted.state).toBe("accepted");
    expect(accepted.handledById).toBe(marketer.id);
    for (const person of [rep, eastManager]) {
      const mail = (await mailTo(person, "request_accepted")).filter((m) => m.text.includes(`/requests/${request.id}`));
      expect(mail).toHaveLength(1);
    }
    expect((await mailTo(marketer, "request_accepted")).length).toBe(0);
    const before = await counts();
    const again = await refusal(acceptRequest(db, marketer2, request.id, AT));
    expect(again.status).toBe(409);
    expect(again.message).toMatch(/accepted already/);
    expect(await counts()).toEqual(before);
  });

  it("declines with a reason (required), after which nothing more can be done", async () => {
    const request = await file(rep, good);
    const declined = await declineRequest(db, marketer, request.id, { reason: "The price list changes in January; ask again then." }, AT);
    expect(declined.state).toBe("declined");
    expect(declined.declineReason).toMatch(/January/);
    const mail = (await mailTo(eastManager, "request_declined")).filter((m) => m.text.includes(`/requests/${request.id}`));
    expect(mail).toHaveLength(1);
    expect(mail[0].text).toContain("The price list changes in January");
    const before = await counts();
    for (const act of [() => acceptRequest(db, marketer, request.id, AT), () => answerRequest(db, marketer, request.id, { materialId: eastReleased }, AT), () => declineRequest(db, marketer, request.id, { reason: "x" }, AT)]) {
      const r = await refusal(act());
      expect(r.status).toBe(409);
      expect(r.message).toMatch(/declined/);
    }
    expect(await counts()).toEqual(before);
  });

  it("refuses to link another team's material, an archived one, or none, and writes nothing", async () => {
    const request = await file(rep, good);
    // What marketing is offered: the requester's team's materials, not archived.
    const offered = (await requestPage(db, marketer, request.id, AT)).candidates.map((c) => c.id);
    expect(offered).toEqual(expect.arrayContaining([eastReleased, eastDraft]));
    expect(offered).not.toContain(westMaterial);
    expect(offered).not.toContain(archived);
    const before = await counts();
    const other = await refusal(answerRequest(db, marketer, request.id, { materialId: westMaterial }, AT));
    expect(other.status).toBe(400);
    expect(other.fields.materialId).toMatch(/not aimed at the requester's team/);
    expect((await refusal(answerRequest(db, marketer, request.id, { materialId: archived }, AT))).fields.materialId).toMatch(/archived/);
    expect((await refusal(answerRequest(db, marketer, request.id, { materialId: 999_999 }, AT))).fields.materialId).toMatch(/no such material/);
    // A rep may not answer, and another team's rep does not even see it.
    expect((await refusal(answerRequest(db, rep2, request.id, { materialId: eastReleased }, AT))).status).toBe(403);
    expect((await refusal(answerRequest(db, westRep, request.id, { materialId: eastReleased }, AT))).status).toBe(404);
    expect(await counts()).toEqual(before);
    expect((await db.models.MaterialRequest.findByPk(request.id))!.state).toBe("open");
  });

  it("answers with a released material as existing: the requester hears it is in the library, and not again at a later release", async () => {
    const request = await file(rep, good);
    const answered = await answerRequest(db, marketer, request.id, { materialId: eastReleased }, AT);
    expect(answered.state).toBe("answered");
    expect(answered.answerKind).toBe("existing");
    expect(answered.releaseToldAt).not.toBeNull();
    const mail = (await mailTo(rep, "request_answered")).filter((m) => m.text.includes(`/materials/${eastReleased}`));
    expect(mail).toHaveLength(1);
    expect(mail[0].text).toContain("in the library now");
  });

  it("answers with a material not released yet as new, and tells everyone it answers once, at its release", async () => {
    const first = await file(rep, good);
    await acceptRequest(db, marketer, first.id, AT);
    const second = await file(rep2, { ...good, need: "Pricing for mid-market, please" });
    const unrelated = await file(rep, { ...good, need: "Something else entirely" });
    for (const r of [first, second]) expect((await answerRequest(db, marketer, r.id, { materialId: eastDraft }, AT)).answerKind).toBe("new");
    expect((await mailTo(eastManager, "request_answered")).filter((m) => m.text.includes(`/requests/${second.id}`))).toHaveLength(1);

    const release = async (at: Date) => db.write(async (t) => applyRelease(db, t, await loadReleaseFacts(db, eastDraft, t, "America/New_York"), marketer.id, at));
    const RELEASE = new Date("2026-11-25T15:00:00Z");
    await release(RELEASE);
    const told = async () => [...(await mailTo(rep, "request_released")), ...(await mailTo(rep2, "request_released"))];
    expect((await told()).map((m) => m.userId).sort()).toEqual([rep.id, rep2.id].sort());
    expect((await told())[0].subject).toContain("Mid-market pricing one-pager");
    expect((await inAppOf(rep)).some((n) => n.link === `/materials/${eastDraft}` && n.text.includes("the material you asked for"))).toBe(true);
    for (const r of [first, second]) expect((await db.models.MaterialRequest.findByPk(r.id))!.releaseToldAt).toEqual(RELEASE);
    expect((await db.models.MaterialRequest.findByPk(unrelated.id))!.releaseToldAt).toBeNull();

    // A new version released later: nobody hears twice.
    await db.models.MaterialVersion.create({ materialId: eastDraft, number: 2, storageKey: `v/${eastDraft}-2`, fileName: "b.pdf", contentType: "application/pdf", size: 1, sha256: "b".repeat(64), pageCount: 1, changeNote: "", uploadedById: marketer.id, createdAt: RELEASE });
    await release(new Date("2026-11-27T15:00:00Z"));
    expect(await told()).toHaveLength(2);
    const page = await requestPage(db, rep, first.id, RELEASE);
    expect(page.material).toEqual({ id: eastDraft, title: "Mid-market pricing one-pager" });
    expect(page.releaseToldAt).toBe(RELEASE.toISOString());
  });

  it("shows open or accepted requests past their date to the marketing head and the team's sales manager only", async () => {
    const late = await file(rep, { ...good, need: "Overdue: a competitor comparison", neededBy: "2026-11-21" });
    const lateAccepted = await file(rep, { ...good, need: "Overdue and accepted", neededBy: "2026-11-21" });
    await acceptRequest(db, marketer, lateAccepted.id, AT);
    const lateDeclined = await file(rep, { ...good, need: "Overdue but declined", neededBy: "2026-11-21" });
    await declineRequest(db, marketer, lateDeclined.id, { reason: "No." }, AT);
    const westLate = await file(westRep, { ...good, need: "West overdue", neededBy: "2026-11-21" });
    // 02:00 UTC on the 22nd: the 21st is over nowhere in the Americas, so nothing is late yet.
    const early = new Date("2026-11-22T02:00:00Z");
    expect((await overdueRequestsFor(db, vpMarketing, early))!.items.map((r) => r.id)).not.toContain(late.id);
    // 06:00 UTC on the 22nd: past midnight in New York (the 22nd), still the 21st in Los Angeles.
    const at = new Date("2026-11-22T06:00:00Z");
    const head = (await overdueRequestsFor(db, vpMarketing, at))!.items.map((r) => r.id);
    expect(head).toEqual(expect.arrayContaining([late.id, lateAccepted.id]));
    expect(head).not.toContain(lateDeclined.id);
    expect(head).not.toContain(westLate.id);
    const east = (await overdueRequestsFor(db, eastManager, at))!.items.map((r) => r.id);
    expect(east).toEqual(expect.arrayContaining([late.id, lateAccepted.id]));
    expect((await overdueRequestsFor(db, westManager, at))!.items).toHaveLength(0);
    // A day later it is late in Los Angeles too, for the West manager and the head.
    const later = new Date("2026-11-23T09:00:00Z");
    expect((await overdueRequestsFor(db, westManager, later))!.items.map((r) => r.id)).toEqual([westLate.id]);
    expect((await overdueRequestsFor(db, vpMarketing, later))!.items.map((r) => r.id)).toContain(westLate.id);
    // Not a head: no queue at all.
    for (const person of [marketer, rep, admin]) expect(await overdueRequestsFor(db, person, later)).toBeNull();
  });
});

/** A well-formed ZIP (stored, no compression) holding one file of the given name. */
function zipOf(name: string): Uint8Array {
  const data = Buffer.from("hello");
  const nameBytes = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  const localPart = Buffer.concat([local, nameBytes, data]);
  const centralPart = Buffer.concat([central, nameBytes]);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(centralPart.length, 12);
  end.writeUInt32LE(localPart.length, 16);
  // Padded past the first kilobyte, so the type is decided from a full head.
  return Buffer.concat([localPart, centralPart, end, Buffer.alloc(0)]);
}
