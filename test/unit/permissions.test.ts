import { describe, expect, it } from "vitest";
import { can, type Action, type Actor, type Relations } from "~/lib/permissions";
import type { Role } from "~/domain/roles";

/**
 * Who may do what, asked of `can` the way loaders and services ask it: as people of the
 * design's "People" table, each with what their job needs and what it must not reach.
 */
const person = (role: Role, id = 1): Actor => ({ id, role, active: true });
const marketer = person("marketer");
const rep = person("sales");
const manager = person("manager");
const admin = person("admin");

describe("what each role may do", () => {
  it.each<[string, Actor, Action[]]>([
    ["a marketer uploads, submits, answers comments, releases, reads plans and the metrics (team totals)", marketer, ["material:create", "material:add-version", "material:submit", "comment:answer", "material:release", "preplan:view", "preplan:edit", "plan:deviations", "metrics:view"]],
    ["a sales rep comments, reads plans and their own use", rep, ["comment:create", "preplan:view", "material:list", "usage:history"]],
    ["a manager lists escalations, confirms pre-plans, reads the metrics and their reports' use", manager, ["escalation:list", "preplan:confirm", "preplan:edit", "metrics:view", "usage:history"]],
    ["an admin runs users, teams, the working calendar, the audit log and the outbox", admin, ["admin:access", "user:manage", "team:manage", "calendar:manage", "audit:view", "outbox:view", "metrics:view"]],
  ])("%s", (_, actor, actions) => {
    for (const action of actions) expect(can(actor, action), action).toBe(true);
  });

  it.each<[string, Actor, Action[]]>([
    ["a marketer does not comment as sales, confirm plans, run the app or read anyone's own use", marketer, ["comment:create", "preplan:confirm", "admin:access", "user:manage", "usage:history", "escalation:list"]],
    ["a sales rep does not upload, answer, release, edit plans, run the app or read the metrics", rep, ["material:create", "material:add-version", "material:submit", "comment:answer", "material:release", "preplan:edit", "admin:access", "metrics:view"]],
    ["a manager does not upload, release, comment or run the app", manager, ["material:create", "material:release", "comment:create", "comment:answer", "admin:access", "user:manage"]],
    ["an admin does not upload, comment, release or read anyone's own use", admin, ["material:create", "comment:create", "material:release", "comment:answer", "usage:history"]],
  ])("%s", (_, actor, actions) => {
    for (const action of actions) expect(can(actor, action), action).toBe(false);
  });

  it("everyone signed in sees home, the material list, pre-plans and their own deadline feed", () => {
    for (const actor of [marketer, rep, manager, admin]) {
      for (const action of ["home:view", "material:list", "preplan:view", "calendar:feed"] as Action[]) expect(can(actor, action), `${actor.role} ${action}`).toBe(true);
    }
  });
});

describe("what the relationship to the object decides", () => {
  it.each<[string, Actor, Action, Relations, boolean]>([
    ["a committee member still to decide decides the round", rep, "round:decide", { pendingMembers: [1] }, true],
    ["a committee member who has decided does not decide again", rep, "round:decide", { pendingMembers: [2] }, false],
    ["a manager is not on the committee, even when listed", manager, "round:decide", { pendingMembers: [1] }, false],
    ["a rep others report to decides an escalation addressed to them", rep, "escalation:decide", { addressedNow: [1] }, true],
    ["a manager decides only escalations addressed to them now", manager, "escalation:decide", { addressedNow: [2], everAddressed: [1] }, false],
    ["the parties read the brief", rep, "escalation:brief", { parties: [1] }, true],
    ["a manager once addressed reads the brief", manager, "escalation:brief", { everAddressed: [1] }, true],
    ["anyone else sees only the outcome", rep, "escalation:brief", { parties: [2], everAddressed: [3] }, false],
    ["an admin reads every brief", admin, "escalation:brief", {}, true],
    ["the commenter withdraws or holds their comment", rep, "comment:settle", { authorId: 1 }, true],
    ["nobody else settles it", rep, "comment:settle", { authorId: 2 }, false],
  ])("%s", (_, actor, action, object, allowed) => {
    expect(can(actor, action, object)).toBe(allowed);
  });

  it("asked without the object, a relational action is refused", () => {
    expect(can(rep, "round:decide")).toBe(false);
    expect(can(manager, "escalation:decide")).toBe(false);
    expect(can(rep, "comment:settle")).toBe(false);
  });
});

describe("who gets nothing", () => {
  it("a deactivated account, even an admin's, even with every relationship", () => {
    const gone: Actor = { id: 1, role: "admin", active: false };
    const everything: Relations = { addressedNow: [1], everAddressed: [1], parties: [1], pendingMembers: [1], authorId: 1 };
    for (const action of ["home:view", "admin:access", "user:manage", "escalation:decide", "escalation:brief", "comment:settle"] as Action[]) {
      expect(can(gone, action, everything), action).toBe(false);
    }
  });

  it("nobody signed in", () => {
    expect(can(null, "home:view")).toBe(false);
    expect(can(undefined, "material:list")).toBe(false);
  });
});
