import { isValidDateString } from "../domain/business-time";
import { MATERIAL_KINDS, type MaterialKind } from "../domain/materials";

export { MAX_SEARCH } from "../domain/library";
import { MAX_SEARCH } from "../domain/library";
export const PAGE_SIZE = 20;

export interface LibraryFilters {
  q: string;
  teamId: number | null;
  kind: MaterialKind | null;
  from: string | null;
  to: string | null;
  page: number;
}

/**
 * Reads the library's query string. Filters come from links people share and edit by hand,
 * so nothing here fails: an unknown value is dropped and a note says so, a reversed date
 * range is swapped, an impossible page number becomes the nearest real one.
 */
export function parseLibraryFilters(search: URLSearchParams, teamIds: number[]): { filters: LibraryFilters; notes: string[] } {
  const notes: string[] = [];
  let q = (search.get("q") ?? "").trim();
  if (q.length > MAX_SEARCH) {
    q = q.slice(0, MAX_SEARCH);
    notes.push(`Your search was shortened to its first ${MAX_SEARCH} characters.`);
  }
  const rawTeam = search.get("team");
  let teamId: number | null = null;
  if (rawTeam) {
    if (/^\d{1,9}$/.test(rawTeam) && teamIds.includes(Number(rawTeam))) teamId = Number(rawTeam);
    else notes.push("That team is not one of yours; showing all your teams.");
  }
  const rawKind = search.get("kind");
  let kind: MaterialKind | null = null;
  if (rawKind) {
    if ((MATERIAL_KINDS as readonly string[]).includes(rawKind)) kind = rawKind as MaterialKind;
    else notes.push(`“${rawKind.slice(0, 40)}” is not a kind of material; showing every kind.`);
  }
  const { from, to } = readRange(search, notes, isValidDateString, { one: "date (YYYY-MM-DD)", many: "dates" });
  const rawPage = search.get("page");
  let page = 1;
  if (rawPage) {
    if (/^\d{1,6}$/.test(rawPage) && Number(rawPage) >= 1) page = Number(rawPage);
    else notes.push("Pages are numbered from 1; showing the first.");
  }
  return { filters: { q, teamId, kind, from, to, page }, notes };
}

/**
 * The `from` and `to` of a filter's range: a value that is not a `one` is left out with a
 * note, and a range the wrong way round is swapped (saying so), never refused.
 */
function readRange(search: URLSearchParams, notes: string[], valid: (raw: string) => boolean, words: { one: string; many: string }) {
  const bound = (name: string) => {
    const raw = search.get(name);
    if (!raw) return null;
    if (valid(raw)) return raw;
    notes.push(`“${raw.slice(0, 40)}” is not a ${words.one}; that limit was left out.`);
    return null;
  };
  let from = bound("from");
  let to = bound("to");
  if (from && to && from > to) {
    [from, to] = [to, from];
    notes.push(`The ${words.many} were the wrong way round; they have been swapped.`);
  }
  return { from, to };
}

/** A LIKE pattern that matches `text` literally: %, _ and the escape character itself are escaped. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export interface MonthFilters {
  teamId: number | null;
  from: string | null;
  to: string | null;
}

/** The metrics page's query string: a team and a range of months (YYYY-MM), forgiving like the library's. */
export function parseMetricsFilters(search: URLSearchParams, teamIds: number[]): { filters: MonthFilters; notes: string[] } {
  const notes: string[] = [];
  const rawTeam = search.get("team");
  let teamId: number | null = null;
  if (rawTeam) {
    if (/^\d{1,9}$/.test(rawTeam) && teamIds.includes(Number(rawTeam))) teamId = Number(rawTeam);
    else notes.push("There is no such team; showing every team.");
  }
  const { from, to } = readRange(search, notes, (raw) => /^\d{4}-(0[1-9]|1[0-2])$/.test(raw), { one: "month (YYYY-MM)", many: "months" });
  return { filters: { teamId, from, to }, notes };
}
