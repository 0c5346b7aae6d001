import { expect } from "vitest";
import { post, serverDatabase, signInAs, upload } from "./http";
import { makePdf } from "./pdf";

/** Runs `fn` on a fresh handle on the test server's database, and closes it. */
export async function inDatabase<T>(fn: (database: ReturnType<typeof serverDatabase>) => Promise<T>): Promise<T> {
  const database = serverDatabase();
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

/** A marketer uploads a PDF of `pages` pages for Enterprise East: a draft, not yet previewed. */
export async function uploadForEast(title: string, pages: number, marketer: string) {
  const east = await inDatabase(async (d) => (await d.models.SalesTeam.findOne({ where: { name: "Enterprise East" } }))!.id);
  const response = await upload("/materials/upload", { title, description: "For first meetings.", kind: "collateral", teamIds: String(east) }, { name: "brochure.pdf", bytes: await makePdf({ pages, title }) }, marketer);
  expect(response.status).toBe(201);
  return { id: Number((await response.json()).url.split("/").pop()), east };
}

/** Submits the material, has both East committee members approve it, and releases it. */
export async function previewAndRelease(materialId: number, marketer: string) {
  const members = await Promise.all(["east.committee1@demo.test", "east.committee2@demo.test"].map((e) => signInAs(e)));
  expect((await post(`/materials/${materialId}`, { intent: "submit" }, marketer)).status).toBe(200);
  const round = await inDatabase(async (d) => (await d.models.PreviewRound.findOne({ where: { materialId } }))!);
  for (const member of members) {
    expect((await post(`/materials/${materialId}`, { intent: "decide", roundId: String(round.id), decision: "approved", summary: "Accurate." }, member)).status).toBe(200);
  }
  expect((await post(`/materials/${materialId}`, { intent: "release", confirm: "yes" }, marketer)).status).toBe(200);
}

/** A brochure of Theo Brandt's (marketer2), previewed by East's committee and released: its id and released version. */
export async function releasedBrochure(title: string, pages: number) {
  const marketer = await signInAs("marketer2@demo.test");
  const { id, east } = await uploadForEast(title, pages, marketer);
  await previewAndRelease(id, marketer);
  const versionId = await inDatabase(async (d) => (await d.models.MaterialVersion.findOne({ where: { materialId: id } }))!.id);
  return { id, versionId, east };
}
