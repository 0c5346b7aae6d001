/**
 * A request that cannot be carried out because of what the person entered. Routes turn it
 * into a 400 with each message shown beside its field; nothing has been written.
 */
export class InputError extends Error {
  constructor(
    public readonly fields: Record<string, string>,
    public readonly status = 400,
  ) {
    super(Object.values(fields).join(" "));
    this.name = "InputError";
  }
}

export function inputError(field: string, message: string, status = 400): InputError {
  return new InputError({ [field]: message }, status);
}
