import { describe, expect, it } from "vitest";
import { sqlDay } from "~/lib/db.server";

describe("sqlDay: the UTC day of a timestamp column", () => {
  it("reads SQLite's UTC text directly, and anything else through a Date", () => {
    expect(sqlDay("2026-11-20 23:59:59.999 +00:00")).toBe("2026-11-20");
    // Not UTC text: the offset counts (23:30 at -02:00 is the next day in UTC).
    expect(sqlDay("2026-11-20 23:30:00.000 -02:00")).toBe("2026-11-21");
    expect(sqlDay(new Date("2026-11-20T23:30:00-02:00"))).toBe("2026-11-21");
  });
});
