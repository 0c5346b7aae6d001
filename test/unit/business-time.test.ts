import { describe, expect, it } from "vitest";
import { addBusinessTime, describeTimeLeft, formatDeadline, roundSchedule, windowMs, DEFAULT_WINDOW } from "~/domain/business-time";

const NY = "America/New_York";
const H = 3_600_000;
const none = new Set<string>();

/** Local wall-clock time in a zone, as "YYYY-MM-DD HH:mm". */
function local(at: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")}`;
}

describe("two business days in the team's time zone", () => {
  it.each([
    // [start (UTC), time zone, holidays, expected local end]
    ["Friday 16:00 → Tuesday 16:00", "2026-11-20T21:00:00Z", NY, [], "2026-11-24 16:00"],
    ["Monday 09:30 → Wednesday 09:30", "2026-11-16T14:30:00Z", NY, [], "2026-11-18 09:30"],
    ["a holiday on Monday pushes it a day", "2026-11-20T21:00:00Z", NY, ["2026-11-23"], "2026-11-25 16:00"],
    ["Thanksgiving Thursday and Friday", "2026-11-25T15:00:00Z", NY, ["2026-11-26", "2026-11-27"], "2026-12-01 10:00"],
    ["Saturday counts from Monday 00:00", "2026-11-21T15:00:00Z", NY, [], "2026-11-25 00:00"],
    ["Wednesday 23:30 in Tokyo", "2026-11-18T14:30:00Z", "Asia/Tokyo", [], "2026-11-20 23:30"],
    ["the same instant counted in Los Angeles", "2026-11-20T21:00:00Z", "America/Los_Angeles", [], "2026-11-24 13:00"],
    ["across the autumn daylight-saving change (Nov 1)", "2026-10-30T20:00:00Z", NY, [], "2026-11-03 16:00"],
    ["across the spring daylight-saving change (Mar 8)", "2027-03-05T21:00:00Z", NY, [], "2027-03-09 16:00"],
    ["Christmas week in Berlin", "2026-12-23T11:00:00Z", "Europe/Berlin", ["2026-12-24", "2026-12-25", "2026-12-26"], "2026-12-29 12:00"],
  ])("%s", (_label, start, tz, holidays, expected) => {
    const end = addBusinessTime(new Date(start), windowMs(DEFAULT_WINDOW), tz, new Set(holidays));
    expect(local(end, tz)).toBe(expected);
  });

  it("counts hours only on business days: 6 business hours from Friday 22:00 is Monday 04:00", () => {
    const end = addBusinessTime(new Date("2026-11-21T03:00:00Z"), 6 * H, NY, none);
    expect(local(end, NY)).toBe("2026-11-23 04:00");
  });

  it("sends the reminder when a quarter of the window is left", () => {
    const { dueAt, reminderAt } = roundSchedule(new Date("2026-11-20T21:00:00Z"), DEFAULT_WINDOW, NY, none);
    expect(local(dueAt, NY)).toBe("2026-11-24 16:00");
    expect(local(reminderAt, NY)).toBe("2026-11-24 04:00");
  });

  it("refuses an unknown time zone", () => {
    expect(() => addBusinessTime(new Date(), H, "Mars/Base", none)).toThrow(/Unknown time zone/);
  });
});

describe("time left", () => {
  const now = new Date("2026-11-20T12:00:00Z");
  it.each([
    [27 * 60, "due in 1 day 3 h", false],
    [50 * 60, "due in 2 days 2 h", false],
    [48 * 60, "due in 2 days", false],
    [90, "due in 1 h 30 min", false],
    [45, "due in 45 min", false],
    [-120, "overdue by 2 h", true],
  ])("%i minutes → %s", (minutes, text, overdue) => {
    expect(describeTimeLeft(new Date(now.getTime() + minutes * 60_000), now)).toEqual({ text, overdue });
  });

  it("formats a deadline in the reader's time zone", () => {
    expect(formatDeadline(new Date("2026-11-24T21:00:00Z"), NY)).toBe("Tue 24 Nov, 16:00 (America/New_York)");
    expect(formatDeadline(new Date("2026-11-24T21:00:00Z"), "Europe/Berlin")).toBe("Tue 24 Nov, 22:00 (Europe/Berlin)");
  });
});
