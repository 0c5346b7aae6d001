import { useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from "react";
import { Page, pdfjs } from "react-pdf";
import type { PDFDocumentProxy } from "pdfjs-dist";
import { PageSurface } from "./PageSurface";
import type { ViewerProps } from "./viewer-types";
import { PAGE_SEEN_MS, PAGE_SEEN_RATIO } from "~/domain/usage";

pdfjs.GlobalWorkerOptions.workerSrc = "/pdf.worker.min.mjs";

/**
 * When the viewer unmounts while pdf.js still has Range requests in flight (the user opens
 * another page or version mid-load), pdf.js aborts them and terminates its worker on purpose
 * but leaves a promise rejected without a handler. That is the intended outcome, so it is
 * not reported as an error; every other rejection still is.
 */
const PDFJS_CANCELLED = new Set(["Worker was terminated", "Loading aborted", "Transport destroyed"]);
window.addEventListener("unhandledrejection", (event) => {
  const reason: unknown = event.reason;
  if (reason instanceof DOMException && reason.name === "AbortError") event.preventDefault();
  // pdf.js's own words for a document destroyed while it loads (the viewer remounts per file).
  else if (reason instanceof Error && (reason.name === "AbortException" || PDFJS_CANCELLED.has(reason.message))) event.preventDefault();
});

/**
 * pdf.js options: no eval (the CSP forbids it anyway), no automatic download of the whole
 * file — pages are fetched with HTTP Range requests as they are shown — and one worker.
 */
export const PDF_OPTIONS = {
  isEvalSupported: false,
  disableAutoFetch: true,
  disableStream: true,
  rangeChunkSize: 64 * 1024,
  // One pdf.js worker for the page's lifetime, started when this module loads (while React
  // hydrates) instead of when the first document is asked for, and shared by every document
  // the page shows (compare shows two). Destroying a document leaves it running for the next.
  worker: new pdfjs.PDFWorker(),
};

/** Space around a page inside the page area, in CSS pixels (the page's shadow shows). */
const GUTTER = 8;
const THUMB_WIDTH = 84;

type LoadingTask = ReturnType<typeof pdfjs.getDocument>;
const loadingTasks = new Map<string, LoadingTask>();

/**
 * Starts loading a PDF, once per address. DocumentViewer calls it while the page hydrates,
 * so the file's first requests go out before the viewer itself can mount; the viewer then
 * takes the same task, and destroys it when it unmounts.
 */
export function startLoadingPdf(url: string): LoadingTask {
  let task = loadingTasks.get(url);
  if (!task) {
    task = pdfjs.getDocument({ url, ...PDF_OPTIONS });
    // A failure is shown by the viewer that takes the task; never an unhandled rejection.
    task.promise.catch(() => undefined);
    loadingTasks.set(url, task);
  }
  return task;
}

function usePdfDocument(url: string) {
  const [state, setState] = useState<{ pdf: PDFDocumentProxy | null; failed: boolean }>({ pdf: null, failed: false });
  useEffect(() => {
    const task = startLoadingPdf(url);
    let current = true;
    task.promise.then(
      (pdf) => current && setState({ pdf, failed: false }),
      () => current && setState({ pdf: null, failed: true }),
    );
    return () => {
      current = false;
      loadingTasks.delete(url);
      void task.destroy();
    };
  }, [url]);
  return state;
}
/** A US Letter / A4 page, until the document says otherwise. */
const DEFAULT_RATIO = 1.294;

/** The content size of an element, following it as the element or the window resizes. */
function useContentSize(element: HTMLElement | null) {
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  useLayoutEffect(() => {
    if (!element) return;
    // Measured at once, so the first page is asked for in this frame, not after the observer's first report.
    const style = getComputedStyle(element);
    const padding = (a: string, b: string) => parseFloat(style.getPropertyValue(a)) + parseFloat(style.getPropertyValue(b));
    setSize({ width: Math.floor(element.clientWidth - padding("padding-left", "padding-right")), height: Math.floor(element.clientHeight - padding("padding-top", "padding-bottom")) });
    let frame = 0;
    const observer = new ResizeObserver(([entry]) => {
      cancelAnimationFrame(frame);
      // One redraw per frame while a window is dragged wider, not one per pixel.
      frame = requestAnimationFrame(() => setSize({ width: Math.floor(entry.contentRect.width), height: Math.floor(entry.contentRect.height) }));
    });
    observer.observe(element);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
    };
  }, [element]);
  return size;
}

/** Which of a container's children (marked `data-page`) are on screen or close to it. */
function useNearPages(root: HTMLElement | null, margin: string, count: number) {
  const [near, setNear] = useState<Set<number>>(() => new Set([1]));
  useEffect(() => {
    if (!root) return;
    const observer = new IntersectionObserver(
      (entries) =>
        setNear((previous) => {
          const next = new Set(previous);
          for (const entry of entries) {
            const n = Number((entry.target as HTMLElement).dataset.page);
            if (entry.isIntersecting) next.add(n);
            else next.delete(n);
          }
          return next;
        }),
      { root, rootMargin: margin },
    );
    for (const slot of root.querySelectorAll<HTMLElement>(":scope [data-page]")) observer.observe(slot);
    return () => observer.disconnect();
  }, [root, margin, count]);
  return near;
}

/**
 * Tells `onSeen` once per page when the page has been at least half on screen for
 * PAGE_SEEN_MS without a break (a page taller than twice the screen counts when it fills
 * half of the screen). One IntersectionObserver with thresholds, one timer per page in
 * view: nothing runs per scroll event. A hidden tab sees nothing.
 */
function useSeenPages(root: HTMLElement | null, count: number, onSeen: ((page: number) => void) | undefined) {
  const callback = useRef(onSeen);
  callback.current = onSeen;
  const watching = Boolean(onSeen);
  useEffect(() => {
    if (!root || !watching) return;
    const seen = new Set<number>();
    const timers = new Map<number, number>();
    const thresholds = Array.from({ length: 11 }, (_, i) => i / 10);
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const slot = entry.target as HTMLElement;
          const n = Number(slot.dataset.page);
          if (seen.has(n)) continue;
          const screen = entry.rootBounds?.height ?? 0;
          const enough =
            entry.isIntersecting &&
            entry.boundingClientRect.height > 0 &&
            (entry.intersectionRatio >= PAGE_SEEN_RATIO - 0.001 || (screen > 0 && entry.intersectionRect.height >= screen * PAGE_SEEN_RATIO));
          if (enough && !timers.has(n)) {
            timers.set(
              n,
              window.setTimeout(() => {
                timers.delete(n);
                if (document.visibilityState !== "visible") return;
                seen.add(n);
                observer.unobserve(slot);
                callback.current?.(n);
              }, PAGE_SEEN_MS),
            );
          } else if (!enough && timers.has(n)) {
            window.clearTimeout(timers.get(n));
            timers.delete(n);
          }
        }
      },
      { root, threshold: thresholds },
    );
    for (const slot of root.querySelectorAll<HTMLElement>(":scope > .pages > [data-page]")) observer.observe(slot);
    return () => {
      observer.disconnect();
      for (const timer of timers.values()) window.clearTimeout(timer);
    };
  }, [root, count, watching]);
}

/**
 * The PDF viewer. Client-only (the `.client` suffix) and loaded lazily by DocumentViewer.
 *
 * Pages are fitted to the page area (its width, or its whole page) and redrawn when it
 * resizes, so no page is ever clipped; `zoom` multiplies the fit. In the continuous layout
 * every page has its place one under the other, only pages near the screen are drawn, and
 * the page shown is the one at the top of the area: scrolling reports it and a page
 * chosen elsewhere (the page buttons, a comment) is scrolled to.
 */
export default function PdfViewer(props: ViewerProps) {
  const { fileUrl, page, pageCount, zoom, fit = "width", layout = "single", onPageChange, thumbnails = true } = props;
  const [area, setArea] = useState<HTMLDivElement | null>(null);
  const [strip, setStrip] = useState<HTMLElement | null>(null);
  const size = useContentSize(area);
  const { pdf, failed } = usePdfDocument(fileUrl);
  const [ratios, setRatios] = useState<Record<number, number>>({});
  // Which page, at which width, pdf.js has finished drawing; a surface is busy until then.
  const [drawn, setDrawn] = useState<Set<string>>(() => new Set());
  const continuous = layout === "continuous";
  // Watched only once the slots have their sizes: before that they are all empty and all "on screen".
  const near = useNearPages(continuous && size ? area : null, "100% 0px", pageCount);
  const nearThumbs = useNearPages(thumbnails ? strip : null, "50% 0px", pageCount);
  const shownPage = useRef(page);
  // Watched once the document is drawn: before, the empty slots are all "on screen".
  useSeenPages(size && pdf && drawn.size > 0 ? area : null, pageCount, props.onPageSeen);

  // The page asked for is drawn first; the pages around it and the thumbnails wait until it
  // is on screen, so their Range requests never delay it (a print PDF's photo is megabytes).
  const painted = drawn.size > 0;
  const ratioOf = useCallback((n: number) => ratios[n] ?? ratios[1] ?? DEFAULT_RATIO, [ratios]);
  const widthOf = (n: number) => {
    if (!size) return null;
    const fitWidth = size.width - 2 * GUTTER;
    const height = continuous ? size.height : window.innerHeight * 0.8;
    const fitted = fit === "page" ? Math.min(fitWidth, (height - 2 * GUTTER) / ratioOf(n)) : fitWidth;
    return Math.max(100, Math.floor(fitted * zoom));
  };

  const slotOf = useCallback((n: number) => area?.querySelector<HTMLElement>(`:scope > .pages > [data-page="${n}"]`) ?? null, [area]);
  const scrollToPage = useCallback(
    (n: number) => {
      const slot = slotOf(n);
      if (area && slot) area.scrollTop = slot.offsetTop - GUTTER;
    },
    [area, slotOf],
  );

  // A page chosen outside the scroll (buttons, arrow keys, a comment) is brought to the top.
  useEffect(() => {
    if (!continuous || page === shownPage.current) return;
    shownPage.current = page;
    scrollToPage(page);
  }, [continuous, page, scrollToPage]);
  // A new size or zoom moves every page: keep the one being read in place.
  const base = widthOf(1);
  useEffect(() => {
    if (continuous && base) scrollToPage(shownPage.current);
  }, [continuous, base, fit, scrollToPage]);

  useEffect(() => {
    if (!strip) return;
    strip.querySelector<HTMLElement>(`[data-page="${page}"]`)?.scrollIntoView({ block: "nearest" });
  }, [strip, page]);

  function onScroll() {
    if (!continuous || !area) return;
    const line = area.scrollTop + area.clientHeight * 0.35;
    let current = 1;
    for (const slot of area.querySelectorAll<HTMLElement>(":scope > .pages > [data-page]")) {
      if (slot.offsetTop <= line) current = Number(slot.dataset.page);
      else break;
    }
    if (current !== shownPage.current) {
      shownPage.current = current;
      onPageChange(current);
    }
  }

  const drawPage = (n: number): ReactNode => {
    const width = widthOf(n);
    const height = width ? Math.round(width * ratioOf(n)) : undefined;
    const key = `${n}@${width}`;
    const draw = width !== null && (n === page || (continuous && painted && near.has(n)));
    return (
      <div key={n} data-page={n} className="page-slot" style={{ minHeight: height }}>
        {draw ? (
          <PageSurface {...props} page={n} active={n === page} busy={!drawn.has(key)}>
            <Page
              pdf={pdf ?? undefined}
              pageNumber={n}
              width={width}
              onLoadSuccess={(p) => {
                const viewport = p.getViewport({ scale: 1 });
                const ratio = viewport.height / viewport.width;
                setRatios((r) => (r[n] === ratio ? r : { ...r, [n]: ratio }));
              }}
              onRenderSuccess={() => setDrawn((d) => new Set(d).add(key))}
              renderTextLayer={false}
              renderAnnotationLayer={false}
              loading={<div className="page-loading" style={{ width, height }} />}
            />
          </PageSurface>
        ) : (
          <div className="page-loading" style={{ width: width ?? undefined, height }} aria-hidden />
        )}
      </div>
    );
  };

  if (failed) return <p className="form-error" role="alert">The preview could not be loaded. Reload the page to try again.</p>;
  if (!pdf) return <p className="muted">Loading the preview…</p>;
  const pages = continuous ? Array.from({ length: pageCount }, (_, i) => i + 1) : [page];
  return (
    <div className="pdf-document">
      <div className="viewer-body">
        {thumbnails && pageCount > 1 ? (
          <nav className="thumbnails" aria-label="Pages" ref={setStrip}>
            {Array.from({ length: pageCount }, (_, i) => i + 1).map((n) => (
              <button
                key={n}
                type="button"
                data-page={n}
                className={n === page ? "thumb current" : "thumb"}
                onClick={() => onPageChange(n)}
                aria-label={`Page ${n}`}
                aria-current={n === page ? "page" : undefined}
              >
                {painted && nearThumbs.has(n) ? (
                  <Page
                    pdf={pdf ?? undefined}
                    pageNumber={n}
                    width={THUMB_WIDTH}
                    renderTextLayer={false}
                    renderAnnotationLayer={false}
                    loading={<span className="thumb-blank" style={{ height: Math.round(THUMB_WIDTH * ratioOf(n)) }} />}
                  />
                ) : (
                  <span className="thumb-blank" style={{ height: Math.round(THUMB_WIDTH * ratioOf(n)) }} />
                )}
                <span aria-hidden>{n}</span>
              </button>
            ))}
          </nav>
        ) : null}
        <div
          className={`page-area${continuous ? " continuous" : ""}`}
          ref={setArea}
          onScroll={onScroll}
          tabIndex={0}
          role="region"
          aria-label={continuous ? `Pages, scrolled to page ${page} of ${pageCount}` : `Page ${page} of ${pageCount}`}
          data-testid="page-area"
        >
          {/* A new surface per page: pins are never placed on the previous page's canvas. */}
          <div className="pages">{pages.map(drawPage)}</div>
        </div>
      </div>
    </div>
  );
}
