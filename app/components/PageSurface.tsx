import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent, type ReactNode } from "react";

export interface Pin {
  id: number;
  number: number;
  page: number | null;
  x: number | null;
  y: number | null;
  /** An area's size, as fractions of the page; absent or null for a point. */
  w?: number | null;
  h?: number | null;
  state: string;
}

/** Where a new comment goes: a point, or an area when it has a width and height. */
export interface Placement {
  page: number;
  x: number;
  y: number;
  w?: number;
  h?: number;
}

/**
 * The pins on a page and placing a new one: what the viewer hands down to each page.
 * Without `onPlace` the page only shows pins; without `onPinSelect` they are not buttons.
 */
export interface PinLayerProps {
  pins: Pin[];
  selectedPinId: number | null;
  placing?: boolean;
  draft?: Placement | null;
  onPinSelect?(id: number): void;
  onPlace?(placement: Placement): void;
  /** Escape in pin mode. */
  onCancelPlacing?(): void;
}

interface Props extends PinLayerProps {
  page: number;
  /** The page pin mode starts on: it takes the focus and shows the crosshair. */
  active?: boolean;
  /** True while the page is still being drawn (a PDF page); absent when it is drawn at once. */
  busy?: boolean;
  children: ReactNode;
}

/** A drag shorter than this (a fraction of the page) is a click: a point, not an area. */
const DRAG_THRESHOLD = 0.01;
const STEP = 0.02;
const BIG_STEP = 0.1;

const clamp = (v: number) => Math.min(1, Math.max(0, v));
const round4 = (v: number) => Math.round(v * 10_000) / 10_000;

/** The rectangle spanned by two corners, or a point when they (nearly) coincide. */
export function placementBetween(page: number, a: { x: number; y: number }, b: { x: number; y: number }): Placement {
  const w = Math.abs(a.x - b.x);
  const h = Math.abs(a.y - b.y);
  if (w < DRAG_THRESHOLD && h < DRAG_THRESHOLD) return { page, x: round4(a.x), y: round4(a.y) };
  return { page, x: round4(Math.min(a.x, b.x)), y: round4(Math.min(a.y, b.y)), w: round4(Math.max(w, DRAG_THRESHOLD)), h: round4(Math.max(h, DRAG_THRESHOLD)) };
}

const percent = (v: number) => `${v * 100}%`;

/**
 * One page (a PDF canvas or an image) with its comments on top. Places are fractions of the
 * page's width and height, so they stay on the same spot at every zoom level.
 *
 * In pin mode a click (or a tap) pins a point and a drag marks an area. Without a mouse the
 * page takes the focus and shows a crosshair: arrow keys move it (Shift for bigger steps),
 * Enter pins a point, Space starts an area whose other corner the arrows then move (Enter
 * or Space again places it), and Escape cancels.
 */
export function PageSurface({ page, pins, selectedPinId, placing: canPlace = false, draft = null, onPinSelect, onPlace, onCancelPlacing, active, busy, children }: Props) {
  const placing = canPlace && onPlace !== undefined;
  const surface = useRef<HTMLDivElement>(null);
  // The crosshair and the first corner live in refs as well as in state: keys pressed faster
  // than React renders each read the position the previous key left, not a stale one.
  const crossRef = useRef({ x: 0.5, y: 0.5 });
  const anchorRef = useRef<{ x: number; y: number } | null>(null);
  const [cross, setCrossState] = useState(crossRef.current);
  const [anchor, setAnchorState] = useState<{ x: number; y: number } | null>(null);
  const [drag, setDrag] = useState<{ from: { x: number; y: number }; to: { x: number; y: number } } | null>(null);
  const setCross = (next: { x: number; y: number }) => {
    crossRef.current = next;
    setCrossState(next);
  };
  const setAnchor = (next: { x: number; y: number } | null) => {
    anchorRef.current = next;
    setAnchorState(next);
  };

  // Each pin mode starts afresh, with the crosshair in the middle of the page.
  useEffect(() => {
    setCross({ x: 0.5, y: 0.5 });
    setAnchor(null);
    setDrag(null);
    if (placing && active) surface.current?.focus({ preventScroll: true });
  }, [placing, active]);

  function at(event: PointerEvent<HTMLDivElement>) {
    const rect = event.currentTarget.getBoundingClientRect();
    return { x: clamp((event.clientX - rect.left) / rect.width), y: clamp((event.clientY - rect.top) / rect.height) };
  }
  function pointerDown(event: PointerEvent<HTMLDivElement>) {
    if (!placing || event.button !== 0 || (event.target as HTMLElement).closest(".pin")) return;
    event.currentTarget.setPointerCapture?.(event.pointerId);
    const point = at(event);
    setDrag({ from: point, to: point });
  }
  function pointerMove(event: PointerEvent<HTMLDivElement>) {
    if (drag) setDrag({ from: drag.from, to: at(event) });
  }
  function pointerUp(event: PointerEvent<HTMLDivElement>) {
    if (!drag) return;
    setDrag(null);
    onPlace?.(placementBetween(page, drag.from, at(event)));
  }
  function keyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (!placing) return;
    const step = event.shiftKey ? BIG_STEP : STEP;
    const moves: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      event.stopPropagation();
      const c = crossRef.current;
      setCross({ x: clamp(round4(c.x + move[0])), y: clamp(round4(c.y + move[1])) });
    } else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      event.stopPropagation();
      if (event.repeat) return;
      const c = crossRef.current;
      const first = anchorRef.current;
      if (first) {
        setAnchor(null);
        onPlace?.(placementBetween(page, first, c));
      } else if (event.key === "Enter") onPlace?.({ page, x: c.x, y: c.y });
      else setAnchor(c);
    } else if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      if (anchorRef.current) setAnchor(null);
      else onCancelPlacing?.();
    }
  }

  const sketch = drag ? placementBetween(page, drag.from, drag.to) : anchor ? placementBetween(page, anchor, cross) : null;
  const focusedPlacing = placing && active;
  return (
    <div
      ref={surface}
      className={`page-surface${placing ? " placing" : ""}`}
      data-testid={`page-${page}`}
      aria-busy={busy}
      tabIndex={placing ? 0 : undefined}
      role={placing ? "application" : undefined}
      aria-roledescription={placing ? "page" : undefined}
      aria-label={placing ? `Page ${page}. Arrow keys move the crosshair, Enter pins a point, Space starts an area, Escape cancels.` : undefined}
      onPointerDown={pointerDown}
      onPointerMove={pointerMove}
      onPointerUp={pointerUp}
      onPointerCancel={() => setDrag(null)}
      onKeyDown={keyDown}
    >
      {children}
      {pins
        .filter((p) => p.page === page && p.x !== null && p.y !== null)
        .map((p) => {
          const area = p.w && p.h ? { w: p.w, h: p.h } : null;
          const pinLook = {
            className: `pin pin-${p.state}${p.id === selectedPinId ? " selected" : ""}`,
            style: { left: percent(p.x!), top: percent(p.y!) },
            "data-testid": `pin-${p.number}`,
            "data-x": p.x!,
            "data-y": p.y!,
            "data-w": area?.w,
            "data-h": area?.h,
            "aria-label": area ? `Comment ${p.number}, on an area` : `Comment ${p.number}`,
          };
          return (
            <span key={p.id} className={`mark${p.id === selectedPinId ? " selected" : ""}`}>
              {onPinSelect ? (
                <button
                  type="button"
                  {...pinLook}
                  onPointerDown={(event) => event.stopPropagation()}
                  onClick={(event) => {
                    event.stopPropagation();
                    onPinSelect(p.id);
                  }}
                >
                  {p.number}
                </button>
              ) : (
                <span role="img" {...pinLook}>
                  {p.number}
                </span>
              )}
              {area ? (
                <span
                  className={`area area-${p.state}`}
                  data-testid={`area-${p.number}`}
                  style={{ left: percent(p.x!), top: percent(p.y!), width: percent(area.w), height: percent(area.h) }}
                  aria-hidden
                />
              ) : null}
            </span>
          );
        })}
      {draft && draft.page === page ? <Sketch placement={draft} testId="draft" /> : null}
      {sketch ? <Sketch placement={sketch} testId="sketch" /> : null}
      {focusedPlacing && !drag ? (
        <span className="crosshair" data-testid="crosshair" style={{ left: percent(cross.x), top: percent(cross.y) }} aria-hidden />
      ) : null}
    </div>
  );
}

function Sketch({ placement, testId }: { placement: Placement; testId: string }) {
  if (placement.w && placement.h) {
    return (
      <span
        className="area area-draft"
        data-testid={testId}
        style={{ left: percent(placement.x), top: percent(placement.y), width: percent(placement.w), height: percent(placement.h) }}
        aria-hidden
      />
    );
  }
  return (
    <span className="pin pin-draft" data-testid={testId} style={{ left: percent(placement.x), top: percent(placement.y) }} aria-hidden>
      +
    </span>
  );
}
