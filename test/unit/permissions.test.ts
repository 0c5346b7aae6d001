import { describe, expect, it } from "vitest";
import { PERMISSIONS, ROLES, can, type Action, type Role } from "~/lib/permissions";

/** The expected map written out by hand: a change to who-may-do-what must change this table too. */
const EXPECTED: Record<Action, Role[]> = {
  "home:view": ["marketer", "sales", "manager", "admin"],
  "admin:access": ["admin"],
  "user:manage": ["admin"],
  "team:manage": ["admin"],
  "audit:view": ["admin"],
  "material:list": ["marketer", "sales", "manager", "admin"],
  "material:create": ["marketer"],
  "material:add-version": ["marketer"],
  "comment:create": ["sales"],
  "comment:answer": ["marketer"],
  "material:submit": ["marketer"],
  "material:release": ["marketer"],
  "round:decide": ["sales"],
  "escalation:decide": ["manager"],
  "calendar:manage": ["admin"],
  "outbox:view": ["admin"],
  "preplan:view": ["marketer", "sales", "manager", "admin"],
  "preplan:edit": ["marketer", "manager"],
  "preplan:confirm": ["manager"],
  "plan:deviations": ["marketer"],
  "calendar:feed": ["marketer", "sales", "manager", "admin"],
  "metrics:view": ["manager", "admin"],
};

describe("permission map", () => {
  it("lists exactly the expected actions", () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const action of Object.keys(EXPECTED) as Action[]) {
    for (const role of ROLES) {
      const allowed = EXPECTED[action].includes(role);
      it(`${role} ${allowed ? "may" : "may not"} ${action}`, () => {
        expect(can({ id: 1, role, active: true }, action)).toBe(allowed);
      });
    }
  }

  it("gives a deactivated account nothing, not even as admin", () => {
    for (const action of Object.keys(EXPECTED) as Action[]) {
      expect(can({ id: 1, role: "admin", active: false }, action)).toBe(false);
    }
  });

  it("gives nobody signed out nothing", () => {
    expect(can(null, "home:view")).toBe(false);
    expect(can(undefined, "home:view")).toBe(false);
  });
});
