import type { Database } from "../lib/db.server";
import type { User } from "../../models/index";
import type { MaterialFacts } from "../domain/workflow/index";
import { loadVisibleMaterial } from "./material-access.server";

type Actor = Pick<User, "id" | "role" | "active" | "timeZone">;

/** A material the actor may see, with what the workflow reads to decide an edit, a withdrawal or an archive. */
export async function materialFacts(database: Database, actor: Actor, materialId: number) {
  const { material } = await loadVisibleMaterial(database, actor, materialId);
  const rounds = await database.models.PreviewRound.findAll({
    where: { materialId },
    include: [{ association: "decisions", attributes: ["userId"] }, { association: "team", attributes: ["id", "name"] }],
    attributes: ["id", "state", "teamId"],
  });
  const facts: MaterialFacts = {
    id: material.id,
    kind: material.kind,
    status: material.status,
    releasedVersionId: material.releasedVersionId ?? null,
    archivedAt: material.archivedAt ?? null,
    openRounds: rounds.filter((r) => r.state === "open").map((r) => ({ id: r.id, members: (r.decisions ?? []).map((d) => d.userId) })),
    submittedTeamIds: [...new Set(rounds.map((r) => r.teamId))],
    teamNames: Object.fromEntries(rounds.map((r) => [r.teamId, r.team?.name ?? ""])),
  };
  return { material, facts };
}
