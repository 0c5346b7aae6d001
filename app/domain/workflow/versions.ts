/**
 * Submitting a version for preview: the latest version, once, to every target team's
 * committee. A released material takes a new version through a new preview; the sales
 * teams keep the released version until the new one is released.
 */
import { allow, refuse, notify, type Verdict, type WorkflowActor } from "./types";

export interface SubmitFacts {
  materialId: number;
  latest: { id: number; number: number } | null;
  /** Rounds ever opened for the latest version. */
  latestRounds: { teamId: number; state: "open" | "closed" | "withdrawn" }[];
  anyOpenRound: boolean;
  /** Why an annual plan cannot go yet (its pre-plan, its deviations). */
  planBlocker: string | null;
  teams: { id: number; name: string; committee: number[]; /** The rest of the team, told of an annual plan. */ reps?: number[] }[];
  kind?: "collateral" | "annual_plan";
  archived?: boolean;
}

export function decideSubmit(f: SubmitFacts, actor: WorkflowActor): Verdict<{ versionId: number; teams: SubmitFacts["teams"] }> {
  if (actor.role !== "marketer") return refuse("forbidden", "Only marketing submits material for preview.");
  if (f.archived) return refuse("conflict", "This material is archived: it no longer goes to the sales teams. Create a new material to preview it again.");
  if (!f.latest) return refuse("conflict", "This material has no file yet. Upload one first.");
  if (f.anyOpenRound) return refuse("conflict", "A preview of this material is already running. Wait for it to close.");
  if (f.planBlocker) return refuse("conflict", f.planBlocker);
  // A withdrawn preview may be submitted again; a team whose round closed has previewed this
  // version: only the others get a round (all of them when every round was withdrawn).
  const previewed = new Set(f.latestRounds.filter((r) => r.state === "closed").map((r) => r.teamId));
  const teams = f.teams.filter((t) => !previewed.has(t.id));
  if (teams.length === 0) {
    return refuse("conflict", `Version ${f.latest.number} has already been previewed. Upload a new version to preview again.`);
  }
  const empty = teams.find((t) => t.committee.length === 0);
  if (empty) {
    return refuse("conflict", `${empty.name} has no committee yet, so nobody could preview this. Ask the administrator to name one or two reps.`);
  }
  // Each committee member is asked, with the deadline; an annual plan is open to the whole team.
  const notices = teams.flatMap((team) => [
    ...notify("preview_requested", { committee: team.committee }, actor.id, team.id),
    ...(f.kind === "annual_plan" ? notify("plan_preview_opened", { reps: (team.reps ?? []).filter((id) => !team.committee.includes(id)) }, actor.id, team.id) : []),
  ]);
  return allow(
    { versionId: f.latest.id, teams },
    [{ action: "material.submitted", entityType: "material", entityId: f.materialId, after: { version: f.latest.number } }],
    notices,
  );
}

export interface CheckFacts {
  commentId: number;
  authorId: number;
  state: CommentStateLike;
  /** What was decided: accepted by marketing, or the managers' decision on it. */
  decision: "accepted" | "uphold" | "compromise" | "overrule" | null;
  checkState: "done" | "reopened" | null;
  /** The version it was made on, and the latest one. */
  onVersion: number;
  latestVersion: number;
  /** Who may tick it off besides the commenter: the committee of the comment's team. */
  committee: number[];
  /** The open round of the latest version for that team, where a reopened item goes. */
  openRound: { id: number } | null;
}

type CommentStateLike = "open" | "accepted" | "declined" | "withdrawn" | "held" | "resolved";

/**
 * Whether a comment is "to check" on later versions: marketing accepted it, or the managers
 * upheld it or agreed a compromise — and nobody has ticked it off yet. An overruled one is settled.
 */
export function isToCheck(c: Pick<CheckFacts, "state" | "decision" | "checkState" | "onVersion" | "latestVersion">): boolean {
  if (c.checkState !== null || c.onVersion >= c.latestVersion) return false;
  return c.state === "accepted" || (c.state === "resolved" && (c.decision === "uphold" || c.decision === "compromise"));
}

/**
 * The commenter, or a committee member of that team, ticks a "to check" item off as done,
 * or reopens it with a note: the note becomes a new comment on the latest version, in its
 * open round, linked to the old one.
 */
export function decideCheck(c: CheckFacts, action: "done" | "reopen", actor: WorkflowActor, note = ""): Verdict<{ checkState: "done" | "reopened"; reopen: { roundId: number; body: string } | null }> {
  if (actor.id !== c.authorId && !c.committee.includes(actor.id)) {
    return refuse("forbidden", "Only the commenter, or a committee member of that team, ticks this off.");
  }
  if (c.checkState) return refuse("conflict", c.checkState === "done" ? "This has already been ticked off as done." : "This has already been reopened.");
  if (!isToCheck(c)) return refuse("conflict", "There is nothing to check on this comment: it was not accepted or upheld, or there is no newer version yet.");
  const audit = (event: string) => [{ action: `comment.${event}`, entityType: "comment" as const, entityId: c.commentId, after: { onVersion: c.latestVersion } }];
  if (action === "done") return allow({ checkState: "done", reopen: null }, audit("checked"));
  const body = note.trim();
  if (!body) return refuse("invalid", "Say what is still wrong on the new version.", "note");
  if (!c.openRound) {
    return refuse("conflict", `Version ${c.latestVersion} is not in preview for your team now, so a reopened comment would have nobody to answer it. Tick it off, or raise it when the next version is previewed.`);
  }
  return allow({ checkState: "reopened", reopen: { roundId: c.openRound.id, body } }, audit("reopened"));
}
