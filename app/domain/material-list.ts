/**
 * The materials list's vocabulary, shared by its loader and its page: the material's own
 * statuses, and "archived" for released material taken out of the library.
 */
import { MATERIAL_STATUSES, MATERIAL_STATUS_LABELS } from "./materials";

export const LIST_STATUSES = [...MATERIAL_STATUSES, "archived"] as const;
export type ListStatus = (typeof LIST_STATUSES)[number];
export const LIST_STATUS_LABELS: Record<ListStatus, string> = { ...MATERIAL_STATUS_LABELS, archived: "Archived" };

/** Rows on one page of the list. */
export const LIST_PAGE_SIZE = 25;

/** An archived material is archived whatever its last status was; otherwise its status is the material's own. */
export function listStatus(status: (typeof MATERIAL_STATUSES)[number], archivedAt: unknown): ListStatus {
  return archivedAt ? "archived" : status;
}

/** "1 of 2 decided": decisions recorded over the committee seats of the open rounds. */
export function progressLine(decided: number, seats: number): string {
  return `${decided} of ${seats} decided`;
}

/** The line above the list, read out when it changes: how many, and which page. */
export function listCountLine({ total, page, pages, filtered }: { total: number; page: number; pages: number; filtered: boolean }): string {
  if (total === 0) return filtered ? "No materials match." : "No materials for you yet.";
  return `${total} material${total === 1 ? "" : "s"}${filtered ? " match" : ""}${pages > 1 ? `, page ${page} of ${pages}` : ""}`;
}
