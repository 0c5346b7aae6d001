/**
 * Submitting a version for preview: the latest version, once, to every target team's
 * committee. A released material takes a new version through a new preview; the sales
 * teams keep the released version until the new one is released.
 */
import { allow, refuse, type Verdict, type WorkflowActor } from "./types";

export interface SubmitFacts {
  materialId: number;
  latest: { id: number; number: number } | null;
  /** Rounds ever opened for the latest version. */
  latestRounds: { state: "open" | "closed" | "withdrawn" }[];
  anyOpenRound: boolean;
  /** Why an annual plan cannot go yet (its pre-plan, its deviations). */
  planBlocker: string | null;
  teams: { id: number; name: string; committee: number[] }[];
}

export function decideSubmit(f: SubmitFacts, actor: WorkflowActor): Verdict<{ versionId: number; teams: SubmitFacts["teams"] }> {
  if (actor.role !== "marketer") return refuse("forbidden", "Only marketing submits material for preview.");
  if (!f.latest) return refuse("not_found", "This material has no file yet.");
  if (f.anyOpenRound) return refuse("conflict", "A preview of this material is already running. Wait for it to close.");
  if (f.planBlocker) return refuse("conflict", f.planBlocker);
  // A withdrawn preview may be submitted again; a closed one is over: upload a new version.
  if (f.latestRounds.some((r) => r.state === "closed")) {
    return refuse("conflict", `Version ${f.latest.number} has already been previewed. Upload a new version to preview again.`);
  }
  const empty = f.teams.find((t) => t.committee.length === 0);
  if (empty) {
    return refuse("conflict", `${empty.name} has no committee yet, so nobody could preview this. Ask the administrator to name one or two reps.`);
  }
  return allow(
    { versionId: f.latest.id, teams: f.teams },
    [{ action: "material.submitted", entityType: "material", entityId: f.materialId, after: { version: f.latest.number } }],
  );
}
