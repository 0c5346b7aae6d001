import { MATERIAL_FILE_TYPES } from "./materials";

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

/** The example a rep may attach: the kinds of file, and the largest size in bytes. */
export const EXAMPLE_TYPES = {
  ...MATERIAL_FILE_TYPES,
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": { label: "PowerPoint deck (PPTX)", extension: "pptx" },
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": { label: "Word document (DOCX)", extension: "docx" },
} as const;
export type ExampleType = keyof typeof EXAMPLE_TYPES;
export const MAX_EXAMPLE_MB = 25;
export const MAX_EXAMPLE_BYTES = MAX_EXAMPLE_MB * 1024 * 1024;

/** States in which marketing may still act on a request, per action. */
const ALLOWED_FROM: Record<"accept" | "decline" | "answer", readonly RequestState[]> = {
  accept: ["open"],
  decline: ["open", "accepted"],
  answer: ["open", "accepted"],
};

/**
 * Whether marketing may accept, decline or answer a request in its state: a request is
 * accepted once, and a declined or answered one is finished. The refusal is the message.
 */
export function requestActionRefusal(state: RequestState, action: keyof typeof ALLOWED_FROM): string | null {
  if (ALLOWED_FROM[action].includes(state)) return null;
  if (state === "declined") return "This request was declined; it takes no further answer. The rep can file a new one.";
  if (state === "answered") return "This request has been answered already.";
  return "This request was accepted already: answer it with a material, or decline it.";
}

/**
 * The date rule: a request is needed by a day that is today or later on the requester's
 * own calendar (`today` is their local date, YYYY-MM-DD). Returns the message, or null.
 */
export function neededByRefusal(neededBy: string, today: string): string | null {
  return neededBy < today ? `That day is in the past: enter ${today} or later.` : null;
}

/** Overdue: still open or accepted after the day it was needed by (on the requester's calendar). */
export function isRequestOverdue(state: RequestState, neededBy: string, today: string): boolean {
  return (state === "open" || state === "accepted") && neededBy < today;
}
