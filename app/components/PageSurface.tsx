import type { MouseEvent, ReactNode } from "react";

export interface Pin {
  id: number;
  number: number;
  page: number | null;
  x: number | null;
  y: number | null;
  state: string;
}

interface Props {
  page: number;
  pins: Pin[];
  selectedPinId: number | null;
  placing: boolean;
  draft: { page: number; x: number; y: number } | null;
  onPinSelect(id: number): void;
  onPlace(page: number, x: number, y: number): void;
  /** True while the page is still being drawn (a PDF page); absent when it is drawn at once. */
  busy?: boolean;
  children: ReactNode;
}

/**
 * One page (a PDF canvas or an image) with its pins on top. Pins are placed by fractions of
 * the page's width and height, so they stay on the same spot at every zoom level.
 */
export function PageSurface({ page, pins, selectedPinId, placing, draft, onPinSelect, onPlace, busy, children }: Props) {
  function place(event: MouseEvent<HTMLDivElement>) {
    if (!placing) return;
    const rect = event.currentTarget.getBoundingClientRect();
    const x = (event.clientX - rect.left) / rect.width;
    const y = (event.clientY - rect.top) / rect.height;
    onPlace(page, Math.min(1, Math.max(0, x)), Math.min(1, Math.max(0, y)));
  }
  return (
    <div className={`page-surface${placing ? " placing" : ""}`} data-testid={`page-${page}`} aria-busy={busy} onClick={place}>
      {children}
      {pins
        .filter((p) => p.page === page && p.x !== null && p.y !== null)
        .map((p) => (
          <button
            key={p.id}
            type="button"
            className={`pin pin-${p.state}${p.id === selectedPinId ? " selected" : ""}`}
            style={{ left: `${p.x! * 100}%`, top: `${p.y! * 100}%` }}
            data-testid={`pin-${p.number}`}
            data-x={p.x!}
            data-y={p.y!}
            aria-label={`Comment ${p.number}`}
            onClick={(event) => {
              event.stopPropagation();
              onPinSelect(p.id);
            }}
          >
            {p.number}
          </button>
        ))}
      {draft && draft.page === page ? (
        <span className="pin pin-draft" style={{ left: `${draft.x * 100}%`, top: `${draft.y * 100}%` }} aria-hidden>
          +
        </span>
      ) : null}
    </div>
  );
}
