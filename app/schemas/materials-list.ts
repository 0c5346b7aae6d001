import { z } from "zod";
import { LIST_STATUSES, type ListStatus } from "../domain/material-list";
import { MAX_SEARCH } from "./filters";

export interface MaterialsListFilters {
  q: string;
  status: ListStatus | null;
  teamId: number | null;
  page: number;
}

const PAGE_NOTE = "Pages are numbered from 1; showing the first.";

/**
 * The list's query string, one schema per parameter. An empty value (the form's "every
 * status" choice) means no filter.
 */
export const MaterialsListQuery = {
  q: z.string().trim().max(MAX_SEARCH, `Your search was shortened to its first ${MAX_SEARCH} characters.`),
  status: z.enum(LIST_STATUSES, {
    error: (issue) => `“${String(issue.input).slice(0, 40)}” is not a status a material can have; showing every status.`,
  }),
  team: z
    .string()
    .regex(/^\d{1,9}$/, "There is no such team; showing every team.")
    .transform(Number),
  page: z.string().regex(/^\d{1,6}$/, PAGE_NOTE).transform(Number).pipe(z.number().min(1, PAGE_NOTE)),
};

/**
 * Reads the list's query string. It comes from links people share and edit by hand, so
 * nothing here fails: a value that does not parse falls back to its default and a note says
 * why; a team the viewer cannot see is dropped the same way.
 */
export function parseMaterialsListQuery(search: URLSearchParams, teamIds: readonly number[]): { filters: MaterialsListFilters; notes: string[] } {
  const notes: string[] = [];
  const read = <T>(name: keyof typeof MaterialsListQuery, fallback: (raw: string) => T, empty: T): T => {
    const raw = search.get(name);
    if (raw === null || raw.trim() === "") return empty;
    const parsed = MaterialsListQuery[name].safeParse(raw);
    if (parsed.success) return parsed.data as T;
    notes.push(parsed.error.issues[0].message);
    return fallback(raw);
  };
  const q = read("q", (raw) => raw.trim().slice(0, MAX_SEARCH), "");
  const status = read<ListStatus | null>("status", () => null, null);
  let teamId = read<number | null>("team", () => null, null);
  if (teamId !== null && !teamIds.includes(teamId)) {
    notes.push("That team is not one whose material you see; showing every team.");
    teamId = null;
  }
  const page = read("page", () => 1, 1);
  return { filters: { q, status, teamId, page }, notes };
}
