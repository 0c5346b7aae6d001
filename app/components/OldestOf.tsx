/** Says a queue shows only its oldest items, when it does. */
export function OldestOf({ shown, total }: { shown: number; total: number }) {
  return (
    total > shown ? (
      <p className="muted">
        The {shown} oldest of {total}.
      </p>
    ) : null
  );
}
