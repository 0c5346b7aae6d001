/**
 * Marketing controls its material: edits it while it is a draft, withdraws a running
 * preview (nothing escalates from it), and archives what was released (it leaves the
 * library and stays readable).
 */
import type { MaterialStatus } from "../materials";
import { allow, refuse, notify, type Verdict, type WorkflowActor } from "./types";

export interface MaterialFacts {
  id: number;
  kind: "collateral" | "annual_plan";
  status: MaterialStatus;
  releasedVersionId: number | null;
  archivedAt: Date | null;
  /** Rounds that are open now, with their committee members. */
  openRounds: { id: number; members: number[] }[];
  /** Teams a preview was ever opened for: asked once, a team stays (its comments stay with it). */
  submittedTeamIds: number[];
  teamNames?: Record<number, string>;
}

const marketingOnly = (actor: WorkflowActor) => (actor.role === "marketer" ? null : refuse("forbidden", "Only marketing changes its material."));

/**
 * Title, description and target teams change only while the material is a draft (never
 * submitted, or every preview of it withdrawn). A team that was asked once stays, since its
 * committee's comments stay with it; teams can be added. After submission, the committee
 * has seen it as it was: upload a new version instead.
 */
export function decideEdit(m: MaterialFacts, input: { title: string; description: string; teamIds: number[] }, actor: WorkflowActor): Verdict<typeof input> {
  const denied = marketingOnly(actor);
  if (denied) return denied;
  if (m.status !== "draft") {
    return refuse("conflict", "Only a draft can be edited: this material has been submitted for preview. Upload a new version, with a note on what changed.");
  }
  if (m.kind === "annual_plan" && input.teamIds.length !== 1) return refuse("invalid", "An annual plan goes to its own team only.", "teamIds");
  if (input.teamIds.length === 0) return refuse("invalid", "Choose at least one sales team.", "teamIds");
  const dropped = m.submittedTeamIds.filter((id) => !input.teamIds.includes(id));
  if (dropped.length) {
    const names = dropped.map((id) => m.teamNames?.[id] ?? "a team").join(", ");
    return refuse("invalid", `${names} already had a preview of this material, which you withdrew; its committee's comments stay with it, so the team stays. You can add teams.`, "teamIds");
  }
  return allow(input, [{ action: "material.edited", entityType: "material", entityId: m.id, after: { title: input.title, teamIds: input.teamIds } }]);
}

/**
 * Marketing withdraws the running preview: its open rounds close as withdrawn, the
 * committee is told, and nothing escalates from it. The same version may be submitted again.
 */
export function decideWithdrawPreview(m: MaterialFacts, actor: WorkflowActor): Verdict<{ roundIds: number[] }> {
  const denied = marketingOnly(actor);
  if (denied) return denied;
  if (m.openRounds.length === 0) return refuse("conflict", "No preview of this material is running: it has already closed or been withdrawn.");
  return allow(
    { roundIds: m.openRounds.map((r) => r.id) },
    m.openRounds.map((r) => ({ action: "round.withdrawn", entityType: "round" as const, entityId: r.id, before: { state: "open" }, after: { state: "withdrawn" } })),
    notify("preview_withdrawn", { committee: m.openRounds.flatMap((r) => r.members) }, actor.id),
  );
}

/** A released material leaves the library; whoever could see it can still open it. */
export function decideArchive(m: MaterialFacts, actor: WorkflowActor): Verdict<{ archived: true }> {
  // (An archived material takes no new preview or release: see versions.ts and release.ts.)
  const denied = marketingOnly(actor);
  if (denied) return denied;
  if (m.archivedAt) return refuse("conflict", "This material is already archived.");
  if (!m.releasedVersionId) return refuse("conflict", "Only released material is archived. A draft or a previewed one simply stays out of the library.");
  return allow({ archived: true }, [{ action: "material.archived", entityType: "material", entityId: m.id }]);
}
