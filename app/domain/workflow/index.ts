/**
 * The workflow, as pure rules: every transition takes (facts, action, actor) — and `now`
 * where time matters — and returns a refusal or the changes with the events they cause.
 * Services load the facts, call one of these, and apply the result in one transaction.
 *
 * - comments.ts: who may comment and when; marketing's answer; withdraw and hold
 * - rounds.ts: a member's decision; closing a round
 * - escalations.ts: who decides a dispute, moving up both chains, joint decisions
 * - release.ts: what blocks a release; releasing over the committee's objection
 * - versions.ts: submitting a version for preview; "to check" items on the next version
 * - materials.ts: marketing's edit of a draft, withdrawing a preview, archiving
 */
export * from "./types";
export * from "./comments";
export * from "./rounds";
export * from "./escalations";
export * from "./release";
export * from "./versions";
export * from "./materials";
