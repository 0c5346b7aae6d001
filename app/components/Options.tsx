/** A select's choices: the empty one first when there is one ("Choose…", "All teams"), then one per item. */
export function Options({ empty, emptyDisabled = false, items }: { empty?: string; emptyDisabled?: boolean; items: readonly { id: number | string; name: string }[] }) {
  return (
    <>
      {empty !== undefined ? (
        <option value="" disabled={emptyDisabled}>
          {empty}
        </option>
      ) : null}
      {items.map((item) => (
        <option key={item.id} value={item.id}>
          {item.name}
        </option>
      ))}
    </>
  );
}

/** A vocabulary's values as a select's items, each under its label. */
export function labelled<T extends string>(values: readonly T[], labels: Record<T, string>) {
  return values.map((value) => ({ id: value, name: labels[value] }));
}
