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
