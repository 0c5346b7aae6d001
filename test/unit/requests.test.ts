import { describe, expect, it } from "vitest";
import { isRequestOverdue, neededByRefusal, requestActionRefusal, REQUEST_STATES } from "~/domain/requests";
import { AnswerRequestSchema, DeclineRequestSchema, RequestFilterSchema, RequestFormSchema } from "~/schemas/request";

const good = { need: "A pricing one-pager", customers: "Mid-market manufacturers", neededBy: "2026-12-15", details: "" };
const errorsOf = (input: unknown) => {
  const result = RequestFormSchema.safeParse(input);
  // The first message per field, as the forms show it (parseForm).
  return result.success ? {} : Object.fromEntries([...result.error.issues].reverse().map((i) => [String(i.path[0]), i.message]));
};

describe("the request form's schema", () => {
  it("takes a complete request, trimmed, with empty details as none", () => {
    expect(RequestFormSchema.parse({ ...good, need: "  A pricing one-pager  " })).toEqual({ ...good, details: null });
  });

  it.each([
    ["need", { ...good, need: "   " }, "Say what you need (a one-pager on pricing, a case study …)."],
    ["customers", { ...good, customers: "" }, "Say for which customers (a segment, an industry, named accounts)."],
    ["neededBy", { ...good, neededBy: "" }, "Enter the day you need it by (YYYY-MM-DD)."],
    ["neededBy", { ...good, neededBy: "15/12/2026" }, "Enter the day you need it by (YYYY-MM-DD)."],
    ["neededBy", { ...good, neededBy: "2026-02-29" }, "That day does not exist: enter a date such as 2026-12-15."],
    ["need", { ...good, need: "x".repeat(201) }, "What you need has at most 200 characters; put the rest under details."],
    ["customers", { ...good, customers: "x".repeat(501) }, "Which customers has at most 500 characters."],
    ["details", { ...good, details: "x".repeat(4001) }, "Details have at most 4,000 characters."],
  ])("refuses a bad %s with its own message", (field, input, message) => {
    expect(errorsOf(input)[field]).toBe(message);
  });

  it("names every missing field at once", () => {
    expect(Object.keys(errorsOf({})).sort()).toEqual(["customers", "need", "neededBy"]);
  });

  it("needs a decline's reason and an answer's material", () => {
    expect(DeclineRequestSchema.safeParse({ reason: "  " }).success).toBe(false);
    expect(AnswerRequestSchema.safeParse({ materialId: "abc" }).success).toBe(false);
    expect(AnswerRequestSchema.parse({ materialId: "12" })).toEqual({ materialId: 12 });
  });

  it("filters by a known state, and ignores anything else", () => {
    expect(RequestFilterSchema.parse({ state: "open" })).toEqual({ state: "open" });
    expect(RequestFilterSchema.parse({ state: "gossip" })).toEqual({ state: undefined });
  });
});

describe("the date rule", () => {
  it("takes today and later on the rep's calendar, refuses the day before", () => {
    expect(neededByRefusal("2026-11-20", "2026-11-20")).toBeNull();
    expect(neededByRefusal("2027-01-01", "2026-11-20")).toBeNull();
    expect(neededByRefusal("2026-11-19", "2026-11-20")).toBe("That day is in the past: enter 2026-11-20 or later.");
  });

  it("makes a request overdue the day after its date, while open or accepted only", () => {
    expect(isRequestOverdue("open", "2026-11-20", "2026-11-20")).toBe(false);
    expect(isRequestOverdue("open", "2026-11-20", "2026-11-21")).toBe(true);
    expect(isRequestOverdue("accepted", "2026-11-20", "2026-11-21")).toBe(true);
    expect(isRequestOverdue("answered", "2026-11-20", "2026-11-21")).toBe(false);
    expect(isRequestOverdue("declined", "2026-11-20", "2026-11-21")).toBe(false);
  });
});

describe("what marketing may do in each state", () => {
  const table = {
    open: { accept: true, decline: true, answer: true },
    accepted: { accept: false, decline: true, answer: true },
    declined: { accept: false, decline: false, answer: false },
    answered: { accept: false, decline: false, answer: false },
  } as const;
  it.each(REQUEST_STATES.flatMap((state) => (["accept", "decline", "answer"] as const).map((action) => [state, action] as const)))("%s → %s", (state, action) => {
    const refusal = requestActionRefusal(state, action);
    expect(refusal === null).toBe(table[state][action]);
  });
});
