/** The field's word on released material: how it went with customers. */
export const OUTCOMES = ["worked", "mixed", "did_not_work"] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const OUTCOME_LABELS: Record<Outcome, string> = {
  worked: "Worked",
  mixed: "Mixed",
  did_not_work: "Didn't work",
};

export const MAX_SEGMENT_NAME_LENGTH = 80;
export const MAX_FEEDBACK_LENGTH = 4_000;

/** One piece of feedback as the pages show it, with its thread. */
export interface FeedbackItem {
  id: number;
  material: { id: number; title: string };
  outcome: Outcome;
  outcomeLabel: string;
  segment: string;
  page: number | null;
  version: number;
  team: string;
  author: { id: number; name: string };
  createdAt: string;
  body: string;
  replies: { id: number; author: { id: number; name: string }; body: string; createdAt: string }[];
  /** The viewer may answer in its thread: marketing, or the rep who wrote it. */
  canReply: boolean;
}
