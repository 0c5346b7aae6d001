/** What a page says about how it read the query (a page past the last, a filter it ignored). */
export function Notices({ notes }: { notes: readonly string[] }) {
  return (
    <>
      {notes.map((n) => (
        <p key={n} className="notice" role="status">
          {n}
        </p>
      ))}
    </>
  );
}
