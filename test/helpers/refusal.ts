import { AppError } from "~/lib/errors";

/** What a refused service call answered: its HTTP status and its messages. Fails when it was not refused. */
export async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return { status: error.status, code: error.code, message: Object.values(error.fields).join(" "), fields: error.fields };
    throw error;
  }
  throw new Error("expected a refusal");
}
