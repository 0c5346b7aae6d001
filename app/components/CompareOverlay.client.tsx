import pixelmatch from "pixelmatch";
import { useEffect, useRef, useState } from "react";
import { pdfjs } from "react-pdf";
import type { PDFDocumentProxy, RenderTask } from "pdfjs-dist";
// The viewer's module also points pdf.js at its worker and keeps its cancellations quiet.
import { PDF_OPTIONS } from "./PdfViewer.client";
import { asFractions, changedPixels, groupChanges, type Region } from "~/lib/compare";

export interface OverlaySide {
  number: number;
  fileUrl: string;
  contentType: string;
  /** The page of this version at this step; null when it has none here. */
  page: number | null;
}

interface Props {
  earlier: OverlaySide;
  later: OverlaySide;
  zoom: number;
}

/** Both pages are drawn this wide for the comparison, whatever the zoom. */
const DRAW_WIDTH = 1200;
/** Changes are grouped on a grid of squares this many pixels wide (2% of the page). */
const CELL = Math.round(DRAW_WIDTH / 48);

type Result =
  | { state: "drawing" }
  | { state: "failed" }
  | { state: "drawn"; earlier: HTMLCanvasElement | null; later: HTMLCanvasElement | null; regions: Region[]; width: number; height: number };

/**
 * The overlay: page n of both versions drawn in the browser at the same size, compared
 * pixel by pixel (pixelmatch), the changed pixels grouped into regions and outlined over the
 * later version. "Next change" and "Previous change" step through them. Client-only, loaded
 * lazily by the compare page.
 */
export default function CompareOverlay({ earlier, later, zoom }: Props) {
  const documents = useRef(new Map<string, Promise<PDFDocumentProxy>>());
  const [result, setResult] = useState<Result>({ state: "drawing" });
  const [current, setCurrent] = useState(-1);
  const [showEarlier, setShowEarlier] = useState(false);
  const [announcement, setAnnouncement] = useState("");
  const canvas = useRef<HTMLCanvasElement>(null);
  const regionRefs = useRef<(HTMLDivElement | null)[]>([]);

  useEffect(() => {
    const cache = documents.current;
    return () => {
      for (const doc of cache.values()) doc.then((d) => d.loadingTask.destroy()).catch(() => undefined);
      cache.clear();
    };
  }, []);

  useEffect(() => {
    let cancelled = false;
    const tasks: RenderTask[] = [];
    setResult({ state: "drawing" });
    setCurrent(-1);
    setAnnouncement("");
    const pdf = (url: string) => {
      let doc = documents.current.get(url);
      if (!doc) {
        doc = pdfjs.getDocument({ url, ...PDF_OPTIONS }).promise;
        documents.current.set(url, doc);
      }
      return doc;
    };
    async function draw(side: OverlaySide): Promise<HTMLCanvasElement | null> {
      if (side.page === null) return null;
      const out = document.createElement("canvas");
      out.width = DRAW_WIDTH;
      if (side.contentType === "application/pdf") {
        const page = await (await pdf(side.fileUrl)).getPage(side.page);
        const viewport = page.getViewport({ scale: DRAW_WIDTH / page.getViewport({ scale: 1 }).width });
        out.height = Math.round(viewport.height);
        const task = page.render({ canvas: out, viewport });
        tasks.push(task);
        await task.promise;
        return out;
      }
      const image = new Image();
      image.src = side.fileUrl;
      await image.decode();
      out.height = Math.max(1, Math.round((DRAW_WIDTH * image.naturalHeight) / image.naturalWidth));
      out.getContext("2d")!.drawImage(image, 0, 0, out.width, out.height);
      return out;
    }
    (async () => {
      const [a, b] = await Promise.all([draw(earlier), draw(later)]);
      if (cancelled) return;
      const width = DRAW_WIDTH;
      const height = Math.max(a?.height ?? 0, b?.height ?? 0, 1);
      let regions: Region[] = [];
      if (a && b) {
        // The same size for both, on white: a shorter page differs where the taller one goes on.
        const pixels = (source: HTMLCanvasElement) => {
          const flat = document.createElement("canvas");
          flat.width = width;
          flat.height = height;
          const context = flat.getContext("2d", { willReadFrequently: true })!;
          context.fillStyle = "#fff";
          context.fillRect(0, 0, width, height);
          context.drawImage(source, 0, 0);
          return context.getImageData(0, 0, width, height).data;
        };
        const diff = new Uint8ClampedArray(width * height * 4);
        pixelmatch(pixels(a), pixels(b), diff, width, height, { threshold: 0.1, diffMask: true });
        regions = groupChanges(changedPixels(diff, width, height), width, height, { cell: CELL, minPixels: 2 }).map((r) => asFractions(r, width, height));
      }
      setResult({ state: "drawn", earlier: a, later: b, regions, width, height });
      setAnnouncement(
        !a || !b
          ? `Version ${(a ? later : earlier).number} has no page here.`
          : regions.length === 0
            ? "No differences on this page."
            : `${regions.length} ${regions.length === 1 ? "change" : "changes"} on this page.`,
      );
    })().catch((error: unknown) => {
      if (cancelled) return;
      console.warn("The overlay could not be drawn", error);
      setResult({ state: "failed" });
    });
    return () => {
      cancelled = true;
      for (const task of tasks) task.cancel();
    };
  }, [earlier.fileUrl, earlier.contentType, earlier.page, later.fileUrl, later.contentType, later.page]);

  const drawn = result.state === "drawn" ? result : null;
  const base = drawn ? (showEarlier && drawn.earlier ? drawn.earlier : (drawn.later ?? drawn.earlier)) : null;
  const baseIsEarlier = drawn !== null && base === drawn.earlier;

  useEffect(() => {
    const target = canvas.current;
    if (!target || !drawn) return;
    target.width = drawn.width;
    target.height = drawn.height;
    const context = target.getContext("2d")!;
    context.fillStyle = "#fff";
    context.fillRect(0, 0, drawn.width, drawn.height);
    if (base) context.drawImage(base, 0, 0);
  }, [drawn, base]);

  const regions = drawn?.regions ?? [];
  function go(index: number) {
    setCurrent(index);
    setAnnouncement(`Change ${index + 1} of ${regions.length}`);
    regionRefs.current[index]?.scrollIntoView({ block: "center", inline: "center" });
  }

  if (result.state === "failed") {
    return (
      <p className="form-error" role="alert">
        The overlay could not be drawn. Reload the page to try again, or use the side-by-side view.
      </p>
    );
  }
  const missing = earlier.page === null ? earlier : later.page === null ? later : null;
  return (
    <div className="overlay">
      <div className="viewer-toolbar">
        <button type="button" className="secondary" onClick={() => go(current - 1)} disabled={current <= 0}>
          Previous change
        </button>
        <button type="button" className="secondary" onClick={() => go(current + 1)} disabled={current >= regions.length - 1}>
          Next change
        </button>
        {drawn?.earlier && drawn.later ? (
          <button type="button" className="secondary" aria-pressed={showEarlier} onClick={() => setShowEarlier((s) => !s)}>
            Show version {earlier.number} under the outlines
          </button>
        ) : null}
        <span role="status" aria-live="polite" className="overlay-status" data-testid="overlay-status">
          {announcement}
        </span>
      </div>
      {missing ? (
        <p className="muted" data-testid="overlay-missing">
          Version {missing.number} has no page here, so there is nothing to compare this page with.
        </p>
      ) : null}
      {drawn && regions.length === 0 && !missing ? (
        <p className="notice" data-testid="no-differences">
          No differences on this page: both versions draw it the same.
        </p>
      ) : null}
      <div className="compare-scroll overlay-scroll" role="group" tabIndex={0} aria-label={`Overlay, showing version ${baseIsEarlier ? earlier.number : later.number}`}>
        <div className="overlay-stage" style={{ width: `${zoom * 100}%` }} aria-busy={!drawn}>
          {drawn ? null : <p className="muted">Drawing both pages…</p>}
          <canvas ref={canvas} hidden={!drawn} data-testid="overlay-canvas" data-showing={baseIsEarlier ? earlier.number : later.number} />
          {regions.map((r, i) => (
            <div
              key={i}
              ref={(element) => {
                regionRefs.current[i] = element;
              }}
              className={`change-region${i === current ? " current" : ""}`}
              data-testid="change-region"
              style={{ left: `${r.x * 100}%`, top: `${r.y * 100}%`, width: `${r.width * 100}%`, height: `${r.height * 100}%` }}
              aria-hidden
            />
          ))}
        </div>
      </div>
    </div>
  );
}
