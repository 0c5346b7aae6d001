/**
 * Who is told what: one policy table from each event kind to the people who hear of it,
 * and the preference each person sets for it. The workflow rules name the people in each
 * role (the commenter, the committee, the managers addressed …); this table alone picks
 * which of those roles an event reaches. Nobody is told about their own action.
 */

/** The roles a rule can name people in. */
export const AUDIENCES = {
  owner: "the material's owner",
  thread: "everyone who wrote in the thread",
  commenter: "the commenter",
  decliner: "the marketer who declined the comment",
  submitter: "the marketer who submitted the version",
  committee: "the round's committee",
  undecided: "committee members who have not decided",
  seat_taker: "who takes a committee seat",
  seat_leaver: "who leaves a committee seat",
  reps: "the team's reps outside the committee",
  team: "the whole target team",
  objectors: "committee members who requested changes",
  newly_addressed: "the managers now addressed",
  previously_addressed: "the managers addressed before",
  addressed: "the managers addressed now",
  ever_addressed: "every manager ever addressed",
  parties: "both parties (the commenter and marketing)",
  other_head: "the other department head",
  heads: "both department heads",
  reviewers: "the pre-plan's creative reviewers",
  drafter: "the marketer who drafted the pre-plan",
  mentioned: "the person mentioned",
  marketing_head: "the marketing head",
  feedback_author: "the feedback's author",
  marketers: "every active marketer",
  requester: "the rep who asked",
  requester_manager: "the requester's manager",
  requesters: "everyone whose request the material answers",
} as const;
export type Audience = keyof typeof AUDIENCES;

/** What a person chooses per preference: when the email comes. The in-app notice always comes. */
export const DELIVERIES = ["immediately", "digest", "in_app"] as const;
export type Delivery = (typeof DELIVERIES)[number];
export const DELIVERY_LABELS: Record<Delivery, string> = {
  immediately: "Email at once",
  digest: "Daily digest",
  in_app: "In the app only",
};

/**
 * The choices under Account → Notifications. A `required` one asks the reader to act by a
 * deadline: it may wait for the digest but is never switched off.
 */
export const PREFERENCES = {
  preview_requests: { label: "Previews I am asked to decide", required: true },
  reminders: { label: "Reminders before a preview window closes", required: true },
  escalations_to_me: { label: "Escalations addressed to me", required: true },
  comments: { label: "New comments and replies on my material or in my threads", required: false },
  mentions: { label: "Mentions of me", required: false },
  my_comments: { label: "Marketing's answer to my comments", required: false },
  my_declines: { label: "A comment I declined held or withdrawn", required: false },
  decisions: { label: "Committee decisions and closed previews", required: false },
  previews: { label: "Previews opened, withdrawn or handed over", required: false },
  escalation_news: { label: "Progress of escalations I am part of", required: false },
  plans: { label: "Pre-plans and annual plans", required: false },
  releases: { label: "Material released to my team", required: false },
  to_check: { label: "Accepted comments to check on a new version", required: false },
  field_feedback: { label: "Feedback from the field on my material", required: false },
  feedback_replies: { label: "Replies to field feedback I wrote or answered", required: false },
  requests_in: { label: "New requests for material from the field", required: false },
  my_requests: { label: "Marketing's answer to requests by me or my reports", required: false },
} as const satisfies Record<string, { label: string; required: boolean }>;
export type PreferenceKind = keyof typeof PREFERENCES;
export const PREFERENCE_KINDS = Object.keys(PREFERENCES) as PreferenceKind[];

export function isPreferenceKind(value: string): value is PreferenceKind {
  return Object.prototype.hasOwnProperty.call(PREFERENCES, value);
}

/** The choices a preference offers: a required one cannot be in-app only. */
export function deliveriesFor(kind: PreferenceKind): readonly Delivery[] {
  return PREFERENCES[kind].required ? DELIVERIES.filter((d) => d !== "in_app") : DELIVERIES;
}

/** What a stored choice means now: a required kind set to in-app only (never offered) still emails, in the digest. */
export function effectiveDelivery(kind: PreferenceKind, chosen: Delivery | undefined): Delivery {
  const delivery = chosen ?? "immediately";
  return delivery === "in_app" && PREFERENCES[kind].required ? "digest" : delivery;
}

interface Policy {
  /** Who hears of it. */
  audience: readonly Audience[];
  preference: PreferenceKind;
  /** For the README and the preferences page. */
  event: string;
}

export const NOTICE_POLICY = {
  comment_posted: { event: "A new comment or reply on a material", audience: ["owner", "thread"], preference: "comments" },
  mentioned: { event: "Someone mentions me in a comment, reply or escalation discussion", audience: ["mentioned"], preference: "mentions" },
  comment_accepted: { event: "Marketing accepts my comment", audience: ["commenter"], preference: "my_comments" },
  comment_declined: { event: "Marketing declines my comment", audience: ["commenter"], preference: "my_comments" },
  comment_held: { event: "The commenter holds a comment I declined", audience: ["decliner"], preference: "my_declines" },
  comment_withdrawn: { event: "The commenter withdraws a comment I declined", audience: ["decliner"], preference: "my_declines" },
  member_decided: { event: "A committee member decides", audience: ["submitter", "committee"], preference: "decisions" },
  round_closed: { event: "A preview round closes, with its summary", audience: ["submitter", "committee"], preference: "decisions" },
  preview_requested: { event: "A preview asks for my decision", audience: ["committee"], preference: "preview_requests" },
  decision_handed: { event: "I take a committee seat while its preview is open", audience: ["seat_taker"], preference: "preview_requests" },
  reminder: { event: "A quarter of the window is left and I have not decided", audience: ["undecided"], preference: "reminders" },
  plan_preview_opened: { event: "My team's annual plan opens for comments", audience: ["reps"], preference: "previews" },
  preview_withdrawn: { event: "Marketing withdraws a preview I was asked to decide", audience: ["committee"], preference: "previews" },
  decision_moved: { event: "I leave a committee seat while its preview is open", audience: ["seat_leaver"], preference: "previews" },
  escalation: { event: "An escalation is addressed to me", audience: ["newly_addressed"], preference: "escalations_to_me" },
  escalation_moved_up: { event: "An escalation moves up to me", audience: ["newly_addressed"], preference: "escalations_to_me" },
  escalation_moved_on: { event: "An escalation I was addressed moves up past me", audience: ["previously_addressed"], preference: "escalation_news" },
  escalation_proposed: { event: "The other manager proposes or counter-proposes", audience: ["addressed", "parties"], preference: "escalation_news" },
  escalation_decided: { event: "An escalation is decided", audience: ["ever_addressed", "parties"], preference: "escalation_news" },
  escalation_withdrawn: { event: "An escalation ends without a decision", audience: ["addressed"], preference: "escalation_news" },
  release_objection: { event: "Marketing asks to release over my objection", audience: ["objectors"], preference: "escalation_news" },
  pre_plan_to_confirm: { event: "A pre-plan waits for my confirmation", audience: ["other_head"], preference: "plans" },
  pre_plan_unconfirmed: { event: "An edit withdrew my confirmation of a pre-plan", audience: ["other_head"], preference: "plans" },
  pre_plan_agreed: { event: "A pre-plan is agreed by both heads", audience: ["heads", "reviewers", "drafter"], preference: "plans" },
  plan_submitted: { event: "An annual plan is submitted for preview", audience: ["heads"], preference: "plans" },
  material_released: { event: "Material is released to my team", audience: ["team"], preference: "releases" },
  to_check: { event: "A comment of mine is to check on a new version", audience: ["commenter"], preference: "to_check" },
  feedback_posted: { event: "A rep posts feedback from the field on released material", audience: ["owner", "marketing_head"], preference: "field_feedback" },
  feedback_replied: { event: "A reply under field feedback", audience: ["feedback_author", "thread"], preference: "feedback_replies" },
  request_opened: { event: "A rep asks for material that does not exist", audience: ["marketers"], preference: "requests_in" },
  request_accepted: { event: "Marketing accepts a request: it will make the material", audience: ["requester", "requester_manager"], preference: "my_requests" },
  request_declined: { event: "Marketing declines a request, with its reason", audience: ["requester", "requester_manager"], preference: "my_requests" },
  request_answered: { event: "Marketing answers a request with a material", audience: ["requester", "requester_manager"], preference: "my_requests" },
  request_released: { event: "The material that answers my request is released", audience: ["requesters"], preference: "my_requests" },
} as const satisfies Record<string, Policy>;

export type NoticeKind = keyof typeof NOTICE_POLICY;
export const NOTICE_KINDS = Object.keys(NOTICE_POLICY) as NoticeKind[];

/** Who hears about what: one email (and in-app notice) per recipient, worded by the template of its kind. */
export interface Notice {
  kind: NoticeKind;
  to: number;
  /** What it is about, when one verdict speaks of several (the team of a round, say). */
  about?: number;
}

export type People = Iterable<number | null | undefined>;

/**
 * The notices of one event: the people of each role the policy names for its kind, each
 * once, never the actor. People given in roles the kind does not name are not told.
 */
export function notify(kind: NoticeKind, people: Partial<Record<Audience, People>>, actorId: number | null, about?: number): Notice[] {
  const seen = new Set<number>();
  const notices: Notice[] = [];
  for (const role of NOTICE_POLICY[kind].audience as readonly Audience[]) {
    for (const id of people[role] ?? []) {
      if (id === null || id === undefined || id === actorId || seen.has(id)) continue;
      seen.add(id);
      notices.push(about === undefined ? { kind, to: id } : { kind, to: id, about });
    }
  }
  return notices;
}

export function preferenceOf(kind: NoticeKind): PreferenceKind {
  return NOTICE_POLICY[kind].preference;
}
