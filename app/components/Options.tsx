/** A select's choices: the empty one first ("Choose…", "All teams"), then one per item. */
export function Options({ empty, emptyDisabled = false, items }: { empty: string; emptyDisabled?: boolean; items: readonly { id: number | string; name: string }[] }) {
  return (
    <>
      <option value="" disabled={emptyDisabled}>
        {empty}
      </option>
      {items.map((item) => (
        <option key={item.id} value={item.id}>
          {item.name}
        </option>
      ))}
    </>
  );
}
