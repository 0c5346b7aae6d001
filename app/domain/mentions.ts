/**
 * @mentions in comments, replies and escalation discussions. A mention is "@" at the start
 * of the text or after a space or an opening bracket, followed by a person's full name, or
 * by a first name only one of the people who may see the thing has. Pure: the caller says
 * who may see it.
 */

export interface Mentionable {
  id: number;
  name: string;
}

export interface MentionScan {
  /** The people mentioned, each once, in the order first mentioned. */
  mentioned: Mentionable[];
  /** What followed an "@" that matched nobody who may see it: the word, as typed. */
  unmatched: string[];
}

const BEFORE = /[\s([{"'“‘]/;
const WORD = /^[\p{L}\p{M}][\p{L}\p{M}'’.-]*/u;

function startsWithName(text: string, name: string): boolean {
  if (text.length < name.length || text.slice(0, name.length).toLocaleLowerCase() !== name.toLocaleLowerCase()) return false;
  const next = text.charAt(name.length);
  return next === "" || !/[\p{L}\p{M}\p{N}]/u.test(next);
}

/** Finds the mentions in `text` among `people` (those who may see what it is written on). */
export function scanMentions(text: string, people: Mentionable[]): MentionScan {
  const byLength = [...people].sort((a, b) => b.name.length - a.name.length);
  const firstNames = new Map<string, Mentionable[]>();
  for (const person of people) {
    const first = person.name.trim().split(/\s+/)[0]?.toLocaleLowerCase();
    if (first) firstNames.set(first, [...(firstNames.get(first) ?? []), person]);
  }
  const mentioned = new Map<number, Mentionable>();
  const unmatched: string[] = [];
  for (let i = text.indexOf("@"); i !== -1; i = text.indexOf("@", i + 1)) {
    if (i > 0 && !BEFORE.test(text.charAt(i - 1))) continue;
    const rest = text.slice(i + 1);
    const word = WORD.exec(rest)?.[0].replace(/[.'’-]+$/, "");
    if (!word) continue;
    const full = byLength.find((p) => startsWithName(rest, p.name.trim()));
    const byFirst = firstNames.get(word.toLocaleLowerCase());
    const person = full ?? (byFirst?.length === 1 ? byFirst[0] : undefined);
    if (person) mentioned.set(person.id, person);
    else unmatched.push(word);
  }
  return { mentioned: [...mentioned.values()], unmatched };
}

/** Whether `text` holds anything that could be a mention: an "@" where a mention may start, followed by a name. */
export function mayMention(text: string): boolean {
  return scanMentions(text, []).unmatched.length > 0;
}

/** The names whose start matches what was typed after "@", for the typeahead: first or any later name. */
export function matchingPeople(query: string, people: Mentionable[], limit = 8): Mentionable[] {
  const q = query.trim().toLocaleLowerCase();
  const hits = people.filter((p) => {
    const name = p.name.toLocaleLowerCase();
    return q === "" || name.startsWith(q) || name.split(/\s+/).some((part) => part.startsWith(q));
  });
  return hits.sort((a, b) => Number(!a.name.toLocaleLowerCase().startsWith(q)) - Number(!b.name.toLocaleLowerCase().startsWith(q)) || a.name.localeCompare(b.name)).slice(0, limit);
}
