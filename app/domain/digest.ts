/**
 * The daily digest: when it is due and what it says. Pure; the sweep finds due items and
 * sends one email per person and day.
 */
import { DateTime } from "luxon";

export const DIGEST_HOUR = 8;

/** The next 08:00 in the reader's zone strictly after `now`: when a notice held for the digest goes out. */
export function nextDigestAt(now: Date, timeZone: string): Date {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  let at = local.set({ hour: DIGEST_HOUR, minute: 0, second: 0, millisecond: 0 });
  if (at <= local) at = at.plus({ days: 1 }).set({ hour: DIGEST_HOUR, minute: 0, second: 0, millisecond: 0 });
  return at.toJSDate();
}

/** The reader's calendar day at `now` (YYYY-MM-DD): a digest is sent at most once per such day. */
export function digestDay(now: Date, timeZone: string): string {
  return DateTime.fromJSDate(now, { zone: timeZone }).toISODate()!;
}

export interface DigestEntry {
  materialId: number | null;
  materialTitle: string;
  subject: string;
  text: string;
  link: string;
  createdAt: Date;
}

/** What happened, grouped by material (in the order each first appeared), oldest first within each. */
export function groupDigest(entries: DigestEntry[]): { materialId: number | null; title: string; entries: DigestEntry[] }[] {
  const groups = new Map<string, { materialId: number | null; title: string; entries: DigestEntry[] }>();
  for (const entry of [...entries].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())) {
    const key = entry.materialId === null ? `t:${entry.materialTitle}` : `m:${entry.materialId}`;
    const group = groups.get(key) ?? { materialId: entry.materialId, title: entry.materialTitle, entries: [] };
    group.entries.push(entry);
    groups.set(key, group);
  }
  return [...groups.values()];
}
