import { Link } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { ComparedComments } from "~/components/ComparedComments";
import { CompareSide } from "~/components/CompareSide";
import { OverlayPane } from "~/components/OverlayPane";
import { PageNav } from "~/components/PageNav";
import { useSyncedScroll } from "~/hooks/useSyncedScroll";
import { compareUrl, offsetLimits, pageSteps, type CompareView } from "~/lib/compare";
import type { ComparedComment, ComparedVersion } from "~/queries/compare-versions.server";

const ZOOMS = { min: 0.5, max: 3, step: 0.25 };

/** Two versions compared: one page control for both, zoom, the page offset, the two views and the comments. */
export function Comparison({ materialId, a, b, comments, view }: { materialId: number; a: ComparedVersion; b: ComparedVersion; comments: ComparedComment[]; view: CompareView }) {
  const [step, setStep] = useState(1);
  const [zoom, setZoom] = useState(1);
  const [offset, setOffset] = useState(0);
  const [selected, setSelected] = useState<number | null>(null);
  const { steps, at } = pageSteps(offset, a.pageCount, b.pageCount);
  const limits = offsetLimits(a.pageCount, b.pageCount);
  const current = Math.min(step, steps);
  const pages = at(current);

  // One page control drives both sides; a side's own page turn (its ←/→ keys) moves both.
  const goTo = useCallback((n: number) => setStep(Math.min(steps, Math.max(1, n))), [steps]);
  const onPageA = useCallback((n: number) => goTo(n - offset), [goTo, offset]);
  const onPinSelect = useCallback((id: number) => {
    setSelected(id);
    document.getElementById(`compare-comment-${id}`)?.scrollIntoView({ block: "nearest" });
  }, []);
  const shift = (by: number) => setOffset((o) => Math.min(limits.max, Math.max(limits.min, o + by)));
  const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : "0");

  // In the overlay no viewer listens for ←/→, so the page does (side by side, each viewer does).
  useEffect(() => {
    if (view !== "overlay") return;
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement | null;
      if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
      if (event.key === "ArrowRight") goTo(current + 1);
      if (event.key === "ArrowLeft") goTo(current - 1);
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [view, goTo, current]);

  const sides = useRef<HTMLDivElement>(null);
  useSyncedScroll(sides, view === "side");

  const pins = (side: "a" | "b") =>
    comments.filter((c) => (side === "a" ? c.onA : c.onB)).map((c) => ({ id: c.id, number: c.number, page: c.page, x: c.x, y: c.y, w: c.w, h: c.h, state: c.state }));
  const pinsA = pins("a");
  const pinsB = pins("b");

  return (
    <>
      <div className="viewer-toolbar compare-toolbar">
        <nav className="view-switch" aria-label="Compare view">
          <Link to={compareUrl(materialId, a.number, b.number, "side")} aria-current={view === "side" ? "page" : undefined} preventScrollReset>
            Side by side
          </Link>
          <Link to={compareUrl(materialId, a.number, b.number, "overlay")} aria-current={view === "overlay" ? "page" : undefined} preventScrollReset>
            Overlay: highlight changes
          </Link>
        </nav>
        <span className="spacer" />
        <PageNav page={current} pages={steps} onChange={goTo} />
        <span className="spacer" />
        <button type="button" className="secondary" onClick={() => setZoom((z) => Math.max(ZOOMS.min, z - ZOOMS.step))} disabled={zoom <= ZOOMS.min} aria-label="Zoom out">
          −
        </button>
        <span data-testid="zoom">{Math.round(zoom * 100)}%</span>
        <button type="button" className="secondary" onClick={() => setZoom((z) => Math.min(ZOOMS.max, z + ZOOMS.step))} disabled={zoom >= ZOOMS.max} aria-label="Zoom in">
          +
        </button>
      </div>
      {limits.max > limits.min ? (
        <div className="viewer-toolbar page-offset" role="group" aria-labelledby="page-offset-label">
          <span id="page-offset-label">
            Version {a.number} page offset: <output data-testid="page-offset">{signed(offset)}</output>
          </span>
          <button type="button" className="secondary" onClick={() => shift(-1)} disabled={offset <= limits.min} aria-label={`Version ${a.number} page offset −1`}>
            −1
          </button>
          <button type="button" className="secondary" onClick={() => shift(1)} disabled={offset >= limits.max} aria-label={`Version ${a.number} page offset +1`}>
            +1
          </button>
          <span className="muted">
            {a.pageCount === b.pageCount
              ? `Both have ${a.pageCount} pages.`
              : `Version ${a.number} has ${a.pageCount} page${a.pageCount === 1 ? "" : "s"}, version ${b.number} has ${b.pageCount}: shift version ${a.number} to line its pages up.`}
          </span>
        </div>
      ) : null}

      {view === "overlay" ? (
        <section className="overlay-pane" aria-label={`Overlay of version ${a.number} page ${pages.a ?? "none"} and version ${b.number} page ${pages.b ?? "none"}`}>
          <h2>
            Changes from version {a.number} (page {pages.a ?? "–"}) to version {b.number} (page {pages.b ?? "–"})
          </h2>
          <OverlayPane a={a} b={b} pages={pages} zoom={zoom} />
        </section>
      ) : (
        <div className="compare-sides" ref={sides}>
          <CompareSide version={a} page={pages.a} wanted={current + offset} offset={signed(offset)} zoom={zoom} pins={pinsA} selected={selected} onPageChange={onPageA} onPinSelect={onPinSelect} side="a" />
          <CompareSide version={b} page={pages.b} wanted={current} offset="0" zoom={zoom} pins={pinsB} selected={selected} onPageChange={goTo} onPinSelect={onPinSelect} side="b" />
        </div>
      )}

      <ComparedComments
        comments={comments}
        a={a.number}
        b={b.number}
        selected={selected}
        onSelect={(c) => {
          setSelected(c.id);
          if (c.page) goTo(c.onB ? c.page : c.page - offset);
        }}
      />
    </>
  );
}
