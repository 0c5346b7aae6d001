/** Previous / next page buttons around "Page n of m". */
export function PageNav({ page, pages, onChange }: { page: number; pages: number; onChange(page: number): void }) {
  return (
    <>
      <button type="button" className="secondary" onClick={() => onChange(Math.max(1, page - 1))} disabled={page <= 1} aria-label="Previous page">
        ←
      </button>
      <span data-testid="page-indicator">
        Page {page} of {pages}
      </span>
      <button type="button" className="secondary" onClick={() => onChange(Math.min(pages, page + 1))} disabled={page >= pages} aria-label="Next page">
        →
      </button>
    </>
  );
}
