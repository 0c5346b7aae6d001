import { describe, expect, it } from "vitest";
import {
  AUDIENCES,
  NOTICE_KINDS,
  NOTICE_POLICY,
  PREFERENCE_KINDS,
  deliveriesFor,
  effectiveDelivery,
  notify,
  type Audience,
} from "~/domain/notifications";
import { digestDay, groupDigest, nextDigestAt } from "~/domain/digest";
import { matchingPeople, mayMention, scanMentions } from "~/domain/mentions";

// One distinct person per role (ids 1…n), and the actor (99) in every role as well.
const roles = Object.keys(AUDIENCES) as Audience[];
const personOf = (role: Audience) => roles.indexOf(role) + 1;
const everyone = Object.fromEntries(roles.map((role) => [role, [personOf(role), 99]]));

describe("the notification policy table", () => {
  it.each([
    ["comment_posted", ["owner", "thread"]],
    ["mentioned", ["mentioned"]],
    ["comment_accepted", ["commenter"]],
    ["comment_declined", ["commenter"]],
    ["comment_held", ["decliner"]],
    ["comment_withdrawn", ["decliner"]],
    ["member_decided", ["submitter", "committee"]],
    ["round_closed", ["submitter", "committee"]],
    ["preview_requested", ["committee"]],
    ["decision_handed", ["seat_taker"]],
    ["reminder", ["undecided"]],
    ["plan_preview_opened", ["reps"]],
    ["preview_withdrawn", ["committee"]],
    ["decision_moved", ["seat_leaver"]],
    ["escalation", ["newly_addressed"]],
    ["escalation_moved_up", ["newly_addressed"]],
    ["escalation_moved_on", ["previously_addressed"]],
    ["escalation_proposed", ["addressed", "parties"]],
    ["escalation_decided", ["ever_addressed", "parties"]],
    ["escalation_withdrawn", ["addressed"]],
    ["release_objection", ["objectors"]],
    ["pre_plan_to_confirm", ["other_head"]],
    ["pre_plan_unconfirmed", ["other_head"]],
    ["pre_plan_agreed", ["heads", "reviewers", "drafter"]],
    ["plan_submitted", ["heads"]],
    ["material_released", ["team"]],
    ["to_check", ["commenter"]],
    ["feedback_posted", ["owner", "marketing_head"]],
    ["feedback_replied", ["feedback_author", "thread"]],
    ["request_opened", ["marketers"]],
    ["request_accepted", ["requester", "requester_manager"]],
    ["request_declined", ["requester", "requester_manager"]],
    ["request_answered", ["requester", "requester_manager"]],
    ["request_released", ["requesters"]],
  ] as const)("%s tells exactly %j, never the actor", (kind, told) => {
    const notices = notify(kind, everyone, 99);
    expect(notices.map((n) => n.to).sort((a, b) => a - b)).toEqual(told.map(personOf).sort((a, b) => a - b));
    expect(notices.every((n) => n.kind === kind)).toBe(true);
  });

  it("covers every kind in the table above", () => {
    expect(NOTICE_KINDS).toHaveLength(34);
  });

  it("tells a person in two roles once", () => {
    expect(notify("escalation_decided", { ever_addressed: [5, 6], parties: [6, 7] }, null).map((n) => n.to)).toEqual([5, 6, 7]);
  });

  it("drops nobody-fields and people named in roles the kind does not reach", () => {
    expect(notify("comment_declined", { commenter: [null, undefined, 3], owner: [4] }, 1).map((n) => n.to)).toEqual([3]);
  });

  it("files every kind under a preference that exists", () => {
    for (const kind of NOTICE_KINDS) expect(PREFERENCE_KINDS).toContain(NOTICE_POLICY[kind].preference);
  });
});

describe("preferences", () => {
  it("lets reminders, previews to decide and escalations addressed to me wait for the digest, never switch off", () => {
    for (const kind of ["reminders", "preview_requests", "escalations_to_me"] as const) {
      expect(deliveriesFor(kind)).toEqual(["immediately", "digest"]);
      expect(effectiveDelivery(kind, "in_app")).toBe("digest");
    }
    expect(deliveriesFor("comments")).toEqual(["immediately", "digest", "in_app"]);
    expect(effectiveDelivery("comments", "in_app")).toBe("in_app");
    expect(effectiveDelivery("comments", undefined)).toBe("immediately");
  });
});

describe("the daily digest's time", () => {
  it.each([
    ["before 08:00 local: today's", "2026-12-02T06:30:00Z", "Europe/Berlin", "2026-12-02T07:00:00.000Z"],
    ["at 08:00 exactly: tomorrow's", "2026-12-02T07:00:00Z", "Europe/Berlin", "2026-12-03T07:00:00.000Z"],
    ["after 08:00: tomorrow's", "2026-12-02T15:00:00Z", "America/New_York", "2026-12-03T13:00:00.000Z"],
    ["across the spring change of clocks", "2027-03-13T20:00:00Z", "America/New_York", "2027-03-14T12:00:00.000Z"],
  ])("%s", (_, now, zone, expected) => {
    expect(nextDigestAt(new Date(now), zone).toISOString()).toBe(expected);
  });

  it("names the reader's own day", () => {
    expect(digestDay(new Date("2026-12-02T23:30:00Z"), "Asia/Tokyo")).toBe("2026-12-03");
    expect(digestDay(new Date("2026-12-02T23:30:00Z"), "America/Los_Angeles")).toBe("2026-12-02");
  });

  it("groups by material, in order of first appearance, oldest first", () => {
    const at = (m: number) => new Date(Date.UTC(2026, 11, 2, 8, m));
    const groups = groupDigest([
      { materialId: 2, materialTitle: "Deck", subject: "b", text: "", link: "/", createdAt: at(3) },
      { materialId: 1, materialTitle: "Brochure", subject: "a", text: "", link: "/", createdAt: at(1) },
      { materialId: 2, materialTitle: "Deck", subject: "c", text: "", link: "/", createdAt: at(2) },
    ]);
    expect(groups.map((g) => [g.title, g.entries.map((e) => e.subject)])).toEqual([
      ["Brochure", ["a"]],
      ["Deck", ["c", "b"]],
    ]);
  });
});

describe("@mentions", () => {
  const people = [
    { id: 1, name: "Mila Novak" },
    { id: 2, name: "Jonas Berg" },
    { id: 3, name: "Jonas Weber" },
    { id: 4, name: "Ana Lía Ruiz" },
  ];
  it.each([
    ["a full name", "Thanks @Mila Novak, see page 2", [1], []],
    ["a first name only one person has", "@mila please check", [1], []],
    ["a first name two people have: not guessed", "@Jonas what do you think?", [], ["Jonas"]],
    ["a full name when two share the first", "@Jonas Weber what do you think?", [3], []],
    ["a name with accents and three words", "(@Ana Lía Ruiz) agreed", [4], []],
    ["the same person twice: once", "@Mila Novak and again @Mila", [1], []],
    ["an email address is no mention", "write to mila@example.com", [], []],
    ["an @ alone is no mention", "meet @ 5", [], []],
    ["somebody unknown", "@Zed look", [], ["Zed"]],
    ["a name then punctuation", "Agreed, @Mila Novak.", [1], []],
  ])("%s", (_, text, mentioned, unmatched) => {
    const scan = scanMentions(text, people);
    expect(scan.mentioned.map((p) => p.id)).toEqual(mentioned);
    expect(scan.unmatched).toEqual(unmatched);
    // Whoever may see it, a text that can mention someone is never skipped, and one that cannot is.
    expect(mayMention(text)).toBe(mentioned.length + unmatched.length > 0);
  });

  it("offers names whose first or a later name starts with what was typed", () => {
    expect(matchingPeople("jo", people).map((p) => p.id)).toEqual([2, 3]);
    expect(matchingPeople("we", people).map((p) => p.id)).toEqual([3]);
    expect(matchingPeople("", people)).toHaveLength(4);
    expect(matchingPeople("x", people)).toEqual([]);
  });
});

describe("the README", () => {
  it("lists the policy table as it is", async () => {
    const { readFileSync } = await import("node:fs");
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const { AUDIENCES: audiences, PREFERENCES: preferences } = await import("~/domain/notifications");
    for (const kind of NOTICE_KINDS) {
      const p = NOTICE_POLICY[kind];
      const row = `| ${p.event} | \`${kind}\` | ${p.audience.map((a) => audiences[a]).join("; ")} | ${preferences[p.preference].label}${preferences[p.preference].required ? " (required)" : ""} |`;
      expect(readme, `README row for ${kind}`).toContain(row);
    }
  });
});
