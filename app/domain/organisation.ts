/**
 * Rules about the organisation that hold whatever the storage: pure functions, no I/O.
 */

/** A sales team's committee previews its material: one or two reps, never three. */
export const MAX_COMMITTEE_SIZE = 2;

export type RuleResult = { ok: true } | { ok: false; message: string };

export function checkCommitteeSize(currentCommitteeUserIds: readonly number[], adding: number): RuleResult {
  const others = currentCommitteeUserIds.filter((id) => id !== adding);
  if (others.length >= MAX_COMMITTEE_SIZE) {
    return {
      ok: false,
      message: `A committee has at most ${MAX_COMMITTEE_SIZE} members. Remove one before adding another.`,
    };
  }
  return { ok: true };
}

/**
 * Would making `userId` report to `managerId` close a loop in the chain of command?
 * `reportsTo` maps each user id to their current manager's id (or null).
 * Returns the loop as a list of ids (user first) when it would, or null when it would not.
 */
export function findReportingLoop(
  userId: number,
  managerId: number | null,
  reportsTo: ReadonlyMap<number, number | null>,
): number[] | null {
  if (managerId === null) return null;
  const path = [userId];
  const seen = new Set<number>([userId]);
  let current: number | null | undefined = managerId;
  while (current !== null && current !== undefined) {
    path.push(current);
    if (current === userId) return path;
    if (seen.has(current)) return null; // an existing loop elsewhere; not ours to report
    seen.add(current);
    current = reportsTo.get(current);
  }
  return null;
}
