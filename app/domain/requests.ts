/** Requests from the field for material that does not exist yet. */
export const REQUEST_STATES = ["open", "accepted", "declined", "answered"] as const;
export type RequestState = (typeof REQUEST_STATES)[number];
export const REQUEST_STATE_LABELS: Record<RequestState, string> = {
  open: "Open",
  accepted: "Accepted: marketing is on it",
  declined: "Declined",
  answered: "Answered",
};

/** How a request was answered: by material already released, or by material made for it. */
export const ANSWER_KINDS = ["existing", "new"] as const;
export type AnswerKind = (typeof ANSWER_KINDS)[number];

export const MAX_NEED_LENGTH = 200;
export const MAX_CUSTOMERS_LENGTH = 500;
export const MAX_REQUEST_DETAILS_LENGTH = 4_000;
