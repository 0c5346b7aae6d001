import type { Database } from "../lib/db.server";
import { InputError } from "../lib/errors";
import type { User } from "../../models/index";
import { decideArchive } from "../domain/workflow/index";
import { materialFacts } from "../rules/material-facts.server";
import { applyEvents, orRefuse } from "./effects.server";

type Actor = Pick<User, "id" | "role" | "active" | "timeZone">;

/** Marketing archives a released material: it leaves the library and shows the date it was archived. */
export async function archiveMaterial(database: Database, actor: Actor, materialId: number, at: Date) {
  const { facts } = await materialFacts(database, actor, materialId);
  const verdict = orRefuse(decideArchive(facts, actor));
  return database.write(async (t) => {
    const [changed] = await database.models.Material.update({ archivedAt: at }, { where: { id: materialId, archivedAt: null }, transaction: t, silent: true });
    if (changed !== 1) throw new InputError({ form: "This material is already archived." }, 409);
    await applyEvents(database, t, verdict, actor.id, at, { material: { id: materialId, title: "" } });
  });
}
