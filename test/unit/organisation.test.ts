import { describe, expect, it } from "vitest";
import { MAX_COMMITTEE_SIZE, checkCommitteeSize, findReportingLoop } from "~/domain/organisation";

describe("committee rule", () => {
  it.each([
    { seats: [], adding: 1, ok: true },
    { seats: [1], adding: 2, ok: true },
    { seats: [1, 2], adding: 3, ok: false },
    { seats: [1, 2], adding: 2, ok: true }, // already seated: not a third member
    { seats: [1, 2, 3], adding: 4, ok: false },
  ])("committee $seats + $adding → ok=$ok", ({ seats, adding, ok }) => {
    const result = checkCommitteeSize(seats, adding);
    expect(result.ok).toBe(ok);
    if (!result.ok) expect(result.message).toContain(`at most ${MAX_COMMITTEE_SIZE}`);
  });

  it("allows two seats, never three", () => {
    expect(MAX_COMMITTEE_SIZE).toBe(2);
  });
});

describe("chain of command loops", () => {
  // 1 ← 2 ← 3 (3 reports to 2, 2 reports to 1), 4 on its own
  const chain = new Map<number, number | null>([
    [1, null],
    [2, 1],
    [3, 2],
    [4, null],
  ]);

  it("refuses reporting to oneself", () => {
    expect(findReportingLoop(2, 2, chain)).toEqual([2, 2]);
  });

  it("refuses a two-person loop A→B→A", () => {
    expect(findReportingLoop(1, 2, chain)).toEqual([1, 2, 1]);
  });

  it("refuses a longer loop", () => {
    expect(findReportingLoop(1, 3, chain)).toEqual([1, 3, 2, 1]);
  });

  it("accepts a manager in another chain, or none", () => {
    expect(findReportingLoop(4, 3, chain)).toBeNull();
    expect(findReportingLoop(3, null, chain)).toBeNull();
    expect(findReportingLoop(3, 1, chain)).toBeNull();
  });

  it("stops on an existing loop that does not involve the user", () => {
    const broken = new Map<number, number | null>([
      [5, 6],
      [6, 5],
    ]);
    expect(findReportingLoop(7, 5, broken)).toBeNull();
  });
});
