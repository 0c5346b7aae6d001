import { describe, expect, it } from "vitest";
import { PERMISSIONS, RELATIONS, ROLES, can, type Action, type Role } from "~/lib/permissions";

/** The expected map written out by hand: a change to who-may-do-what must change this table too. */
const EXPECTED: Record<keyof typeof PERMISSIONS, Role[]> = {
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
  "escalation:list": ["manager"],
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

  for (const action of Object.keys(EXPECTED) as (keyof typeof PERMISSIONS)[]) {
    for (const role of ROLES) {
      const allowed = EXPECTED[action].includes(role) && !(action in RELATIONS);
      it(`${role} ${allowed ? "may" : "may not"} ${action}${action in RELATIONS ? " without the relationship" : ""}`, () => {
        expect(can({ id: 1, role, active: true }, action)).toBe(allowed);
      });
    }
  }

  // Relational actions: the relationship decides, whatever the role (and a role gate, where one is set, still applies).
  it.each<[Action, Role, object, boolean]>([
    ["escalation:decide", "sales", { addressedNow: [1] }, true],
    ["escalation:decide", "manager", { addressedNow: [2] }, false],
    ["escalation:decide", "manager", { addressedNow: [2], everAddressed: [1] }, false],
    ["escalation:decide", "admin", { addressedNow: [1] }, true],
    ["escalation:brief", "sales", { parties: [1] }, true],
    ["escalation:brief", "sales", { parties: [2], everAddressed: [3] }, false],
    ["escalation:brief", "manager", { everAddressed: [1] }, true],
    ["escalation:brief", "admin", {}, true],
    ["round:decide", "sales", { pendingMembers: [1] }, true],
    ["round:decide", "manager", { pendingMembers: [1] }, false],
    ["round:decide", "sales", { pendingMembers: [2] }, false],
    ["comment:settle", "sales", { authorId: 1 }, true],
    ["comment:settle", "sales", { authorId: 2 }, false],
  ])("%s by a %s with %o → %s", (action, role, object, allowed) => {
    expect(can({ id: 1, role, active: true }, action, object)).toBe(allowed);
  });

  it("lists the relational actions", () => {
    expect(Object.keys(RELATIONS).sort()).toEqual(["comment:settle", "escalation:brief", "escalation:decide", "round:decide"]);
  });

  it("gives a deactivated account nothing, not even as admin", () => {
    for (const action of Object.keys(EXPECTED) as Action[]) {
      expect(can({ id: 1, role: "admin", active: false }, action)).toBe(false);
    }
    for (const action of Object.keys(RELATIONS) as Action[]) {
      expect(can({ id: 1, role: "admin", active: false }, action, { addressedNow: [1], parties: [1], pendingMembers: [1], authorId: 1 })).toBe(false);
    }
  });

  it("gives nobody signed out nothing", () => {
    expect(can(null, "home:view")).toBe(false);
    expect(can(undefined, "home:view")).toBe(false);
  });
});
