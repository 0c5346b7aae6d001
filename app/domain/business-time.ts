import { DateTime } from "luxon";

/**
 * Business time: the review window runs only on business days in the team's time zone,
 * skipping Saturdays, Sundays and the team's holidays. Pure: every instant is passed in.
 */

export type WindowUnit = "business_days" | "business_hours";

export interface ReviewWindow {
  unit: WindowUnit;
  value: number;
}

export const WINDOW_UNIT_LABELS: Record<WindowUnit, string> = {
  business_days: "business days",
  business_hours: "business hours",
};

export const DEFAULT_WINDOW: ReviewWindow = { unit: "business_days", value: 2 };

/** Reminders go out when this fraction of the window is left. */
export const REMINDER_FRACTION_LEFT = 0.25;

const HOUR_MS = 3_600_000;

export function windowMs(window: ReviewWindow): number {
  return (window.unit === "business_days" ? window.value * 24 : window.value) * HOUR_MS;
}

/** Holidays as ISO dates ("2026-12-25") in the team's calendar. */
export type Holidays = ReadonlySet<string>;

function isBusinessDay(day: DateTime, holidays: Holidays): boolean {
  return day.weekday <= 5 && !holidays.has(day.toISODate()!);
}

/**
 * The instant `durationMs` of business time after `start`: time passes only on business
 * days (all 24 hours of them), so two business days from Friday 16:00 is Tuesday 16:00,
 * and a holiday on the Monday makes it Wednesday 16:00. Counted in `timeZone`'s local
 * days, so a daylight-saving change keeps the local hour.
 */
export function addBusinessTime(start: Date, durationMs: number, timeZone: string, holidays: Holidays): Date {
  let cursor = DateTime.fromJSDate(start, { zone: timeZone });
  if (!cursor.isValid) throw new Error(`Unknown time zone ${timeZone}`);
  let left = durationMs;
  for (let guard = 0; guard < 10_000; guard++) {
    const nextMidnight = cursor.startOf("day").plus({ days: 1 });
    if (isBusinessDay(cursor, holidays)) {
      // Business time left today, measured in local wall-clock time so that a 23- or
      // 25-hour day (daylight saving) still counts as one business day.
      const today = wallClockMs(cursor, nextMidnight);
      if (left <= today) return addWallClock(cursor, left).toJSDate();
      left -= today;
    }
    cursor = nextMidnight;
  }
  throw new Error("The window does not end within 10,000 days: check the holiday calendar.");
}

/** Local wall-clock milliseconds between two instants on the same local day. */
function wallClockMs(from: DateTime, to: DateTime): number {
  const fromLocal = from.hour * HOUR_MS + from.minute * 60_000 + from.second * 1000 + from.millisecond;
  const toLocal = to.day !== from.day ? 24 * HOUR_MS : to.hour * HOUR_MS + to.minute * 60_000;
  return toLocal - fromLocal;
}

function addWallClock(from: DateTime, ms: number): DateTime {
  const total = from.hour * HOUR_MS + from.minute * 60_000 + from.second * 1000 + from.millisecond + ms;
  const start = from.startOf("day");
  return start.set({
    hour: Math.floor(total / HOUR_MS),
    minute: Math.floor((total % HOUR_MS) / 60_000),
    second: Math.floor((total % 60_000) / 1000),
    millisecond: total % 1000,
  });
}

/** When a round with this window, opened at `openedAt`, is due, and when its reminder goes. */
export function roundSchedule(openedAt: Date, window: ReviewWindow, timeZone: string, holidays: Holidays) {
  const length = windowMs(window);
  return {
    dueAt: addBusinessTime(openedAt, length, timeZone, holidays),
    reminderAt: addBusinessTime(openedAt, length * (1 - REMINDER_FRACTION_LEFT), timeZone, holidays),
  };
}

/** "due in 1 day 3 h", "due in 45 min", "overdue by 2 h": the clock on people's homes. */
export function describeTimeLeft(due: Date, now: Date): { text: string; overdue: boolean } {
  const ms = due.getTime() - now.getTime();
  const overdue = ms < 0;
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const parts = days > 0 ? [`${days} day${days === 1 ? "" : "s"}`, hours ? `${hours} h` : ""] : hours > 0 ? [`${hours} h`, mins ? `${mins} min` : ""] : [`${mins} min`];
  const span = parts.filter(Boolean).join(" ");
  return { text: overdue ? `overdue by ${span}` : `due in ${span}`, overdue };
}

const deadlineFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * A deadline as the reader sees it: "Tue 24 Nov, 16:00 (America/New_York)". Every queue row
 * shows one, so the formatter of each time zone is made once and kept.
 */
export function formatDeadline(at: Date, timeZone: string): string {
  let format = deadlineFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", { timeZone, weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    deadlineFormats.set(timeZone, format);
  }
  const part: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const { type, value } of format.formatToParts(at)) part[type] = value;
  return `${part.weekday} ${part.day} ${part.month}, ${part.hour}:${part.minute} (${timeZone})`;
}

/** A real calendar date written as YYYY-MM-DD (holidays are stored this way). */
export function isValidDateString(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value).isValid;
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(at: Date, timeZone: string): string {
  return DateTime.fromJSDate(at, { zone: timeZone }).toISODate()!;
}
